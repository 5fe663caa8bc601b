"""The site root: staff get their home, everyone else the public front door (journey 4).

Here, above every app, because `committees` may not import `disclosure` (the floors)."""

from committees import views as committee_views
from disclosure import views as disclosure_views


def root(request):
    if request.user.is_authenticated:
        return committee_views.home(request)
    # A villager who types the site's address (or scans the notice board's code) reaches
    # the columns at once, not a login wall nor a redirect.
    return disclosure_views.landing(request)
