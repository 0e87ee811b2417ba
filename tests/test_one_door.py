"""One door per status: only one module of privdocs writes each model's ``status``.

Every status a document version has ever had must be a Transition naming who moved
it, with an audit entry and a fresh search index; that holds only if exactly one
module assigns the field and everything else (views, the API, commands, importers,
the admin) asks that module. The doors:

- ``DocumentVersion.status``: ``privdocs/documents/services/state.py``, which
  creates versions and moves them, writing the Transition and the audit entry. The
  workflow's steps and the importers call it.
- ``ThresholdAnalysis.status`` (a PTA: draft, submitted, determined):
  ``privdocs/assessments/services.py``. Its state machine is small and lives with
  the determination rules it triggers; that module is the one place it moves.

The checker (``tests/one_door.py``) reads every module of ``privdocs/`` but its
migrations. The tests below give it one snippet per spelling of a write, and one per
read that must not count, so that its silence on the real tree means something.
"""

from __future__ import annotations

import functools
from pathlib import Path

import pytest

from tests.one_door import Finding, Module, Registry, package_modules, status_writes

PACKAGE = Path(__file__).resolve().parents[1] / "privdocs"
VERSION = "privdocs.documents.models.DocumentVersion"
PTA = "privdocs.assessments.models.ThresholdAnalysis"
#: The one module that writes each model's status.
DOORS = {
    VERSION: "privdocs/documents/services/state.py",
    PTA: "privdocs/assessments/services.py",
}
#: Where the snippets are checked from: a module that is no door.
ELSEWHERE = "privdocs/workspace/views/example.py"
#: Marks a line of a snippet where the checker must report a write, followed by
#: words of the finding that say which spelling it saw ("# <- setattr").
MARK = "# <- "


@functools.cache
def registry() -> Registry:
    """The models and helpers of the real package (read once)."""
    return Registry(package_modules(PACKAGE))


def outside_doors(findings: list[Finding]) -> list[Finding]:
    """The writes a module may not make: a known model's outside its door, and an
    unknown receiver's outside every door."""
    return [
        finding
        for finding in findings
        if (
            DOORS.get(finding.model) != finding.path
            if finding.model is not None
            else finding.path not in DOORS.values()
        )
    ]


def check(source: str, path: str = ELSEWHERE) -> list[Finding]:
    """The writes the checker reports in a snippet, as if it were module ``path``."""
    module = Module.parse(HEADER + source, path)
    return status_writes(module, registry().with_module(module))


HEADER = """\
from typing import Any

from django import forms
from django.contrib import admin
from django.db import connection, models
from django.db.models import F, Q, Value, When
from django.http import HttpResponse
from django.shortcuts import render

from privdocs.assessments.models import ThresholdAnalysis
from privdocs.documents.models import DocumentSeries, DocumentVersion, Status
from privdocs.documents.models import Transition
from privdocs.formats.records import VersionRecord
"""

