"""The whole site, plus two bare views: the baselines the pages are measured against."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import path

from config.urls import urlpatterns as site_urlpatterns


def bare(request):
    """The least a Django view can do, through the same middleware and server."""
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")


@login_required
def bare_logged_in(request):
    """The least a page behind the login can do: the session and the user are read (and
    the session saved, SEC-2), nothing else."""
    return HttpResponse(
        f"ok {request.user.pk}", content_type="text/plain; charset=utf-8"
    )


# Last, so that resolving it walks the same URL patterns a public page walks (the column's
# patterns are included last in config.urls): the comparison is of the views, not the URLconf.
urlpatterns = [
    *site_urlpatterns,
    path("bench/bare/", bare, name="bench_bare"),
    path("bench/bare-logged-in/", bare_logged_in, name="bench_bare_logged_in"),
]
