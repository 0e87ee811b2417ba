"""``privdocs serve``: prepare the database and run the web server."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from privdocs.core.server import run_server


class Command(BaseCommand):
    help = (
        "Apply migrations, load the sample catalog into an empty registry, collect "
        "static files and serve privdocs with gunicorn."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--host",
            default="127.0.0.1",
            help="Address to listen on (default: 127.0.0.1).",
        )
        parser.add_argument(
            "--port", type=int, default=8000, help="Port to listen on (default: 8000)."
        )
        parser.add_argument(
            "--workers", type=int, default=2, help="Worker processes (default: 2)."
        )
        parser.add_argument(
            "--no-sample",
            action="store_true",
            help="Do not load the sample catalog, even into an empty registry.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        if not options["no_sample"]:
            call_command("demo", if_empty=True, accounts=True, stdout=self.stdout)
        call_command("collectstatic", interactive=False, verbosity=0)
        host, port = options["host"], options["port"]
        shown_host = f"[{host}]" if ":" in host else host
        self.stdout.write(f"Database: {settings.DATABASES['default']['NAME']}")
        self.stdout.write(
            self.style.SUCCESS(f"privdocs is serving at http://{shown_host}:{port}/")
        )
        self.stdout.flush()
        run_server(host=host, port=port, workers=options["workers"])
