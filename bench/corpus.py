"""Fill a database with a seeded, realistic corpus of published privacy documents.

    python bench/corpus.py --documents 10000 --seed 1 --body short \\
        --database-url sqlite:///bench/.cache/corpus.sqlite3

The plan (organizations, systems, series, versions, bodies) is drawn from
``random.Random(seed)`` alone, so one seed always gives the same corpus; it is
written with ``bulk_create`` in batches and indexed for search once at the end.
The bench writes rows directly rather than through ``catalog_apply``: it loads a
whole catalog a hundred times faster, and it publishes nothing a person wrote.
"""

from __future__ import annotations

import argparse
import datetime
import itertools
import os
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

if __package__ in (None, ""):
    # Run as a script (python bench/corpus.py): make the bench package importable.
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.vocabulary import (
    FIRST_NAMES,
    PLANTED_PHRASES,
    SURNAMES,
    ranked_vocabulary,
    split_words,
)
from privdocs.documents.identifiers import DocumentKind, Identifier, update_letter

if TYPE_CHECKING:
    import random

_T = TypeVar("_T")

BODY_MODES = ("short", "full")
#: Words on a printed page of a PIA.
WORDS_PER_PAGE = 500
#: Words in a sentence of generated prose.
SENTENCE_WORDS = 16

#: (acronym, name, parent, share of series): a few departments and their components.
ORGANIZATIONS: tuple[tuple[str, str, str | None, int], ...] = (
    ("DHS", "Department of Homeland Security", None, 5),
    ("ICE", "U.S. Immigration and Customs Enforcement", "DHS", 18),
    ("CBP", "U.S. Customs and Border Protection", "DHS", 16),
    ("TSA", "Transportation Security Administration", "DHS", 10),
    ("USCIS", "U.S. Citizenship and Immigration Services", "DHS", 10),
    ("FEMA", "Federal Emergency Management Agency", "DHS", 6),
    ("USSS", "United States Secret Service", "DHS", 3),
    ("CISA", "Cybersecurity and Infrastructure Security Agency", "DHS", 4),
    ("DOJ", "Department of Justice", None, 2),
    ("FBI", "Federal Bureau of Investigation", "DOJ", 8),
    ("DEA", "Drug Enforcement Administration", "DOJ", 3),
    ("ATF", "Bureau of Alcohol, Tobacco, Firearms and Explosives", "DOJ", 2),
    ("USMS", "United States Marshals Service", "DOJ", 2),
    ("HHS", "Department of Health and Human Services", None, 1),
    ("CMS", "Centers for Medicare & Medicaid Services", "HHS", 4),
    ("CDC", "Centers for Disease Control and Prevention", "HHS", 3),
    ("FDA", "Food and Drug Administration", "HHS", 2),
    ("VA", "Department of Veterans Affairs", None, 4),
)
#: The first series is always this one, with four versions, so the benchmark has a
#: known identifier to search and a known document page: /dhs/ice/pia-001/c/.
FIRST_SERIES = Identifier(
    agency="DHS", component="ICE", kind=DocumentKind.PIA, number=1
)
FIRST_SERIES_VERSIONS = 4

KIND_SHARES = ((DocumentKind.PIA, 80), (DocumentKind.SORN, 12), (DocumentKind.PCR, 8))
#: Versions per series: most series have one to four; older ones are superseded.
VERSION_COUNT_SHARES = ((1, 45), (2, 25), (3, 18), (4, 12))
RETIRED_SHARE = 0.04

