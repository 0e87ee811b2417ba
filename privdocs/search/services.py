"""Full-text search over public privacy documents, and keeping its index current.

One interface over two engines (``privdocs.search.engines``). What the public may
see is decided by ``documents.selectors.version_list_public`` at query time, so a
version that leaves public status drops out of results at once, reindexed or not.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from django.db import transaction
from django.db.models import (
    Case,
    CharField,
    Count,
    F,
    IntegerField,
    QuerySet,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast, Substr
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from privdocs.core.errors import IdentifierError
from privdocs.documents.identifiers import (
    DocumentKind,
    Identifier,
    parse_identifier,
    parse_query_identifier,
)
from privdocs.documents.models import DocumentVersion, Status
from privdocs.documents.selectors import version_list_public
from privdocs.search.engines import (
    MARK_END,
    MARK_START,
    Engine,
    Gate,
    RankedMatch,
    engine_get,
)
from privdocs.search.models import SearchEntry
from privdocs.search.query import SearchQuery, parse_search_query
from privdocs.search.types import SearchFilters, SearchHit, SearchResults

MAX_PAGE_SIZE = 100
#: The facets a search reports, each counted as if its own filter were not set.
FACETS = ("organization", "kind", "status", "year")
#: Versions written to the index per batch.
INDEX_BATCH = 250
#: Body text indexed per version. PostgreSQL refuses a tsvector over 1 MB; this
#: many characters stay far below it, and hold a long PIA whole.
BODY_INDEX_CHARS = 200_000
#: No identifier is longer than this; longer text is not tried as one.
MAX_IDENTIFIER_CHARS = 64

#: What a hit shows of a version: loading no more keeps a page of hits cheap.
_HIT_FIELDS = (
    "title",
    "status",
    "published_on",
    "update_letter",
    "series__agency",
    "series__component",
    "series__kind",
    "series__number",
    "series__organization__acronym",
)

_WORD_RE = re.compile(r"[^\W_]+")
_MARKERS_OUT = str.maketrans({MARK_START: " ", MARK_END: " "})


def _chunks(items: Sequence[int], size: int) -> Iterator[Sequence[int]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _clean(text: str) -> str:
    """Indexed text never holds the engines' snippet markers."""
    return text.translate(_MARKERS_OUT)


def _identifier_text(identifier: Identifier) -> str:
    """The identifier's words in the spellings people type: "DHS ICE PIA 015 g"
    and "DHS ICE PIA 15 g"; a SORN also with its kind word, "DHS ICE SORN 11"."""
    words = _WORD_RE.findall(str(identifier))
    unpadded = [(word.lstrip("0") or "0") if word.isdigit() else word for word in words]
    spellings = [words, unpadded]
    if identifier.kind is DocumentKind.SORN:
        component = [identifier.component] if identifier.component else []
        spellings.append(
            [identifier.agency, *component, "SORN", str(identifier.number)]
        )
    return " ".join(" ".join(spelling) for spelling in spellings)


def _body_text(body: Any) -> str:
    """The answers of a version's body as plain text, in their stored order."""
    if isinstance(body, str):
        return body
    if isinstance(body, dict):
        return "\n".join(_body_text(answer) for answer in body.values())
    if isinstance(body, list):
        return "\n".join(_body_text(answer) for answer in body)
    return ""


def _entry(version: DocumentVersion) -> SearchEntry:
    systems = "; ".join(str(system) for system in version.series.systems.all())
    return SearchEntry(
        version_id=version.pk,
        identifier=_identifier_text(version.identifier),
        title=_clean(version.title or version.series.title),
        systems=_clean(systems),
        summary=_clean(version.summary),
        body=_clean(_body_text(version.body)[:BODY_INDEX_CHARS]),
    )


def _entries_write(version_ids: Sequence[int]) -> int:
    """Replace the index rows of these versions (those that still exist)."""
    versions = (
        DocumentVersion.objects.filter(pk__in=version_ids)
        .select_related("series")
        .prefetch_related("series__systems")
    )
    entries = [_entry(version) for version in versions]
    SearchEntry.objects.filter(pk__in=version_ids).delete()
    SearchEntry.objects.bulk_create(entries)
    return len(entries)