WRITES: dict[str, str] = {
    "attribute": """
def publish(version):
    version.status = Status.PUBLISHED  # <- assigns
""",
    "annotated attribute": """
def publish(version):
    version.status: str = "published"  # <- assigns
""",
    "augmented attribute": """
def publish(version):
    version.status += "_again"  # <- assigns
""",
    "tuple target": """
def publish(version):
    version.status, count = "published", 1  # <- assigns
""",
    "starred target": """
def publish(version):
    first, *version.status = ["draft", "published"]  # <- assigns
""",
    "for target": """
def publish(version):
    for version.status in ("approved", "published"):  # <- assigns
        version.save()
""",
    "with target": """
def publish(version, opened):
    with opened() as version.status:  # <- assigns
        pass
""",
    "comprehension target": """
def publish(version):
    return [version.save() for version.status in ("published",)]  # <- assigns
""",
    "self in a model's method": """
class Ledger(models.Model):
    status = models.CharField(max_length=9)

    def close(self) -> None:
        self.status = "closed"  # <- assigns
""",
    "lambda": """
publish = lambda version: setattr(version, "status", "published")  # <- setattr
""",
    "setattr": """
def publish(version):
    setattr(version, "status", "published")  # <- setattr
""",
    "setattr with a constant": """
FIELD = "status"


def publish(version):
    setattr(version, FIELD, "published")  # <- setattr
""",
    "setattr with a built name": """
def publish(version):
    setattr(version, "sta" + "tus", "published")  # <- setattr
""",
    "setattr in a loop over names": """
def copy_over(version, values):
    for name in ("title", "status"):
        setattr(version, name, values[name])  # <- setattr
""",
    "object.__setattr__": """
def publish(version):
    object.__setattr__(version, "status", "published")  # <- __setattr__
""",
    "__setattr__ of the instance": """
def publish(version):
    version.__setattr__("status", "published")  # <- __setattr__
""",
    "__dict__ item": """
def publish(version):
    version.__dict__["status"] = "published"  # <- __dict__
""",
    "vars() item": """
def publish(version):
    vars(version)["status"] = "published"  # <- vars(
""",
    "__dict__ update": """
def publish(version):
    version.__dict__.update({"status": "published"})  # <- status with update()
""",
    "constructor keyword": """
def make(series):
    return DocumentVersion(series=series, status=Status.PUBLISHED)  # <- with a status
""",
    "PTA constructor keyword": """
def make(system):
    return ThresholdAnalysis(system=system, status="submitted")  # <- with a status
""",
    "constructor of a model the module defines": """
class Ledger(models.Model):
    status = models.CharField(max_length=9)


def make():
    return Ledger(status="open")  # <- with a status
""",
    "constructor with a literal mapping": """
def make(series):
    return DocumentVersion(series=series, **{"status": "published"})  # <- with a status
""",
    "constructor with a mapping filled later": """
def make(series, title):
    values = {"series": series, "title": title}
    values["status"] = "published"
    return DocumentVersion(**values)  # <- with a status
""",
    "constructor with dict(status=…)": """
def make(series):
    values = dict(series=series, status="published")
    return DocumentVersion(**values)  # <- with a status
""",
    "constructor through a module alias": """
import privdocs.documents.models as documents


def make(series):
    return documents.DocumentVersion(series=series, status="x")  # <- with a status
""",
    "constructor with positional fields": """
def make(series):
    return DocumentVersion(None, series, "", 0, "Title", "published")  # <- positional
""",
    "constructor without status": """
def make(series):
    return DocumentVersion(series=series, title="Draft")  # <- default
""",
    "create keyword": """
def make(series):
    return DocumentVersion.objects.create(series=series, status="draft")  # <- status with create()
""",
    "create without status": """
def make(series):
    return DocumentVersion.objects.create(series=series, title="T")  # <- default
""",
    "create on a related manager": """
def make(series):
    return series.versions.create(title="T", **{"status": "draft"})  # <- status with create()
""",
    "update keyword": """
def publish(pk):
    DocumentVersion.objects.filter(pk=pk).update(status="published")  # <- status with update()
""",
    "update of an unknown queryset": """
def publish(versions):
    versions.update(status=F("status"))  # <- status with update()
""",
    "update with a mapping": """
def publish(pk):
    values = dict(status="published")
    DocumentVersion.objects.filter(pk=pk).update(**values)  # <- status with update()
""",
    "update with merged mappings": """
def publish(pk, title):
    changes = {"title": title} | {"status": "published"}
    DocumentVersion.objects.filter(pk=pk).update(**changes)  # <- status with update()
""",
    "update with a key held in a constant": """
FIELD = "status"


def publish(pk):
    DocumentVersion.objects.filter(pk=pk).update(**{FIELD: "x"})  # <- status with update()
""",
    "update with a mapping built by a comprehension": """
def copy_over(version, pk):
    names = ("title", "status")
    values = {name: getattr(version, name) for name in names}
    DocumentVersion.objects.filter(pk=pk).update(**values)  # <- status with update()
""",
    "update of a model imported in the function": """
def submit(pk):
    from privdocs.assessments.models import ThresholdAnalysis as Pta

    Pta.objects.filter(pk=pk).update(status="submitted")  # <- status with update()
""",
    "async update": """
async def publish(pk):
    await DocumentVersion.objects.filter(pk=pk).aupdate(status="x")  # <- status with aupdate()
""",
    "update_or_create defaults": """
def upsert(series):
    DocumentVersion.objects.filter(series=series).update_or_create(  # <- status with update_or_create()
        update_letter="a", defaults={"status": "published"}
    )
""",
    "update_or_create create_defaults": """
def upsert(versions):
    versions.update_or_create(update_letter="a", create_defaults={"status": "x"})  # <- status with update_or_create()
""",
    "get_or_create keyword": """
def upsert(versions):
    versions.get_or_create(update_letter="a", status="draft")  # <- status with get_or_create()
""",
    "get_or_create defaults with dict()": """
def upsert(versions):
    versions.get_or_create(update_letter="a", defaults=dict(status="x"))  # <- status with get_or_create()
""",
    "bulk_create of objects built with status": """
def make(series):
    DocumentVersion.objects.bulk_create(  # <- default
        [DocumentVersion(series=series, status="published")]  # <- with a status
    )
""",
    "bulk_create that updates status on conflict": """
def upsert(rows):
    DocumentVersion.objects.bulk_create(  # <- update_fields
        rows,
        update_conflicts=True,
        update_fields=["title", "status"],
        unique_fields=["series", "update_letter"],
    )
""",
    "bulk_update": """
def publish(rows):
    DocumentVersion.objects.bulk_update(rows, ["status"])  # <- bulk_update
""",
    "bulk_update with fields=": """
def publish(manager, rows):
    manager.bulk_update(rows, fields=("title", "status"))  # <- bulk_update
""",
    "save with update_fields": """
def publish(version):
    version.save(update_fields=["status", "updated_at"])  # <- update_fields
""",
    "save with a named field list": """
MOVED = ("status",)


def publish(version):
    version.save(update_fields=[*MOVED, "updated_at"])  # <- update_fields
""",
    "save with a field list built by append": """
def publish(version):
    fields = ["updated_at"]
    fields.append("status")
    version.save(update_fields=fields)  # <- update_fields
""",
    "raw SQL UPDATE": """
def publish(pk):
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE documents_documentversion SET status = %s WHERE id = %s",  # <- SQL
            ["published", pk],
        )
""",
    "raw SQL in an f-string": """
def publish(table, pk):
    return f"UPDATE {table} SET title = %s, status = %s WHERE id = {pk}"  # <- SQL
""",
    "raw SQL built by concatenation": """
SQL = "UPDATE documents_documentversion " + "SET status = %s"  # <- SQL
""",
    "raw SQL INSERT": """
SQL = "INSERT INTO assessments_thresholdanalysis (system_id, status) VALUES (1, 'x')"  # <- SQL
""",
    "a mapping handed to a helper that spreads it": """
def put(model: type[Any], *, values: dict[str, Any]) -> Any:
    return model(**values)


def make(series):
    return put(DocumentVersion, values={"series": series, "status": "x"})  # <- passes a mapping
""",
    "admin without status read-only": """
@admin.register(DocumentVersion)
class VersionAdmin(admin.ModelAdmin):  # <- lets the admin
    list_display = ["title", "status"]
""",
    "admin list_editable": """
@admin.register(DocumentVersion)
class VersionAdmin(admin.ModelAdmin):  # <- admin list
    list_display = ["title", "status"]
    list_editable = ["status"]
    readonly_fields = ["status"]
""",
    "admin inline listing status": """
class VersionInline(admin.TabularInline):  # <- lets the admin
    model = DocumentVersion
    fields = ["title", "status"]
""",
    "admin registration without an admin class": """
admin.site.register(DocumentVersion)  # <- every field editable
""",
    "admin registration with a class that edits status": """
class VersionAdmin(admin.ModelAdmin):
    fields = ["title", "status"]


admin.site.register(DocumentVersion, VersionAdmin)  # <- lets the admin
""",
    "model form of all fields": """
class VersionForm(forms.ModelForm):  # <- lets the form
    class Meta:
        model = DocumentVersion
        fields = "__all__"
""",
}