PIA_SECTIONS = (
    "abstract",
    "overview",
    *(
        f"{section}.{question}"
        for section, questions in (
            (1, 5),
            (2, 5),
            (3, 4),
            (4, 3),
            (5, 2),
            (6, 5),
            (7, 4),
            (8, 4),
        )
        for question in range(1, questions + 1)
    ),
)
SORN_SECTIONS = (
    "summary",
    "system_location",
    "authority",
    "purpose",
    "categories_of_individuals",
    "categories_of_records",
    "record_sources",
    "routine_uses",
    "storage",
    "retrieval",
    "retention",
    "safeguards",
    "record_access",
    "contesting_records",
    "exemptions",
    "history",
)
PCR_SECTIONS = ("background", "scope", "findings", "recommendations", "conclusion")
SECTIONS = {
    DocumentKind.PIA: PIA_SECTIONS,
    DocumentKind.SORN: SORN_SECTIONS,
    DocumentKind.PCR: PCR_SECTIONS,
}

_QUALIFIERS = split_words("""Automated Integrated Enterprise National Electronic Advanced Unified
Secure Global Mobile Biometric Tactical Regional Centralized Digital Joint Online
Strategic Consolidated Interagency Continuous Federated Modernized Next-Generation
Remote Rapid Trusted Shared Field Emergency""")
_SUBJECTS = split_words("""Targeting Screening Case Incident Traveler Cargo Visa Benefits Detention
Intelligence Identity Document Credential Vessel Border Claims Grant Training Personnel
Evidence Firearms Narcotics Health Surveillance Payment Vetting Analytics Access Badge
Enrollment Inspection Manifest Licensing Complaint Outreach Tip Warrant Asset Fleet
Facility Passenger Biometrics Fraud Removal Asylum Detainee Export Trade Subpoena
Tracking Records Alert Watchlist Forensic Laboratory Hiring Bond Locator Correspondence
Disaster Recovery""")
_TYPES = split_words("""System Database Platform Program Portal Service Repository Application
Network Module Tool Environment Initiative Capability Registry""")
_SORN_RECORDS = split_words("""Investigative Enforcement Personnel Benefits Travel Claims Training
Payment Case Medical Security Correspondence Complaint Grant Detention""")


@dataclass(frozen=True)
class SystemPlan:
    """A system a series covers: organization acronym, name, acronym."""

    organization: str
    name: str
    acronym: str


@dataclass(frozen=True)
class VersionPlan:
    """One version to write: the original (letter "") or a lettered update."""

    update: str
    title: str
    status: str
    published_on: datetime.date
    retired_on: datetime.date | None
    pages: int
    size_bytes: int
    summary: str
    body: dict[str, str]


@dataclass(frozen=True)
class AssociationPlan:
    """An associated SORN cited by a series, by its identifier."""

    target: Identifier
    title: str
    citation: str
    cited_on: datetime.date


@dataclass(frozen=True)
class SeriesPlan:
    """One series to write, with its versions oldest first."""

    identifier: Identifier
    organization: str
    title: str
    systems: tuple[SystemPlan, ...]
    versions: tuple[VersionPlan, ...]
    associations: tuple[AssociationPlan, ...] = ()


@dataclass
class _OrganizationState:
    """What the planner has created so far in one organization."""

    acronym: str
    agency: str
    component: str | None
    name: str
    numbers: dict[DocumentKind, int] = field(default_factory=dict)
    systems: list[SystemPlan] = field(default_factory=list)
    system_names: set[str] = field(default_factory=set)
    system_acronyms: set[str] = field(default_factory=set)
    sorns: list[tuple[Identifier, str]] = field(default_factory=list)


