"""The reading room's pages: home, organizations, documents, systems and search."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from privdocs.documents.identifiers import Identifier
from privdocs.documents.models import ORIGINAL_PATH_PART, Attachment, DocumentSeries
from privdocs.documents.revision import catalog_revision
from privdocs.inventory.models import Organization
from privdocs.readingroom.files import attachment_url
from privdocs.readingroom.forms import SearchForm
from privdocs.readingroom.listings import (
    DEFAULT_SORT,
    KIND_HEADINGS,
    SORTS,
    Entry,
    association_target_ids,
    body_sections,
    entries_grouped,
    entries_sorted,
    entry_from_series,
    public_versions,
)
from privdocs.readingroom.pagecache import page_cached, revision_cached
from privdocs.readingroom.selectors import (
    RETIRED_GROUP,
    document_from_url,
    organization_children,
    organization_descendant_ids,
    organization_get_by_path,
    organization_list,
    organization_list_publishing,
    organization_path,
    organization_tree,
    series_get_public,
    series_group_counts,
    series_list_citing,
    series_list_for_organizations,
    series_page_for_organization,
    series_urls_public,
    system_get,
    version_list_recent,
)
from privdocs.search.services import search_public, search_resolve_identifier
from privdocs.search.types import SearchFilters

#: Hits on one page of search results.
SEARCH_PAGE_SIZE = 20
#: Page links shown on each side of the current page.
PAGE_WINDOW = 3
#: Series on one page of an organization: an organization of thousands of series
#: is read page by page, each page rendered in the same few milliseconds.
ORGANIZATION_PAGE_SIZE = 100
#: The kinds' headings by kind value, in the order pages list them.
GROUP_HEADINGS = {kind.value: heading for kind, heading in KIND_HEADINGS.items()}

Crumbs = list[tuple[str, str]]


def _organization_url(organization: Organization) -> str:
    return reverse(
        "readingroom:organization", kwargs={"path": organization_path(organization)}
    )


def _organization_crumbs(organization: Organization) -> Crumbs:
    """Home, then each organization from the top of the tree down to this one."""
    chain: list[Organization] = []
    node: Organization | None = organization
    while node is not None:
        chain.append(node)
        node = node.parent
    return [("Home", reverse("readingroom:home"))] + [
        (node.acronym, _organization_url(node)) for node in reversed(chain)
    ]


def _entries(series_list: list[DocumentSeries]) -> list[Entry]:
    """Entries of loaded public series, their associations linked when public."""
    urls = series_urls_public(association_target_ids(series_list))
    return [entry_from_series(series, urls) for series in series_list]


def _home_catalog() -> dict[str, Any]:
    """What the home page shows of the catalog: the organization tree with counts
    (a pass over every series) and the latest publications."""
    organizations = organization_list()
    for organization in organizations:
        organization.url = _organization_url(organization)  # type: ignore[attr-defined]
    top = [o for o in organizations if o.parent_id is None]
    children = {
        parent.pk: [o for o in organizations if o.parent_id == parent.pk]
        for parent in organizations
    }
    return {
        "tree": [(o, children[o.pk]) for o in top],
        "total": sum(o.public_count for o in organizations),  # type: ignore[attr-defined]
        "recent": version_list_recent(),
    }


def home(request: HttpRequest) -> HttpResponse:
    """Organizations with their document counts, recent publications, a search box.
    Built once per catalog revision (see ``pagecache``)."""
    return page_cached(
        request,
        lambda: render(
            request,
            "readingroom/home.html",
            {**_home_catalog(), "form": SearchForm(organizations=[])},
        ),
    )


def page(request: HttpRequest, path: str) -> HttpResponse:
    """A document ("dhs/ice/pia-015", "dhs/ice/pia-015/g", "dhs/ice/pia-015/original")
    or an organization ("dhs/ice")."""
    document = document_from_url(path)
    if document is not None:
        identifier, original = document
        return page_cached(
            request,
            lambda: _document(request, path, identifier, original=original),
        )
    return _organization_page(request, path)


def _page_number(request: HttpRequest, last: int) -> int:
    """The ``?page=`` asked for, brought within 1 and ``last``; not a number: 1."""
    try:
        number = int(request.GET.get("page", "1"))
    except ValueError:
        return 1
    return min(max(number, 1), last)


def _organization_found(path: str) -> tuple[Organization, dict[str, int]] | None:
    """The organization at this address and its series counted per page group."""
    organization = organization_get_by_path(path)
    if organization is None:
        return None
    return organization, series_group_counts(organization.pk)


def _organization_page(request: HttpRequest, path: str) -> HttpResponse:
    """An organization's page in the sort and at the page number asked for, built
    once per catalog revision for each of them (see ``pagecache``)."""
    revision = catalog_revision()
    found = revision_cached(
        revision, f"organization|{path}", lambda: _organization_found(path)
    )
    if found is None:
        raise Http404("No organization or document at this address.")
    organization, counts = found
    sort = request.GET.get("sort", DEFAULT_SORT)
    if sort not in SORTS:
        sort = DEFAULT_SORT
    last = max(1, -(-sum(counts.values()) // ORGANIZATION_PAGE_SIZE))
    number = _page_number(request, last)
    return page_cached(
        request,
        lambda: _organization(
            request, organization, counts, sort=sort, number=number, last=last
        ),
        variant=f"{sort}|{number}",
        revision=revision,
    )


def _organization(
    request: HttpRequest,
    organization: Organization,
    counts: dict[str, int],
    *,
    sort: str,
    number: int,
    last: int,
) -> HttpResponse:
    components = organization_children(organization)
    for component in components:
        component.url = _organization_url(component)  # type: ignore[attr-defined]
    count = sum(counts.values())
    offset = (number - 1) * ORGANIZATION_PAGE_SIZE
    series_list = series_page_for_organization(
        organization.pk, sort=sort, offset=offset, limit=ORGANIZATION_PAGE_SIZE
    )
    entries = _entries(series_list)
    current = [entry for entry in entries if not entry.retired]
    retired = [entry for entry in entries if entry.retired]

    def page_url(page_number: int) -> str:
        """This organization's address at another page, in the same sort (and
        nothing else of the query: the page depends on these two alone)."""
        return "?" + urlencode({"sort": sort, "page": page_number})

    # The contents list every group of the whole organization, each linked on
    # the page where it starts.
    toc = []
    start = 0
    for group, heading in (*GROUP_HEADINGS.items(), (RETIRED_GROUP, "Retired")):
        if counts.get(group):
            toc.append(
                {
                    "anchor": f"kind-{group.lower()}"
                    if group != RETIRED_GROUP
                    else "retired",
                    "heading": heading,
                    "count": counts[group],
                    "url": page_url(start // ORGANIZATION_PAGE_SIZE + 1)
                    if last > 1
                    else "",
                }
            )
            start += counts[group]
    return render(
        request,
        "readingroom/organization.html",
        {
            "organization": organization,
            "organization_path": organization_path(organization),
            "crumbs": _organization_crumbs(organization)[:-1],
            "crumb_current": organization.acronym,
            "components": components,
            "groups": entries_grouped(current),
            "retired": retired,
            "toc": toc,
            "count": count,
            "sort": sort,
            "sorts": [
                ("number", "Number", "ascending"),
                ("name", "Title", "ascending"),
                ("date", "Date", "descending"),
            ],
            "page_number": number,
            "page_count": last,
            "first_number": offset + 1,
            "last_number": offset + len(entries),
            "pages": [
                {"number": n, "url": page_url(n), "current": n == number}
                for n in range(
                    max(1, number - PAGE_WINDOW), min(last, number + PAGE_WINDOW) + 1
                )
            ],
            "previous_url": page_url(number - 1) if number > 1 else "",
            "next_url": page_url(number + 1) if number < last else "",
        },
    )


def _document(
    request: HttpRequest, path: str, identifier: Identifier, *, original: bool = False
) -> HttpResponse:
    """A series (its version in force), a lettered version, or the original version."""
    series = series_get_public(identifier)
    if series is None:
        raise Http404("No public document has this identifier.")
    versions = public_versions(series)
    named = next((v for v in versions if v.update_letter == identifier.update), None)
    if (identifier.update or original) and named is None:
        raise Http404("No public version of this document has this letter.")
    parts = identifier.path_parts()
    canonical = "/".join((*parts, ORIGINAL_PATH_PART) if original else parts)
    if path.strip("/") != canonical:
        # "dhs/ice/pia-15" and "DHS/ICE/PIA-015/G" name the same document.
        return redirect("readingroom:document", path=canonical, permanent=True)
    citing = list(series_list_citing(series))
    urls = series_urls_public(association_target_ids([series]))
    entry = entry_from_series(series, urls)
    # The series' address shows the version in force; a letter (or "original")
    # names one version.
    names_one = bool(identifier.update) or original
    version = named if names_one and named is not None else entry.current
    organization = series.organization
    crumbs = _organization_crumbs(organization)
    if names_one:
        crumbs.append((str(identifier.series), series.get_absolute_url()))
    return render(
        request,
        "readingroom/document.html",
        {
            "series": series,
            "entry": entry,
            "version": version,
            "is_current": version.pk == entry.current.pk,
            "versions": list(reversed(versions)),
            "citing": [entry_from_series(citing_series) for citing_series in citing],
            "attachments": [
                (attachment, attachment_url(version, attachment))
                for attachment in version.attachments.all()
                if attachment.role != Attachment.Role.DRAFT
            ],
            "sections": body_sections(version.body),
            "crumbs": crumbs,
            "crumb_current": f"({version.update_letter or ORIGINAL_PATH_PART})"
            if names_one
            else str(series.identifier),
            "organization_url": _organization_url(organization),
            "organization_path": organization_path(organization),
        },
    )


def system(request: HttpRequest, path: str, slug: str) -> HttpResponse:
    """A system and every public document that covers it."""
    organization = organization_get_by_path(path)
    found = system_get(organization, slug) if organization is not None else None
    if organization is None or found is None:
        raise Http404("No system at this address.")
    series_list = list(
        series_list_for_organizations(
            organization_descendant_ids(organization, organization_tree())
        ).filter(systems=found)
    )
    entries = entries_sorted(_entries(series_list), DEFAULT_SORT)
    return render(
        request,
        "readingroom/system.html",
        {
            "system": found,
            "organization": organization,
            "groups": entries_grouped(entries),
            "count": len(entries),
            "organization_path": organization_path(organization),
            "crumbs": _organization_crumbs(organization),
            "crumb_current": str(found),
        },
    )


def _page_url(request: HttpRequest, number: int) -> str:
    """This search's address at another page, its query and filters kept."""
    query = request.GET.copy()
    query["page"] = str(number)
    return "?" + query.urlencode()


