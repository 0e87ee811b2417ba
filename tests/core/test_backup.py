"""``privdocs backup`` and ``privdocs restore``: a round trip taken while a writer
writes, on SQLite and on PostgreSQL, and bad input told in one line with its exit code."""

from __future__ import annotations

import hashlib
import io
import json
import os
import secrets
import subprocess
import sys
import tarfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlparse, urlunparse

import pytest
from django.db import connection

from privdocs.core.backup import (
    DATABASE_MEMBERS,
    MANIFEST_NAME,
    BackupError,
    BackupUsageError,
    Manifest,
    archive_verify,
    backup_restore,
    postgresql_tool,
)

REPO = Path(__file__).resolve().parents[2]
#: Entries the seed writes to the audit log: the sample catalog's, then the attachment's.
SEED_ENTRIES_AT_LEAST = 2


@dataclass(frozen=True)
class Place:
    """Where a registry lives: a data directory, and a PostgreSQL database or none."""

    data_dir: Path
    database_url: str | None = None

    def env(self) -> dict[str, str]:
        env = {
            name: value
            for name, value in os.environ.items()
            if name not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "PRIVDOCS_DEBUG")
        }
        env["PRIVDOCS_DATA_DIR"] = str(self.data_dir)
        env["PRIVDOCS_SECRET_KEY"] = "backup-test-secret-key"
        if self.database_url:
            env["DATABASE_URL"] = self.database_url
        return env

    def run(self, *arguments: str) -> subprocess.CompletedProcess[str]:
        """Run ``privdocs ARGUMENTS`` against this registry."""
        return self._python("-m", "privdocs.cli", *arguments)

    def script(self, *arguments: str) -> subprocess.CompletedProcess[str]:
        """Run the test registry script (seed, report) against this registry."""
        return self._python("-m", "tests.core.registry_process", *arguments)

    def report(self) -> dict[str, Any]:
        done = self.script("report")
        assert done.returncode == 0, done.stderr
        result: dict[str, Any] = json.loads(done.stdout)
        return result

    def _python(self, *arguments: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(  # noqa: S603 (this interpreter, fixed arguments)
            [sys.executable, *arguments],
            cwd=REPO,
            env=self.env(),
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )


PlaceFactory = Callable[[str], Place]


def _postgres_server_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        pytest.skip(
            "the PostgreSQL round trip runs in the suite's PostgreSQL run "
            "(DATABASE_URL=postgres://…); this run has no DATABASE_URL for PostgreSQL"
        )
    return url


@pytest.fixture
def make_place(
    request: pytest.FixtureRequest, tmp_path: Path
) -> Iterator[PlaceFactory]:
    """Empty places of the vendor under test; PostgreSQL databases are created here
    under names of their own and dropped afterwards."""
    vendor: str = request.param
    created: list[str] = []
    server = _postgres_server_url() if vendor == "postgresql" else ""

    def admin(sql: str) -> None:
        import psycopg

        parts = urlparse(server)
        maintenance = urlunparse(parts._replace(path="/postgres"))
        with psycopg.connect(maintenance, autocommit=True) as session:
            session.execute(sql)

    def make(name: str) -> Place:
        data_dir = tmp_path / name
        if vendor == "sqlite":
            return Place(data_dir)
        database = f"privdocs_backup_{name}_{secrets.token_hex(4)}"
        admin(f'CREATE DATABASE "{database}"')
        created.append(database)
        url = urlunparse(urlparse(server)._replace(path=f"/{database}"))
        return Place(data_dir, url)

    yield make
    for database in created:
        admin(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


def _tree(root: Path) -> dict[str, str]:
    """Every file under ``root`` by relative path, with the sha256 of its bytes."""
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def _one_line(done: subprocess.CompletedProcess[str]) -> str:
    lines = done.stderr.strip().splitlines()
    assert "Traceback" not in done.stderr
    assert len(lines) == 1, done.stderr
    return lines[0]


@pytest.mark.parametrize("make_place", ["sqlite", "postgresql"], indirect=True)
def test_round_trip_while_a_writer_writes(
    make_place: PlaceFactory, tmp_path: Path
) -> None:
    """A backup taken while another process appends audit entries and sessions
    restores into an empty place with the same catalog export, an intact audit chain
    whose entries are the source's own first ones, the same stored files and no
    sessions; one taken after the writer stopped has the source's very head."""
    source = make_place("source")
    seeded = source.script("seed")
    assert seeded.returncode == 0, seeded.stderr
    stop = tmp_path / "stop-writing"
    writer = subprocess.Popen(  # noqa: S603 (this interpreter, fixed arguments)
        [sys.executable, "-m", "tests.core.registry_process", "write", str(stop)],
        cwd=REPO,
        env=source.env(),
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert writer.stdout is not None
        assert writer.stdout.readline().strip() == "writing"
        during = tmp_path / "during.tar.gz"
        backed_up = source.run("backup", str(during))
        assert backed_up.returncode == 0, backed_up.stderr
    finally:
        stop.touch()
        output, _ = writer.communicate(timeout=120)
    assert int(output.split()[-1]) >= 1
    assert "Backup written to" in backed_up.stderr

    target = make_place("target")
    restored = target.run("restore", str(during))
    assert restored.returncode == 0, restored.stderr
    before, after = source.report(), target.report()
    assert after["catalog"] == before["catalog"]
    assert json.loads(after["catalog"])["series"]
    snapshot = after["audit_hashes"]
    # The snapshot holds the seed's entries and at least the writer's first one,
    # and is a prefix of the source's chain: no entry half-written or skipped.
    assert len(snapshot) > SEED_ENTRIES_AT_LEAST
    assert snapshot == before["audit_hashes"][: len(snapshot)]
    verified = target.run("audit", "verify")
    assert verified.returncode == 0, verified.stderr
    assert f"intact: {len(snapshot)} entries; head #{len(snapshot)} {snapshot[-1]}" in (
        verified.stdout
    )
    files = _tree(source.data_dir / "files")
    assert len(files) == 1
    assert _tree(target.data_dir / "files") == files
    assert before["sessions"] > 1
    assert after["sessions"] == 0

    quiet = tmp_path / "quiet.tar.gz"
    assert source.run("backup", str(quiet)).returncode == 0
    second = make_place("second")
    assert second.run("restore", str(quiet)).returncode == 0
    head = before["audit_hashes"][-1]
    verified = second.run("audit", "verify")
    assert verified.returncode == 0, verified.stderr
    assert f"head #{len(before['audit_hashes'])} {head}" in verified.stdout
    assert second.report()["audit_hashes"] == before["audit_hashes"]

    # The restored registry goes on: its ids and sequence numbers continue.
    appended = second.script("append")
    assert appended.returncode == 0, appended.stderr
    verified = second.run("audit", "verify")
    assert verified.returncode == 0, verified.stderr
    assert f"intact: {len(before['audit_hashes']) + 1} entries" in verified.stdout


@pytest.mark.parametrize("make_place", ["sqlite"], indirect=True)
def test_an_older_backup_is_migrated_after_restore(
    make_place: PlaceFactory, tmp_path: Path
) -> None:
    """A backup made before the newest migration restores, then gets that migration."""
    source = make_place("source")
    assert source.run("migrate", "-v0").returncode == 0
    older = source.run("migrate", "-v0", "documents", "0004_catalog_revision")
    assert older.returncode == 0, older.stderr
    archive = tmp_path / "older.tar.gz"
    assert source.run("backup", str(archive)).returncode == 0
    with tarfile.open(archive) as tar:
        manifest_file = tar.extractfile(MANIFEST_NAME)
        assert manifest_file is not None
        manifest = json.load(manifest_file)
    assert "documents.0005_precision_and_transition_actor" not in manifest["migrations"]

    target = make_place("target")
    restored = target.run("restore", str(archive))
    assert restored.returncode == 0, restored.stderr
    assert "newer migration(s)" in restored.stderr
    assert target.run("migrate", "--check").returncode == 0


@pytest.fixture(scope="module")
def sqlite_archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real backup of a migrated, empty SQLite registry, made once for this module."""
    root = tmp_path_factory.mktemp("archive")
    source = Place(root / "source")
    assert source.run("migrate", "-v0").returncode == 0
    archive = root / "registry.tar.gz"
    done = source.run("backup", str(archive))
    assert done.returncode == 0, done.stderr
    return archive


def test_backup_refuses_to_overwrite_without_force(
    sqlite_archive: Path, tmp_path: Path
) -> None:
    """An existing FILE is kept, with exit 1; --force replaces it (readable by its
    owner only) and leaves no temporary file beside it."""
    source = Place(sqlite_archive.parent / "source")
    target = tmp_path / "backup.tar.gz"
    target.write_bytes(b"keep me")
    refused = source.run("backup", str(target))
    assert refused.returncode == 1
    assert _one_line(refused) == (
        f"CommandError: {target} already exists: pass --force to replace it."
    )
    assert target.read_bytes() == b"keep me"
    forced = source.run("backup", str(target), "--force")
    assert forced.returncode == 0, forced.stderr
    assert archive_verify(target).vendor == "sqlite"
    assert target.stat().st_mode & 0o777 == 0o600
    assert sorted(path.name for path in tmp_path.iterdir()) == ["backup.tar.gz"]


def test_backup_into_a_missing_folder_is_a_usage_error(
    sqlite_archive: Path, tmp_path: Path
) -> None:
    """A FILE whose folder does not exist (or is a file), or a FILE that is a
    folder, is exit 2, in one line."""
    source = Place(sqlite_archive.parent / "source")
    plain = tmp_path / "plain-file"
    plain.write_text("not a folder", encoding="utf-8")
    for path in (tmp_path / "absent" / "b.tar.gz", plain / "b.tar.gz"):
        done = source.run("backup", str(path))
        assert done.returncode == 2
        assert "does not exist" in _one_line(done)
    assert sorted(path.name for path in tmp_path.iterdir()) == ["plain-file"]
    folder = source.run("backup", str(tmp_path))
    assert folder.returncode == 2
    assert _one_line(folder) == (
        f"CommandError: {tmp_path} is a folder: name the archive file to write"
    )


def test_backup_of_no_database_is_refused(tmp_path: Path) -> None:
    """A data directory without a database is refused in one line, and no empty
    database file is left behind."""
    empty = Place(tmp_path / "empty")
    (tmp_path / "empty").mkdir()
    done = empty.run("backup", str(tmp_path / "b.tar.gz"))
    assert done.returncode == 1
    assert "no database here: nothing to back up" in _one_line(done)
    assert not (tmp_path / "empty" / "privdocs.sqlite3").exists()
    assert not (tmp_path / "b.tar.gz").exists()


def test_a_missing_pg_dump_is_named_with_what_to_install(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """No pg_dump of the server's major version or newer: say which and what to install."""
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(BackupError) as caught:
        postgresql_tool("pg_dump", 99)
    message = str(caught.value)
    assert message.startswith("pg_dump for PostgreSQL 99 is not installed")
    assert "apt-get install postgresql-client-99" in message


def test_restore_of_a_missing_file_is_a_usage_error(tmp_path: Path) -> None:
    """A FILE that does not exist is exit 2, one line naming it; no FILE is exit 2."""
    target = Place(tmp_path / "target")
    missing = tmp_path / "absent.tar.gz"
    done = target.run("restore", str(missing))
    assert done.returncode == 2
    assert _one_line(done) == f"CommandError: {missing}: no such file"
    omitted = target.run("restore")
    assert omitted.returncode == 2
    assert "the following arguments are required: FILE" in omitted.stderr
    assert "Traceback" not in omitted.stderr


def test_restore_refuses_a_file_that_is_not_an_archive(tmp_path: Path) -> None:
    """A text file is refused with exit 1, in one line naming it; nothing is written."""
    target = Place(tmp_path / "target")
    bogus = tmp_path / "notes.txt"
    bogus.write_text("these are notes, not a backup\n", encoding="utf-8")
    done = target.run("restore", str(bogus))
    assert done.returncode == 1
    line = _one_line(done)
    assert line.startswith(f"CommandError: {bogus}: not a privdocs backup")
    assert not (tmp_path / "target" / "files").exists()


def test_restore_refuses_a_truncated_archive_and_writes_nothing(
    sqlite_archive: Path, tmp_path: Path
) -> None:
    """Half an archive is refused with exit 1, and the target stays empty."""
    truncated = tmp_path / "half.tar.gz"
    raw = sqlite_archive.read_bytes()
    truncated.write_bytes(raw[: len(raw) // 2])
    target = Place(tmp_path / "target")
    done = target.run("restore", str(truncated))
    assert done.returncode == 1
    assert "truncated" in _one_line(done)
    leftovers = [
        path.name
        for path in (tmp_path / "target").iterdir()
        if path.name not in ("privdocs.sqlite3", "secret_key")
    ]
    assert leftovers == []
    database = tmp_path / "target" / "privdocs.sqlite3"
    assert not database.exists() or database.stat().st_size == 0


def test_restore_refuses_a_files_folder_that_is_not_empty(
    sqlite_archive: Path, tmp_path: Path
) -> None:
    """A data directory whose files folder holds anything is refused, naming it."""
    target = Place(tmp_path / "target")
    blobs = tmp_path / "target" / "files" / "blobs"
    blobs.mkdir(parents=True)
    (blobs / "kept.pdf").write_bytes(b"%PDF-1.4 someone's file")
    done = target.run("restore", str(sqlite_archive))
    assert done.returncode == 1
    line = _one_line(done)
    assert f"the files folder {tmp_path / 'target' / 'files'} is not empty" in line
    assert (blobs / "kept.pdf").read_bytes() == b"%PDF-1.4 someone's file"


# --- the archive checks, in process -------------------------------------------------


def _archive(
    path: Path,
    *,
    vendor: str,
    members: dict[str, bytes],
    listed: dict[str, bytes] | None = None,
    migrations: tuple[str, ...] = (),
) -> Path:
    """Write an archive of ``members`` whose manifest lists ``listed`` (default: the
    same members), the way privdocs backup lays it out."""
    manifest = Manifest(
        privdocs_version="0.1.0",
        created_at="2026-12-02T12:00:00+00:00",
        vendor=vendor,
        server_version="test",
        migrations=migrations,
        members={
            name: {"sha256": hashlib.sha256(body).hexdigest(), "size": len(body)}
            for name, body in (members if listed is None else listed).items()
        },
    )
    with tarfile.open(path, mode="w:gz") as tar:
        for name, body in [*members.items(), (MANIFEST_NAME, manifest.as_json())]:
            info = tarfile.TarInfo(name)
            info.size = len(body)
            tar.addfile(info, io.BytesIO(body))
    return path


def test_a_damaged_member_is_named(tmp_path: Path) -> None:
    """A member whose bytes differ from the manifest's sha256 is named as damaged."""
    database = DATABASE_MEMBERS["sqlite"]
    path = _archive(
        tmp_path / "damaged.tar.gz",
        vendor="sqlite",
        members={database: b"database", "files/blobs/a.pdf": b"changed"},
        listed={database: b"database", "files/blobs/a.pdf": b"original"},
    )
    with pytest.raises(BackupError) as caught:
        archive_verify(path)
    assert str(caught.value) == (
        f"{path}: member files/blobs/a.pdf is damaged: its sha256 or size does not "
        "match manifest.json"
    )


def test_a_member_missing_or_unlisted_is_refused(tmp_path: Path) -> None:
    """A member the manifest lists but the archive lacks, or the reverse, is refused."""
    database = DATABASE_MEMBERS["sqlite"]
    lacking = _archive(
        tmp_path / "lacking.tar.gz",
        vendor="sqlite",
        members={database: b"database"},
        listed={database: b"database", "files/blobs/a.pdf": b"a"},
    )
    with pytest.raises(BackupError, match=r"1 member\(s\) missing, e.g\. files/blobs"):
        archive_verify(lacking)
    extra = _archive(
        tmp_path / "extra.tar.gz",
        vendor="sqlite",
        members={database: b"database", "files/blobs/a.pdf": b"a"},
        listed={database: b"database"},
    )
    with pytest.raises(BackupError, match=r"files/blobs/a\.pdf is not in manifest"):
        archive_verify(extra)


def test_a_member_outside_the_layout_is_refused(tmp_path: Path) -> None:
    """A member named outside manifest, database/ and files/ (or with ..) is refused
    before anything is read."""
    for name in ("../escape.txt", "files/../../escape.txt", "elsewhere/a.txt"):
        path = _archive(
            tmp_path / "odd.tar.gz",
            vendor="sqlite",
            members={DATABASE_MEMBERS["sqlite"]: b"database", name: b"x"},
        )
        with pytest.raises(BackupError, match="unexpected member"):
            archive_verify(path)


def test_an_archive_without_manifest_is_not_a_backup(tmp_path: Path) -> None:
    """A tar.gz of other things is not a privdocs backup."""
    path = tmp_path / "other.tar.gz"
    with tarfile.open(path, mode="w:gz") as tar:
        info = tarfile.TarInfo("files/readme.txt")
        info.size = 2
        tar.addfile(info, io.BytesIO(b"hi"))
    with pytest.raises(BackupError, match=r"no manifest\.json"):
        archive_verify(path)


def test_a_missing_archive_is_a_usage_error(tmp_path: Path) -> None:
    """A path that does not exist is a usage error (exit code 2)."""
    with pytest.raises(BackupUsageError, match="no such file") as caught:
        archive_verify(tmp_path / "absent.tar.gz")
    assert caught.value.returncode == 2


def _other_vendor() -> str:
    return "postgresql" if connection.vendor == "sqlite" else "sqlite"


@pytest.mark.django_db
def test_restore_refuses_the_other_vendor(tmp_path: Path, settings: Any) -> None:
    """A backup of the other database vendor is refused, pointing to export/import,
    and nothing is written."""
    settings.PRIVDOCS_DATA_DIR = tmp_path / "data"
    settings.MEDIA_ROOT = tmp_path / "data" / "files"
    other = _other_vendor()
    path = _archive(
        tmp_path / "other.tar.gz",
        vendor=other,
        members={DATABASE_MEMBERS[other]: b"database", "files/blobs/a.pdf": b"a"},
    )
    with pytest.raises(BackupError) as caught:
        backup_restore(path=path, log=io.StringIO())
    message = str(caught.value)
    assert "restores only into the same kind of database" in message
    assert "'privdocs export catalog --format json --output catalog.json'" in message
    assert "'privdocs import catalog catalog.json'" in message
    assert not (tmp_path / "data").exists()


@pytest.mark.django_db
def test_restore_refuses_a_database_that_is_not_empty(
    tmp_path: Path, settings: Any
) -> None:
    """The test database has tables: a restore into it is refused, naming it."""
    settings.PRIVDOCS_DATA_DIR = tmp_path / "data"
    settings.MEDIA_ROOT = tmp_path / "data" / "files"
    vendor = connection.vendor
    path = _archive(
        tmp_path / "same.tar.gz",
        vendor=vendor,
        members={DATABASE_MEMBERS[vendor]: b"database"},
    )
    with pytest.raises(BackupError, match=r"is not empty \(\d+ tables") as caught:
        backup_restore(path=path, log=io.StringIO())
    assert str(connection.settings_dict["NAME"]) in str(caught.value)
    assert not (tmp_path / "data").exists()


@pytest.mark.django_db
def test_restore_refuses_a_backup_of_a_newer_release(
    tmp_path: Path, settings: Any
) -> None:
    """Migrations this release does not know mean a newer privdocs made the backup."""
    settings.PRIVDOCS_DATA_DIR = tmp_path / "data"
    vendor = connection.vendor
    path = _archive(
        tmp_path / "newer.tar.gz",
        vendor=vendor,
        members={DATABASE_MEMBERS[vendor]: b"database"},
        migrations=("documents.0001_initial", "documents.9999_from_the_future"),
    )
    with pytest.raises(BackupError, match="made by a newer privdocs") as caught:
        backup_restore(path=path, log=io.StringIO())
    assert "documents.9999_from_the_future" in str(caught.value)
