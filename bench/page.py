"""A large published privacy documents page, in the plain-text format of a component's
page (see docs/importing.md), generated from the corpus planner to time the importer."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from bench.corpus import CorpusPlanner, SeriesPlan, VersionPlan
from privdocs.documents.identifiers import DocumentKind, Identifier

ORGANIZATION = "ICE"
ORGANIZATION_NAME = "U.S. Immigration and Customs Enforcement"


def _day(date: datetime.date) -> str:
    return f"{date:%B} {date.day}, {date.year}"


def _file(version: VersionPlan) -> str:
    return f"(PDF, {version.pages} pages - {version.size_bytes // 1024} KB)"


def _entry(plan: SeriesPlan) -> Iterator[str]:
    current = plan.versions[-1]
    identifier = Identifier(
        agency=plan.identifier.agency,
        component=plan.identifier.component,
        kind=plan.identifier.kind,
        number=plan.identifier.number,
        update=current.update,
    )
    yield f"{identifier} - {current.title}"
    yield ""
    yield f"{current.title}, {_day(current.published_on)} {_file(current)} {current.summary}"
    yield ""
    if len(plan.versions) > 1:
        yield "Previous PIAs:"
        yield ""
        for version in reversed(plan.versions[:-1]):
            previous = Identifier(
                agency=identifier.agency,
                component=identifier.component,
                kind=identifier.kind,
                number=identifier.number,
                update=version.update,
            )
            yield f"{previous} - {version.title}, {_day(version.published_on)} {_file(version)}"
        yield ""
    yield "Associated SORN(s):"
    yield ""
    for association in plan.associations:
        yield (
            f"{association.target} - {association.title} "
            f"{_day(association.cited_on)}, {association.citation}"
        )
    yield ""


def page_text(*, entries: int, seed: int) -> str:
    """A page listing ``entries`` PIA series of one component, with their previous
    versions and associated SORNs; the same text for the same seed."""
    planner = CorpusPlanner(seed=seed, body="short", organization=ORGANIZATION)
    lines = [
        f"Privacy Documents for {ORGANIZATION_NAME} ({ORGANIZATION})",
        "",
    ]
    listed = 0
    for plan in planner.series(documents=entries * 10):
        if plan.identifier.kind is not DocumentKind.PIA:
            continue  # SORNs and PCRs only serve as associations here
        lines.extend(_entry(plan))
        listed += 1
        if listed == entries:
            break
    lines.append(f"Last Published Date: {_day(datetime.date(2025, 6, 30))}")
    return "\n".join(lines) + "\n"