def search_index_versions(version_ids: Iterable[int]) -> None:
    """Refresh the index rows of these versions; a deleted version's row goes.

    Every service that changes a version or its series calls this in its own
    transaction, so the index never disagrees with what was committed.
    """
    ids = sorted(set(version_ids))
    if not ids:
        return
    with transaction.atomic():
        for chunk in _chunks(ids, INDEX_BATCH):
            _entries_write(chunk)


def search_index_rebuild(*, progress: Callable[[int, int], None] | None = None) -> int:
    """Rebuild the whole index from every version; return how many rows it holds."""
    with transaction.atomic():
        SearchEntry.objects.all().delete()
        ids = list(DocumentVersion.objects.order_by("pk").values_list("pk", flat=True))
        done = 0
        for chunk in _chunks(ids, INDEX_BATCH):
            done += _entries_write(chunk)
            if progress is not None:
                progress(done, len(ids))
        engine_get().optimize()
    return done


def _filtered(
    versions: QuerySet[DocumentVersion], filters: SearchFilters
) -> QuerySet[DocumentVersion]:
    if filters.organization is not None:
        versions = versions.filter(
            series__organization__acronym__iexact=filters.organization
        )
    if filters.kind is not None:
        versions = versions.filter(series__kind__iexact=filters.kind)
    if filters.status is not None:
        versions = versions.filter(status=filters.status)
    if filters.year is not None:
        versions = versions.filter(published_on__year=filters.year)
    return versions


def _row_passes(row: dict[str, Any], filters: SearchFilters, ignored: str) -> bool:
    """Whether a facet row meets every filter but ``ignored`` (as ``_filtered`` does)."""
    wanted: dict[str, object] = {
        "organization": filters.organization.upper() if filters.organization else None,
        "kind": filters.kind.upper() if filters.kind else None,
        "status": filters.status,
        "year": filters.year,
    }
    for name, value in wanted.items():
        if name == ignored or value is None:
            continue
        found = row[name].upper() if name in ("organization", "kind") else row[name]
        if found != value:
            return False
    return True


def _counts(
    rows: list[dict[str, Any]], filters: SearchFilters
) -> tuple[int, dict[str, dict[str, int]]]:
    """The total under every filter, and each facet's counts under the others."""
    total = sum(row["count"] for row in rows if _row_passes(row, filters, ""))
    facets: dict[str, dict[str, int]] = {}
    for facet in FACETS:
        counter: Counter[str] = Counter()
        for row in rows:
            if row[facet] is not None and _row_passes(row, filters, facet):
                counter[str(row[facet])] += row["count"]
        facets[facet] = dict(
            sorted(counter.items(), key=lambda item: (-item[1], item[0]))
        )
    return total, facets


def _snippet_html(match: RankedMatch) -> SafeString:
    """The summary's snippet if it matched, else the body's: escaped, with <mark>."""
    snippets = (match.summary_snippet, match.body_snippet)
    marked = next(
        (snippet for snippet in snippets if MARK_START in snippet),
        match.summary_snippet or match.body_snippet,
    )
    html = (
        str(escape(marked)).replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")
    )
    return mark_safe(html)  # noqa: S308  (all text escaped; only our <mark> tags added)


def _hit(version: DocumentVersion, match: RankedMatch) -> SearchHit:
    series = version.series
    return SearchHit(
        version_id=version.pk,
        identifier=str(version.identifier),
        title=version.title,
        organization=series.organization.acronym,
        kind=series.kind,
        status=version.status,
        published_on=version.published_on,
        snippet_html=_snippet_html(match),
        rank=match.rank,
        path=version.get_absolute_url(),
    )


def _gate(engine: Engine, filters: SearchFilters) -> Gate:
    """The public gate and the filters as a condition on one match, checked by
    the engine per match (a primary-key lookup), in SQL."""
    gate = (
        _filtered(version_list_public(), filters)
        .filter(pk=RawSQL(engine.match_id, []))  # noqa: S611  (a constant column name)
        .order_by()
        .values("pk")
    )
    sql, params = gate.query.sql_with_params()
    return sql, params