class CorpusPlanner:
    """Draws the corpus from one seed; ``series(documents)`` yields it lazily."""

    def __init__(
        self, *, seed: int, body: str, organization: str | None = None
    ) -> None:
        import random

        if body not in BODY_MODES:
            raise ValueError(f"body must be one of {', '.join(BODY_MODES)}")
        self.rng: random.Random = random.Random(seed)
        self.body = body
        self.words, self.cumulative = ranked_vocabulary()
        #: When set, every series after the first belongs to this organization.
        self.only = organization
        self._organizations = {
            acronym: _OrganizationState(
                acronym=acronym,
                agency=parent or acronym,
                component=acronym if parent else None,
                name=name,
            )
            for acronym, name, parent, _ in ORGANIZATIONS
        }
        self._organization_order = [acronym for acronym, *_ in ORGANIZATIONS]
        self._organization_weights = list(
            itertools.accumulate(share for *_, share in ORGANIZATIONS)
        )

    # -- structure ---------------------------------------------------------------

    def series(self, documents: int) -> Iterator[SeriesPlan]:
        """Series until their versions add up to exactly ``documents``."""
        remaining = documents
        first = True
        while remaining > 0:
            if first:
                organization = self._organizations["ICE"]
                kind, count = DocumentKind.PIA, FIRST_SERIES_VERSIONS
                first = False
            else:
                acronym = (
                    self.only
                    or self.rng.choices(
                        self._organization_order,
                        cum_weights=self._organization_weights,
                    )[0]
                )
                organization = self._organizations[acronym]
                kind = self._pick(KIND_SHARES)
                count = self._pick(VERSION_COUNT_SHARES)
            count = min(count, remaining)
            remaining -= count
            yield self._series_plan(organization, kind, count)

    def _pick(self, shares: tuple[tuple[_T, int], ...]) -> _T:
        values = [value for value, _ in shares]
        weights = [weight for _, weight in shares]
        return self.rng.choices(values, weights=weights)[0]

    def _series_plan(
        self, organization: _OrganizationState, kind: DocumentKind, count: int
    ) -> SeriesPlan:
        number = organization.numbers.get(kind, 0) + 1
        organization.numbers[kind] = number
        identifier = Identifier(
            agency=organization.agency,
            component=organization.component,
            kind=kind,
            number=number,
        )
        system = self._system_for(organization)
        if kind is DocumentKind.SORN:
            title = f"{self.rng.choice(_SORN_RECORDS)} Records of the {system.name}"
        elif kind is DocumentKind.PCR:
            title = f"Privacy Compliance Review of the {system.name}"
        else:
            title = f"{system.name} ({system.acronym})"
        associations = self._associations(organization, kind)
        if kind is DocumentKind.SORN:
            organization.sorns.append((identifier, title))
        versions = self._versions(identifier, organization, system, title, count)
        return SeriesPlan(
            identifier=identifier,
            organization=organization.acronym,
            title=versions[-1].title,
            systems=(system,),
            versions=versions,
            associations=associations,
        )

    def _system_for(self, organization: _OrganizationState) -> SystemPlan:
        """An existing system of the organization (a second document about it) or a new one."""
        if organization.systems and self.rng.random() < 0.3:
            return self.rng.choice(organization.systems)
        words = [
            self.rng.choice(_QUALIFIERS),
            self.rng.choice(_SUBJECTS),
            self.rng.choice(_TYPES),
        ]
        if self.rng.random() < 0.4:
            words.insert(1, self.rng.choice(_SUBJECTS))
        base_name = name = " ".join(words)
        suffix = 2
        while name in organization.system_names:
            name, suffix = f"{base_name} {suffix}", suffix + 1
        base = acronym = "".join(
            word[0] for word in base_name.replace("-", " ").split()
        )
        suffix = 2
        while acronym in organization.system_acronyms:
            acronym, suffix = f"{base}{suffix}", suffix + 1
        system = SystemPlan(organization.acronym, name, acronym)
        organization.systems.append(system)
        organization.system_names.add(name)
        organization.system_acronyms.add(acronym)
        return system

    def _associations(
        self, organization: _OrganizationState, kind: DocumentKind
    ) -> tuple[AssociationPlan, ...]:
        if kind is DocumentKind.SORN or not organization.sorns:
            return ()
        if self.rng.random() > 0.7:
            return ()
        chosen = self.rng.sample(
            organization.sorns, k=min(len(organization.sorns), self.rng.randint(1, 2))
        )
        return tuple(
            AssociationPlan(
                target=identifier,
                title=title,
                citation=f"{self.rng.randint(70, 89)} FR {self.rng.randint(1000, 79999)}",
                cited_on=self._date(2006, 2024),
            )
            for identifier, title in chosen
        )

    def _date(self, first_year: int, last_year: int) -> datetime.date:
        start = datetime.date(first_year, 1, 1).toordinal()
        end = datetime.date(last_year, 12, 31).toordinal()
        return datetime.date.fromordinal(self.rng.randint(start, end))

    def _versions(
        self,
        identifier: Identifier,
        organization: _OrganizationState,
        system: SystemPlan,
        title: str,
        count: int,
    ) -> tuple[VersionPlan, ...]:
        retired = self.rng.random() < RETIRED_SHARE
        published_on = self._date(2005, 2022)
        last_day = datetime.date(2025, 6, 30)
        versions: list[VersionPlan] = []
        for index in range(count):
            letter = update_letter(index)
            newest = index == count - 1
            status = "superseded"
            retired_on = None
            if newest:
                status = "retired" if retired else "published"
                if retired:
                    retired_on = min(
                        published_on + datetime.timedelta(days=365 * 3), last_day
                    )
            version_title = title if index == 0 else f"{title} Update"
            pages = int(self.rng.triangular(10, 50, 18))
            versions.append(
                VersionPlan(
                    update=letter,
                    title=version_title,
                    status=status,
                    published_on=published_on,
                    retired_on=retired_on,
                    pages=pages,
                    size_bytes=pages * self.rng.randint(8_000, 14_000),
                    summary=self._summary(organization, system),
                    body=self._body(
                        Identifier(
                            agency=identifier.agency,
                            component=identifier.component,
                            kind=identifier.kind,
                            number=identifier.number,
                            update=letter,
                        ),
                        organization,
                        system,
                        pages,
                    ),
                )
            )
            published_on = min(
                published_on + datetime.timedelta(days=self.rng.randint(200, 900)),
                last_day,
            )
        return tuple(versions)

    # -- text --------------------------------------------------------------------

    def _prose(self, count: int) -> str:
        """``count`` Zipf-distributed words cut into sentences."""
        words = self.rng.choices(self.words, cum_weights=self.cumulative, k=count)
        for start in range(0, count, SENTENCE_WORDS):
            words[start] = words[start].capitalize()
            end = min(start + SENTENCE_WORDS, count) - 1
            words[end] += "."
        return " ".join(words)

    def _person(self) -> str:
        return f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(SURNAMES)}"

    def _summary(self, organization: _OrganizationState, system: SystemPlan) -> str:
        return (
            f"The {system.name} ({system.acronym}) is owned by the {organization.name} "
            f"({organization.acronym}). " + self._prose(self.rng.randint(40, 90))
        )

    def _body(
        self,
        identifier: Identifier,
        organization: _OrganizationState,
        system: SystemPlan,
        pages: int,
    ) -> dict[str, str]:
        sections = SECTIONS[identifier.kind]
        total = WORDS_PER_PAGE * (pages if self.body == "full" else 1)
        shares = [self.rng.random() + 0.2 for _ in sections]
        scale = total / sum(shares)
        body = {
            key: self._prose(max(8, int(share * scale)))
            for key, share in zip(sections, shares, strict=True)
        }
        first = sections[0]
        body[first] = (
            f"{identifier} {system.name} ({system.acronym}), {organization.name}. "
            f"Contact point: {self._person()}. " + body[first]
        )
        if organization.sorns and identifier.kind is not DocumentKind.SORN:
            sorn, sorn_title = self.rng.choice(organization.sorns)
            key = "1.2" if "1.2" in body else sections[-1]
            body[key] = (
                f"Records are covered by {sorn} {sorn_title}, "
                f"{self.rng.randint(70, 89)} FR {self.rng.randint(1000, 79999)}. "
                + body[key]
            )
        for phrase, share in PLANTED_PHRASES.items():
            if self.rng.random() < share:
                key = self.rng.choice(sections)
                words = body[key].split(" ")
                position = self.rng.randrange(len(words) + 1)
                words[position:position] = phrase.split()
                body[key] = " ".join(words)
        return body