READS: dict[str, str] = {
    "filter": "DocumentVersion.objects.filter(status=Status.PUBLISHED).count()\n",
    "exclude": 'DocumentVersion.objects.exclude(status="draft").exists()\n',
    "get": 'DocumentVersion.objects.get(status="published", pk=1)\n',
    "filter with a mapping": 'DocumentVersion.objects.filter(**{"status": "x"})\n',
    "Q": 'DocumentVersion.objects.filter(Q(status="draft") | Q(pk=1))\n',
    "When": "When(status=Status.PUBLISHED, then=Value(0))\n",
    "values and order_by": 'DocumentVersion.objects.values("status").order_by("status")\n',
    "annotate": 'DocumentVersion.objects.annotate(current=F("status"))\n',
    "comparison and getattr": """
def is_draft(version):
    return version.status == Status.DRAFT or getattr(version, "status") == "x"
""",
    "HttpResponse": "HttpResponse(status=403)\n",
    "render": 'def page(request):\n    return render(request, "t.html", {}, status=404)\n',
    "api.create_response": """
def answer(api, request, body):
    return api.create_response(request, body, status=422)
""",
    "a dataclass of privdocs": 'VersionRecord(status="published")\n',
    "a dataclass's attribute": """
def mark(record: VersionRecord) -> None:
    record.status = "published"
""",
    "self in a class that is no model": """
class Failure(Exception):
    def __init__(self, status: int) -> None:
        self.status = status
""",
    "a local dict": """
def row(version, writer):
    values = {"title": version.title}
    values["status"] = version.status
    values.update(status=version.status)
    writer.writerow(values)
""",
    "a model without a status": """
def step(version):
    Transition.objects.create(version=version, from_status="", to_status="draft")
    DocumentSeries.objects.filter(pk=1).update(title="x")
""",
    "saving other fields": """
def rename(version, rows):
    version.save(update_fields=["title"])
    DocumentVersion.objects.bulk_update(rows, ["title"])
""",
    "SQL that reads": """
def count():
    with connection.cursor() as cursor:
        cursor.execute("SELECT status FROM documents_documentversion WHERE id = 1")
""",
    "a docstring about SQL": '''
def explain():
    """Never run UPDATE documents_documentversion SET status = 'x' by hand."""
''',
    "admin with status read-only": """
@admin.register(DocumentVersion)
class VersionAdmin(admin.ModelAdmin):
    list_display = ["title", "status"]
    readonly_fields = ["status", "update_index"]
""",
    "admin registration with status read-only": """
class VersionAdmin(admin.ModelAdmin):
    readonly_fields = ("status",)


admin.site.register(DocumentVersion, VersionAdmin)
""",
    "model form without status": """
class VersionForm(forms.ModelForm):
    class Meta:
        model = DocumentVersion
        fields = ["title", "summary"]
""",
    "asking the door": """
from privdocs.documents.services.state import Actor, version_move


def publish(version, user):
    version_move(version, actor=Actor.of(user), to_status=Status.PUBLISHED, action="x")
""",
}