def _page_links(request: HttpRequest, current: int, last: int) -> list[dict[str, Any]]:
    """Links to the pages around the current one."""
    first = max(1, current - PAGE_WINDOW)
    return [
        {
            "number": number,
            "url": _page_url(request, number),
            "current": number == current,
        }
        for number in range(first, min(last, current + PAGE_WINDOW) + 1)
    ]


def search(request: HttpRequest) -> HttpResponse:
    """Ranked hits for words; straight to the document when the query names one."""
    # The filter's choices: the same for every search until the catalog changes.
    organizations = (
        revision_cached(
            catalog_revision(), "organizations-publishing", organization_list_publishing
        )
        or []
    )
    form = SearchForm(request.GET, organizations=organizations)
    query = (form.value("q") or "").strip()
    if query:
        named = search_resolve_identifier(query)
        if named is not None:
            return redirect(named.get_absolute_url())
    filters = SearchFilters(
        organization=form.value("organization"),
        kind=form.value("kind"),
        status=form.value("status"),
        year=form.value("year"),
    )
    context: dict[str, Any] = {
        "form": form,
        "query": query,
        "filters": filters,
        "filtered": any(
            (filters.organization, filters.kind, filters.status, filters.year)
        ),
        "selected_year": str(filters.year) if filters.year else "",
        "results": None,
        "years": [],
    }
    if query:
        results = search_public(
            query,
            filters=filters,
            page=form.value("page") or 1,
            page_size=SEARCH_PAGE_SIZE,
        )
        context.update(
            results=results,
            years=sorted(results.facets.get("year", {}), reverse=True),
            pages=_page_links(request, results.page, results.pages),
            previous_url=_page_url(request, results.page - 1)
            if results.page > 1
            else "",
            next_url=_page_url(request, results.page + 1)
            if results.page < results.pages
            else "",
            first_page_url=_page_url(request, 1),
            first_number=(results.page - 1) * results.page_size + 1,
        )
    if context["selected_year"] and context["selected_year"] not in context["years"]:
        context["years"] = sorted(
            [*context["years"], context["selected_year"]], reverse=True
        )
    return render(request, "readingroom/search.html", context)
