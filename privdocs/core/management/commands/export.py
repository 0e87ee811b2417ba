"""``privdocs export``: the catalog as open data (JSON or CSV), or one document as
a Word file."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import IO, Any, TextIO, cast

from django.core.management.base import CommandError, CommandParser

from privdocs.core.arguments import CheckedCommand, output_check, write_whole
from privdocs.core.errors import ApplicationError, IdentifierError
from privdocs.core.progress import ProgressLine
from privdocs.documents.identifiers import IDENTIFIER_EXAMPLES, parse_identifier
from privdocs.documents.selectors import version_get_by_identifier
from privdocs.formats.catalog_export import FORMATS, export_catalog
from privdocs.formats.docx_document import document_docx
from privdocs.questionnaires.selectors import template_definition_get

#: The formats ``export document`` writes.
DOCUMENT_FORMATS = ("docx",)
NO_SUCH_VERSION = (
    "No version {identifier} in the registry (without an update letter, the "
    "identifier names the original version)."
)
NO_TEMPLATE = (
    "{identifier} was not written in a template privdocs knows ({reference}), so it "
    "has no answers to export."
)


class Command(CheckedCommand):
    help = "Export the registry's published documents, or one document as Word."

    def add_arguments(self, parser: CommandParser) -> None:
        what = parser.add_subparsers(dest="what", required=True, metavar="WHAT")
        catalog = what.add_parser(
            "catalog",
            help="Every published series with its versions and associations.",
            description=(
                "Write the catalog of published documents in the privdocs catalog format "
                "(docs/catalog-format.md): JSON, or CSV with one row per version. Only "
                "what the public may see is exported."
            ),
        )
        catalog.add_argument(
            "--format",
            choices=FORMATS,
            default="json",
            help="Output format (default: json).",
        )
        catalog.add_argument(
            "--output",
            type=Path,
            help="File to write; written whole or not at all. Default: standard output.",
        )
        document = what.add_parser(
            "document",
            help="One version drafted in a template, as a Word file.",
            description=(
                "Write one version, drafted or published, as a Word (DOCX) file: a "
                "cover, then every section and question with its answer. A version "
                "not yet published is marked 'DRAFT - not for public release' on "
                "every page. See docs/workspace.md."
            ),
        )
        document.add_argument(
            "identifier",
            metavar="IDENTIFIER",
            help=f"The version, such as {IDENTIFIER_EXAMPLES}.",
        )
        document.add_argument(
            "--format",
            choices=DOCUMENT_FORMATS,
            default="docx",
            help="Output format (default: docx).",
        )
        document.add_argument(
            "--output",
            type=Path,
            required=True,
            metavar="FILE",
            help="File to write; written whole or not at all.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        """Export what the sub-command names."""
        if options["what"] == "document":
            self._document(options["identifier"], options["output"])
        else:
            self._catalog(options["format"], options["output"])

    def _catalog(self, fmt: str, output: Path | None) -> None:
        """The catalog to standard output, or to a file written whole."""
        if output is None:
            # The raw stream: OutputWrapper would add a newline to every chunk.
            export_catalog(cast("TextIO", self.stdout._out), fmt=fmt)
            return
        output_check(output)
        progress = ProgressLine(sys.stderr, "Exporting series")
        count = 0

        def write(stream: IO[Any]) -> None:
            nonlocal count
            count = export_catalog(
                cast("TextIO", stream), fmt=fmt, progress=progress.update
            )

        write_whole(output, write, binary=False)
        progress.finish(count)
        self.stderr.write(f"{count} series written to {output}")

    def _document(self, text: str, output: Path) -> None:
        """One version, named by its identifier, as a Word file."""
        output_check(output)
        try:
            identifier = parse_identifier(text)
        except IdentifierError as error:
            raise CommandError(str(error), returncode=1) from None
        version = version_get_by_identifier(identifier)
        if version is None:
            raise CommandError(
                NO_SUCH_VERSION.format(identifier=identifier), returncode=1
            )
        try:
            definition = template_definition_get(reference=version.template_version)
        except ApplicationError:
            raise CommandError(
                NO_TEMPLATE.format(
                    identifier=identifier,
                    reference=version.template_version or "none recorded",
                ),
                returncode=1,
            ) from None
        write_whole(
            output,
            lambda stream: document_docx(version, definition, stream),
            binary=True,
        )
        self.stderr.write(f"{version} written to {output}")