def marks(source: str) -> dict[int, str]:
    """The marked lines of a snippet (numbered as checked, after HEADER) and the
    words their finding must hold."""
    offset = HEADER.count("\n")
    return {
        offset + number: line.split(MARK, 1)[1].strip()
        for number, line in enumerate(source.splitlines(), start=1)
        if MARK in line
    }


@pytest.mark.parametrize("source", WRITES.values(), ids=WRITES.keys())
def test_each_spelling_of_a_write_is_caught(source: str) -> None:
    """The checker reports every spelling of writing ``status``, on its line and
    for the reason it is a write; nothing else in the snippet."""
    findings = check(source)
    expected = marks(source)
    assert sorted({finding.line for finding in findings}) == sorted(expected)
    for line, words in expected.items():
        said = [finding.what for finding in findings if finding.line == line]
        assert any(words in what for what in said), (line, words, said)


@pytest.mark.parametrize("source", READS.values(), ids=READS.keys())
def test_a_read_is_not_a_write(source: str) -> None:
    """Filters, lookups, responses with an HTTP status and plain objects of privdocs
    are not writes of a model's status."""
    assert check(source) == []


def test_a_door_writes_only_its_own_model() -> None:
    """In state.py a version's status may be written, a PTA's may not; a receiver of
    unknown class is allowed in a door only."""
    source = """
def move(version: DocumentVersion, analysis: ThresholdAnalysis, other) -> None:
    version.status = Status.PUBLISHED
    analysis.status = "submitted"
    other.status = "x"
"""
    start = HEADER.count("\n") + 2
    in_state = outside_doors(check(source, DOORS[VERSION]))
    assert [(finding.line, finding.model) for finding in in_state] == [(start + 2, PTA)]
    elsewhere = outside_doors(check(source))
    assert [finding.line for finding in elsewhere] == [start + 1, start + 2, start + 3]


def test_a_finding_says_where_and_what() -> None:
    """A finding names the file, the line and the spelling, for the person to fix."""
    (finding,) = check('def f(version):\n    version.save(update_fields=["status"])\n')
    assert str(finding) == (
        f"{ELSEWHERE}:{HEADER.count(chr(10)) + 2}: "
        "writes status with save(update_fields=[…])"
    )


def test_every_model_with_a_status_has_one_door_that_uses_it() -> None:
    """A new model with a status field needs its door named here, and each door
    module exists and writes its model's status (the list cannot go stale)."""
    with_status = {
        name for name, model in registry().models.items() if model.has_status
    }
    assert with_status == set(DOORS)
    for model, door in DOORS.items():
        module = next(each for each in registry().modules.values() if each.path == door)
        written = {finding.model for finding in status_writes(module, registry())}
        assert model in written, f"{door} does not write {model}.status"


def test_only_the_door_of_each_model_writes_its_status() -> None:
    """No view, command, form, admin screen or importer writes ``status`` itself:
    it calls the door (list: ``file:line: what``)."""
    offenders = [
        str(finding)
        for module in registry().modules.values()
        for finding in outside_doors(status_writes(module, registry()))
    ]
    assert offenders == [], "\n".join(["writes outside their door:", *offenders])
