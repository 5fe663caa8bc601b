"""The site root: staff get their home, everyone else the public front door (journey 4).

Here, above every app, because `committees` may not import `disclosure` (the floors)."""

from django.shortcuts import redirect

from committees import views as committee_views


def root(request):
    if request.user.is_authenticated:
        return committee_views.home(request)
    # A villager who types the site's address reaches the columns, not a login wall.
    return redirect("disclosure:landing")
