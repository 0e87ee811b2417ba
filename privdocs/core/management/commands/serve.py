"""``privdocs serve``: prepare the database and run the web server."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandParser

from privdocs.core import arguments
from privdocs.core.arguments import CheckedCommand
from privdocs.core.server import run_server


class Command(CheckedCommand):
    help = (
        "Apply migrations, collect static files and serve privdocs with gunicorn, "
        "with the production settings unless told otherwise."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--host",
            default="127.0.0.1",
            help="Address to listen on (default: 127.0.0.1).",
        )
        parser.add_argument(
            "--port",
            type=arguments.port,
            default=8000,
            help="Port to listen on, 1 to 65535 (default: 8000).",
        )
        parser.add_argument(
            "--workers",
            type=arguments.worker_count,
            default=2,
            help=f"Worker processes, 1 to {arguments.MAX_WORKERS} (default: 2).",
        )
        parser.add_argument(
            "--demo",
            action="store_true",
            help="Into an empty registry, load the sample catalog and create the demo "
            "accounts (as 'privdocs demo --if-empty --accounts'). Without it the "
            "registry is served as it is.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        if options["demo"]:
            call_command("demo", if_empty=True, accounts=True, stdout=self.stdout)
        call_command("collectstatic", interactive=False, verbosity=0)
        host, port = options["host"], options["port"]
        shown_host = f"[{host}]" if ":" in host else host
        self.stdout.write(f"Database: {settings.DATABASES['default']['NAME']}")
        self.stdout.write(
            self.style.SUCCESS(f"privdocs is serving at http://{shown_host}:{port}/")
        )
        self.stdout.flush()
        run_server(
            host=host,
            port=port,
            workers=options["workers"],
            data_dir=Path(settings.PRIVDOCS_DATA_DIR),
        )
