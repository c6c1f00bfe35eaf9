"""The links of a paged list, first page and next page, built from the request's own query so that the filters
and the order the user chose carry over. One place for the worklists and the findings of a check."""

from __future__ import annotations

from django.http import HttpRequest


def pager_links(request: HttpRequest, volgende: str | None) -> dict[str, str | None]:
    """``eerste`` (only when this is not the first page) and ``volgende`` (only when there is a next page, whose
    cursor ``volgende`` is) as query strings for the template ``cases/_pager.html``."""
    query = request.GET.copy()
    query.pop("na", None)
    eerste = f"?{query.urlencode()}" if request.GET.get("na") else None
    if volgende:
        query["na"] = volgende
        return {"eerste": eerste, "volgende": f"?{query.urlencode()}"}
    return {"eerste": eerste, "volgende": None}