# -- writing ---------------------------------------------------------------------


@dataclass
class CorpusCounts:
    """What was written."""

    organizations: int = 0
    systems: int = 0
    series: int = 0
    versions: int = 0
    associations: int = 0
    seconds: float = 0.0
    index_seconds: float = 0.0


Progress = Callable[[int], None]


def corpus_write(
    *,
    documents: int,
    seed: int,
    body: str,
    batch_versions: int | None = None,
    progress: Progress | None = None,
) -> CorpusCounts:
    """Write ``documents`` public versions drawn from ``seed`` into the empty registry."""
    from django.db import transaction

    from privdocs.documents.models import DocumentVersion
    from privdocs.inventory.models import Organization

    if DocumentVersion.objects.exists():
        raise ValueError("the database already holds documents: use an empty one")
    started = time.monotonic()
    counts = CorpusCounts()
    organizations: dict[str, Organization] = {}
    for acronym, name, parent, _ in ORGANIZATIONS:
        organizations[acronym] = Organization.objects.create(
            acronym=acronym,
            name=name,
            slug=acronym.lower(),
            parent=organizations[parent] if parent else None,
        )
    counts.organizations = len(organizations)
    state = _WriteState(organizations=organizations)
    if batch_versions is None:
        batch_versions = 2_000 if body == "short" else 100
    planner = CorpusPlanner(seed=seed, body=body)
    batch: list[SeriesPlan] = []
    pending = 0
    for plan in planner.series(documents):
        batch.append(plan)
        pending += len(plan.versions)
        if pending >= batch_versions:
            with transaction.atomic():
                _batch_write(batch, state, counts)
            batch, pending = [], 0
            if progress is not None:
                progress(counts.versions)
    if batch:
        with transaction.atomic():
            _batch_write(batch, state, counts)
    counts.seconds = time.monotonic() - started
    return counts


