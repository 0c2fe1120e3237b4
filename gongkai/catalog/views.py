"""Public views of the catalogue outside the page tree: the search."""

from __future__ import annotations

from django.shortcuts import render
from django.views.decorators.http import require_safe

from gongkai.catalog.selectors import catalogue_search


@require_safe
def search(request):
    """检索 across every agency's published catalogue (GET, so results can be linked)."""
    return render(request, "catalog/search.html", {"results": catalogue_search(request.GET)})
