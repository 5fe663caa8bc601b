"""The `cadres` URL namespace: the learning pages and the roster (the appointments pages
are included by `config/urls.py` from `cadres/appointments/urls.py`). URL names stay
`cadres:<name>`."""

from cadres.learning import urls as learning
from cadres.roster import urls as roster

app_name = "cadres"
urlpatterns = [*learning.urlpatterns, *roster.urlpatterns]