@dataclass
class _WriteState:
    organizations: dict[str, Any]
    systems: dict[tuple[str, str], int] = field(default_factory=dict)
    series: dict[Identifier, int] = field(default_factory=dict)


def _batch_write(
    batch: list[SeriesPlan], state: _WriteState, counts: CorpusCounts
) -> None:
    from privdocs.documents.models import Association, DocumentSeries, DocumentVersion
    from privdocs.inventory.models import System

    new_systems: dict[tuple[str, str], System] = {}
    for plan in batch:
        for system in plan.systems:
            key = (system.organization, system.acronym)
            if key not in state.systems and key not in new_systems:
                new_systems[key] = System(
                    organization=state.organizations[system.organization],
                    name=system.name,
                    acronym=system.acronym,
                    slug=system.acronym.lower(),
                    lifecycle=System.Lifecycle.OPERATIONAL,
                )
    for key, created in zip(
        new_systems, System.objects.bulk_create(new_systems.values()), strict=True
    ):
        state.systems[key] = created.pk
    counts.systems += len(new_systems)

    series_rows = DocumentSeries.objects.bulk_create(
        DocumentSeries(
            organization=state.organizations[plan.organization],
            kind=plan.identifier.kind.value,
            agency=plan.identifier.agency,
            component=plan.identifier.component or "",
            number=plan.identifier.number,
            title=plan.title,
            sections=["SORN"] if plan.identifier.kind is DocumentKind.PIA else [],
        )
        for plan in batch
    )
    for plan, row in zip(batch, series_rows, strict=True):
        state.series[plan.identifier] = row.pk
    counts.series += len(series_rows)

    through = DocumentSeries.systems.through
    DocumentSeries.systems.through.objects.bulk_create(
        through(
            documentseries_id=state.series[plan.identifier],
            system_id=state.systems[(system.organization, system.acronym)],
        )
        for plan in batch
        for system in plan.systems
    )
    versions = DocumentVersion.objects.bulk_create(
        DocumentVersion(
            series_id=state.series[plan.identifier],
            update_letter=version.update,
            update_index=index,
            title=version.title,
            status=version.status,
            published_on=version.published_on,
            retired_on=version.retired_on,
            summary=version.summary,
            body=version.body,
            template_version=f"bench-{plan.identifier.kind.value.lower()}",
            pages=version.pages,
            size_bytes=version.size_bytes,
        )
        for plan in batch
        for index, version in enumerate(plan.versions)
    )
    counts.versions += len(versions)
    associations = Association.objects.bulk_create(
        Association(
            source_id=state.series[plan.identifier],
            kind=Association.Relation.SORN,
            target_id=state.series.get(association.target),
            target_identifier=str(association.target),
            title=association.title,
            citation=association.citation,
            cited_on=association.cited_on,
            position=position,
        )
        for plan in batch
        for position, association in enumerate(plan.associations)
    )
    counts.associations += len(associations)