def _facet_rows(engine: Engine, parsed: SearchQuery) -> list[dict[str, Any]]:
    """Matches counted per organization, kind, status and year, in SQL (GROUP BY)."""
    match_sql, match_params = engine.match_sql(parsed)
    rows = list(
        version_list_public()
        .filter(pk__in=RawSQL(match_sql, match_params))  # noqa: S611  (engine SQL, user words as parameters)
        .order_by()
        .values(
            "status",
            organization=F("series__organization__acronym"),
            kind=F("series__kind"),
            # The year as text, cut in SQL: SQLite's ExtractYear calls Python per row.
            year=Substr(Cast("published_on", CharField()), 1, 4),
        )
        .annotate(count=Count("pk"))
    )
    for row in rows:
        row["year"] = int(row["year"]) if row["year"] else None
    return rows


def search_public(
    query: str,
    *,
    filters: SearchFilters | None = None,
    page: int = 1,
    page_size: int = 20,
    facets: bool = True,
) -> SearchResults:
    """Public versions matching ``query``, best first, one page of them.

    Identifier and title weigh most, then system names, summary, body. Runs at
    most three queries: the count (with the facets, grouped in SQL, unless
    ``facets`` is false), the ranked page with its snippets, the page's
    versions. Ranking, the public gate and the filters all run in the engine's
    SQL; snippets are made for the page's rows only.
    """
    filters = filters or SearchFilters()
    page = max(1, page)
    page_size = max(1, min(page_size, MAX_PAGE_SIZE))
    parsed = parse_search_query(query)
    if parsed.is_empty:
        return SearchResults(query, filters, [], 0, page, page_size, {})
    engine = engine_get()
    gate = _gate(engine, filters)
    counts: dict[str, dict[str, int]] = {}
    offset = (page - 1) * page_size
    matches: list[RankedMatch] = []
    if facets:
        total, counts = _counts(_facet_rows(engine, parsed), filters)
    elif engine.counts_while_ranking:
        matches = engine.ranked_page(parsed, gate, page_size, offset)
        found = matches[0].total if matches else None
        # No row carries the total when the page is past the end (or nothing matched).
        total = found if found is not None else engine.count(parsed, gate)
    else:
        total = engine.count(parsed, gate)
    hits: list[SearchHit] = []
    if offset < total:
        if not matches:
            matches = engine.ranked_page(parsed, gate, page_size, offset)
        versions = (
            version_list_public()
            .select_related("series__organization")
            .only(*_HIT_FIELDS)
            .in_bulk([match.version_id for match in matches])
        )
        hits = [
            _hit(versions[match.version_id], match)
            for match in matches
            if match.version_id in versions
        ]
    return SearchResults(query, filters, hits, total, page, page_size, counts)


def _identifier_readings(text: str) -> list[Identifier]:
    """What a search box's text could name: as typed in a box ("ice pia 15g", agency
    DHS if left out), then as written on a page ("GSA/PIA-001")."""
    if len(text) > MAX_IDENTIFIER_CHARS:
        return []
    readings: list[Identifier] = []
    try:
        typed = parse_query_identifier(text)
    except IdentifierError:
        typed = None
    if typed is not None:
        readings.append(typed)
    try:
        written = parse_identifier(text)
    except IdentifierError:
        return readings
    if written not in readings:
        readings.append(written)
    return readings


def search_resolve_identifier(query: str) -> DocumentVersion | None:
    """The public version an identifier in the query names, in any spelling.

    With an update letter, that version; without, the series' published version,
    else its latest public one. None when the text names no public version.
    """
    for identifier in _identifier_readings(query):
        versions = version_list_public().filter(
            series__agency=identifier.agency,
            series__component=identifier.component or "",
            series__kind=identifier.kind.value,
            series__number=identifier.number,
        )
        if identifier.update:
            versions = versions.filter(update_letter=identifier.update)
        published_first = Case(
            When(status=Status.PUBLISHED, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
        found = (
            versions.select_related("series__organization")
            .order_by(published_first, "-update_index")
            .first()
        )
        if found is not None:
            return found
    return None
