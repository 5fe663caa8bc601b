"""The whole site, plus a bare view: the baseline the cached public page is measured against."""

from django.http import HttpResponse
from django.urls import path

from config.urls import urlpatterns as site_urlpatterns


def bare(request):
    """The least a Django view can do, through the same middleware and server."""
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")


# Last, so that resolving it walks the same URL patterns a public page walks (the column's
# patterns are included last in config.urls): the comparison is of the views, not the URLconf.
urlpatterns = [*site_urlpatterns, path("bench/bare/", bare, name="bench_bare")]