def corpus_index() -> float:
    """Build the search index over the whole corpus once; returns the seconds it took."""
    from django.db import connection

    from privdocs.documents.revision import catalog_revision_bump
    from privdocs.search.services import search_index_rebuild

    started = time.monotonic()
    # bulk_create sends no signals: say that the catalog changed, as a server would.
    catalog_revision_bump()
    search_index_rebuild()
    with connection.cursor() as cursor:
        # Fresh statistics and, on PostgreSQL, a visibility map (what autovacuum
        # keeps on a server that has run for a while): without it no index-only
        # scan is planned.
        cursor.execute(
            "VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE"
        )
    return time.monotonic() - started


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="bench/corpus.py",
        description=(
            "Migrate a database and fill it with a seeded corpus of published "
            "privacy documents, then build the search index."
        ),
    )
    parser.add_argument(
        "--documents",
        type=int,
        required=True,
        help="How many document versions to write.",
    )
    parser.add_argument("--seed", type=int, default=1, help="Random seed (default: 1).")
    parser.add_argument(
        "--body",
        choices=BODY_MODES,
        default="short",
        help="short: about one page of text per version; full: 10-50 pages as in real PIAs.",
    )
    parser.add_argument(
        "--database-url",
        required=True,
        help="sqlite:///path or postgres://user@host:port/name (must be empty).",
    )
    parser.add_argument(
        "--no-index",
        action="store_true",
        help="Do not build the search index (to time it separately).",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the generator from the command line; returns the exit code."""
    args = _parser().parse_args(argv)
    if args.documents < 1:
        sys.stderr.write("--documents must be at least 1\n")
        return 2
    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "privdocs.settings.base")
    os.environ.setdefault("PRIVDOCS_SECRET_KEY", "bench-only-secret-key")
    import django
    from django.core.management import call_command

    from privdocs.core.progress import ProgressLine

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)
    progress = ProgressLine(sys.stderr, "Writing versions", total=args.documents)
    try:
        counts = corpus_write(
            documents=args.documents,
            seed=args.seed,
            body=args.body,
            progress=progress.update,
        )
    except ValueError as error:
        sys.stderr.write(f"{error}\n")
        return 1
    progress.finish(counts.versions)
    sys.stderr.write(
        f"Wrote {counts.versions} versions in {counts.series} series, "
        f"{counts.systems} systems, {counts.associations} associations "
        f"in {counts.seconds:.1f} s\n"
    )
    if not args.no_index:
        sys.stderr.write("Building the search index...\n")
        counts.index_seconds = corpus_index()
        sys.stderr.write(f"Indexed in {counts.index_seconds:.1f} s\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
