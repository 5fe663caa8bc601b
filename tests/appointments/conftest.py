import pytest
from django.utils import translation


@pytest.fixture
def english():
    """Assert refusal messages exactly, in the English of the msgids."""
    with translation.override("en"):
        yield
