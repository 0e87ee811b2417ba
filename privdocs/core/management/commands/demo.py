"""``privdocs demo``: load the sample catalog (ICE's 38 PIA series of 2015)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from privdocs.core.reporting import print_import_summary
from privdocs.documents.models import DocumentSeries
from privdocs.documents.services.catalog import catalog_apply
from privdocs.formats.catalog_json import load_sample_catalog


class Command(BaseCommand):
    help = (
        "Load the sample catalog: the 38 PIA series ICE published by 2015, as facts "
        "(identifiers, dates, pages, sizes) with summaries in privdocs' own words. "
        "Loading it again changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Load only when the registry holds no document series yet.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["if_empty"] and DocumentSeries.objects.exists():
            self.stdout.write(
                "The registry already holds documents; sample not loaded."
            )
            return
        summary = catalog_apply(record=load_sample_catalog())
        print_import_summary(self.stdout, summary, title="Sample catalog")
