"""Page-number pagination with absolute links to the next and previous pages."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

from django.db.models import Model, QuerySet
from django.http import HttpRequest

M = TypeVar("M", bound=Model)


@dataclass(frozen=True)
class Page(Generic[M]):
    """The items of one page, how many there are in all, and the links around it."""

    items: list[M]
    count: int
    next: str | None
    previous: str | None


def page_link(request: HttpRequest, page: int) -> str:
    """The request's own URL, every parameter kept, at another page."""
    params = request.GET.copy()
    params["page"] = str(page)
    return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")


def page_links(
    request: HttpRequest, *, page: int, page_size: int, count: int
) -> tuple[str | None, str | None]:
    """Links to the next and previous pages; None where there is none.

    Past the end, "previous" leads back to the last page.
    """
    last = max(1, -(-count // page_size))
    following = page_link(request, page + 1) if page < last else None
    preceding = page_link(request, min(page - 1, last)) if page > 1 else None
    return following, preceding


def page_of(
    request: HttpRequest, queryset: QuerySet[M], *, page: int, page_size: int
) -> Page[M]:
    """One page of a queryset (which must be ordered on a unique key)."""
    count = queryset.count()
    start = (page - 1) * page_size
    items = list(queryset[start : start + page_size]) if start < count else []
    following, preceding = page_links(
        request, page=page, page_size=page_size, count=count
    )
    return Page(items=items, count=count, next=following, previous=preceding)
