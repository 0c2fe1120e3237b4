"""Gongkai's URLs plus ``/bench/bare/``: a view that does nothing, behind the same middleware.

The benchmark's yardstick: what the server, the middleware and Django cost without any page.
"""

from django.http import HttpResponse
from django.urls import path

from gongkai.urls import urlpatterns as gongkai_urlpatterns


def bare(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/bare/", bare), *gongkai_urlpatterns]
