import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english():
    """Refusal messages are asserted in English (the msgids); Chinese is checked on purpose."""
    with translation.override("en"):
        yield
