"""Backups of a whole registry: one archive of the database and the stored files,
made while the server serves, and its restore into an empty place."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO, Any, TextIO

from django.conf import settings
from django.db import connection

from privdocs import __version__
from privdocs.core.errors import ApplicationError
from privdocs.core.progress import ProgressLine

#: What ``manifest.json`` says it is, and the layout version of the archive.
ARCHIVE_FORMAT = "privdocs-backup"
ARCHIVE_FORMAT_VERSION = 1
MANIFEST_NAME = "manifest.json"
#: The database member of the archive, per vendor.
DATABASE_MEMBERS = {
    "sqlite": "database/privdocs.sqlite3",
    "postgresql": "database/privdocs.pgdump",
}
#: How messages name each vendor.
VENDOR_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
FILES_PREFIX = "files/"
#: Tables whose rows stay out of a backup: sessions are logins, not records.
SESSION_TABLE = "django_session"
_CHUNK = 1024 * 1024

CROSS_VENDOR = (
    "{path} holds a {archived} backup and this privdocs uses {current}: a backup "
    "restores only into the same kind of database. To move a registry between "
    "SQLite and PostgreSQL, run 'privdocs export catalog --format json --output "
    "catalog.json' on the old one and 'privdocs import catalog catalog.json' on the "
    "new one: it moves the published catalog, not drafts or the audit log "
    "(docs/operators.md, Backup and restore)."
)
NOT_EMPTY_DATABASE = (
    "the database {where} is not empty ({count} tables, e.g. {example}): restore "
    "only into a new, empty database. Nothing was written."
)
NOT_EMPTY_FILES = (
    "the files folder {where} is not empty ({count} entries, e.g. {example}): "
    "restore only into an empty data directory. Nothing was written."
)
EXISTS = "{path} already exists: pass --force to replace it."
NEWER_ARCHIVE = (
    "{path} was made by a newer privdocs ({version}): it has migrations this "
    "release does not know ({names}). Upgrade privdocs first. Nothing was written."
)


class BackupError(ApplicationError):
    """A backup or restore refused, with what is wrong and where (exit code 1)."""

    returncode = 1


class BackupUsageError(BackupError):
    """A FILE argument that names nothing usable (exit code 2)."""

    returncode = 2


@dataclass(frozen=True)
class Manifest:
    """What an archive holds, as ``manifest.json`` describes it."""

    privdocs_version: str
    created_at: str
    vendor: str
    server_version: str
    migrations: tuple[str, ...]
    members: dict[str, dict[str, Any]] = field(default_factory=dict)

    def as_json(self) -> bytes:
        document = {
            "format": ARCHIVE_FORMAT,
            "format_version": ARCHIVE_FORMAT_VERSION,
            "privdocs_version": self.privdocs_version,
            "created_at": self.created_at,
            "database": {
                "vendor": self.vendor,
                "server_version": self.server_version,
                "member": DATABASE_MEMBERS[self.vendor],
                "left_out": [f"rows of {table}" for table in _left_out_tables()],
            },
            "migrations": list(self.migrations),
            "members": self.members,
        }
        return (json.dumps(document, indent=2, sort_keys=True) + "\n").encode()

    @classmethod
    def from_json(cls, raw: bytes, *, where: str) -> Manifest:
        """Parse a manifest, or say which field is wrong."""
        try:
            document = json.loads(raw)
        except ValueError as error:
            raise BackupError(
                f"{MANIFEST_NAME} is not JSON ({error})", where=where
            ) from None
        if not isinstance(document, dict) or document.get("format") != ARCHIVE_FORMAT:
            raise BackupError(
                f"not a privdocs backup ({MANIFEST_NAME} has no format "
                f"{ARCHIVE_FORMAT!r})",
                where=where,
            )
        version = document.get("format_version")
        if not isinstance(version, int) or version > ARCHIVE_FORMAT_VERSION:
            raise BackupError(
                f"archive layout {version!r} is newer than this privdocs reads "
                f"({ARCHIVE_FORMAT_VERSION}); upgrade privdocs",
                where=where,
            )
        try:
            database = document["database"]
            members = document["members"]
            manifest = cls(
                privdocs_version=str(document["privdocs_version"]),
                created_at=str(document["created_at"]),
                vendor=str(database["vendor"]),
                server_version=str(database.get("server_version", "")),
                migrations=tuple(str(name) for name in document["migrations"]),
                members={
                    str(name): {
                        "sha256": str(member["sha256"]),
                        "size": int(member["size"]),
                    }
                    for name, member in members.items()
                },
            )
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            raise BackupError(
                f"{MANIFEST_NAME}: missing or malformed field {error}", where=where
            ) from None
        if manifest.vendor not in DATABASE_MEMBERS:
            raise BackupError(
                f"{MANIFEST_NAME}: unknown database vendor {manifest.vendor!r}",
                where=where,
            )
        return manifest

    @property
    def database_member(self) -> str:
        return DATABASE_MEMBERS[self.vendor]


@dataclass(frozen=True)
class RestoreSummary:
    """What a restore put in place."""

    manifest: Manifest
    files: int
    migrations_applied: tuple[str, ...]


# --- backup ---------------------------------------------------------------------


def backup_create(*, path: Path, force: bool = False, log: TextIO) -> Manifest:
    """Write one archive of the database and the stored files to ``path``.

    The database is one consistent snapshot (SQLite's online backup API, pg_dump's
    snapshot) taken while others go on writing; sessions are left out. The archive
    is written beside ``path`` and renamed into place: a failure leaves nothing.
    """
    path = Path(path)
    directory = _writable_folder(path)
    if path.is_dir():
        raise BackupUsageError(f"{path} is a folder: name the archive file to write")
    if path.exists() and not force:
        raise BackupError(EXISTS.format(path=path))
    try:
        staging = Path(tempfile.mkdtemp(dir=directory, prefix=f".{path.name}."))
    except OSError as error:
        raise BackupError(f"cannot write in {directory}: {error.strerror}") from None
    try:
        vendor = connection.vendor
        if vendor not in DATABASE_MEMBERS:
            raise BackupError(f"privdocs cannot back up a {vendor} database")
        dump = staging / PurePosixPath(DATABASE_MEMBERS[vendor]).name
        if vendor == "sqlite":
            server_version = sqlite3.sqlite_version
            migrations = _sqlite_snapshot(dump)
        else:
            server_version, migrations = _postgresql_snapshot(dump)
        log.write(
            f"Copied the {VENDOR_NAMES[vendor]} database "
            f"({dump.stat().st_size:,} bytes).\n"
        )
        log.flush()
        files = _stored_files(log)
        manifest = Manifest(
            privdocs_version=__version__,
            created_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            vendor=vendor,
            server_version=server_version,
            migrations=migrations,
        )
        archive = staging / "archive.tar.gz"
        _archive_write(archive, manifest, dump, files, log)
        # It holds password hashes and every draft: its owner's eyes only.
        archive.chmod(0o600)
        os.replace(archive, path)
    except OSError as error:
        raise BackupError(f"cannot write {path}: {error.strerror or error}") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return manifest


def _writable_folder(path: Path) -> Path:
    directory = path.resolve().parent
    if not directory.is_dir():
        raise BackupUsageError(f"{path}: folder {directory} does not exist")
    return directory


def _cache_tables() -> list[str]:
    """Tables of database caches (none by default: the caches live in memory)."""
    return [
        str(config["LOCATION"])
        for config in settings.CACHES.values()
        if str(config.get("BACKEND", "")).endswith("DatabaseCache")
    ]


def _left_out_tables() -> list[str]:
    return [SESSION_TABLE, *_cache_tables()]


def _sqlite_snapshot(dump: Path) -> tuple[str, ...]:
    """Copy the SQLite file with the online backup API, then drop sessions from the copy."""
    name = str(connection.settings_dict["NAME"])
    # Django's in-memory test databases are named by URI (file:memorydb_…).
    uri = name.startswith("file:")
    # The settings create the file empty (0600) before anything is migrated: a
    # backup that finds only that takes it away again.
    if not uri and Path(name).is_file() and Path(name).stat().st_size == 0:
        Path(name).unlink()
    if not uri and not Path(name).is_file():
        raise BackupError(
            "no database here: nothing to back up (is PRIVDOCS_DATA_DIR or "
            "DATABASE_URL right?)",
            where=name,
        )
    source = sqlite3.connect(name, timeout=20, uri=uri)
    try:
        target = _sqlite_open(dump)
        try:
            # One step (pages=-1): a read transaction over the whole copy, so it is
            # one consistent snapshot; in WAL mode the writers go on meanwhile.
            source.backup(target)
            target.execute("PRAGMA journal_mode=DELETE")
            tables = _sqlite_tables(target)
            for table in _left_out_tables():
                if table in tables:
                    target.execute(f'DELETE FROM "{table}"')  # noqa: S608 (known names)
            target.commit()
            # Nothing of a deleted session stays in free pages of the copy.
            target.execute("VACUUM")
            if "django_migrations" not in tables:
                raise BackupError(
                    "not a privdocs database, or not migrated yet: it has no "
                    "django_migrations table",
                    where=name,
                )
            rows = target.execute("SELECT app, name FROM django_migrations").fetchall()
        finally:
            target.close()
    except sqlite3.DatabaseError as error:
        raise BackupError(f"cannot copy the database: {error}", where=name) from None
    finally:
        source.close()
    return tuple(sorted(f"{app}.{migration}" for app, migration in rows))


def _sqlite_open(path: Path) -> sqlite3.Connection:
    """A plain connection that knows REGEXP, as Django's do: CHECK constraints use it."""
    database = sqlite3.connect(path)
    database.create_function(
        "REGEXP",
        2,
        lambda pattern, value: (
            value is not None and re.search(str(pattern), str(value)) is not None
        ),
        deterministic=True,
    )
    return database


def _sqlite_tables(database: sqlite3.Connection) -> set[str]:
    rows = database.execute("SELECT name FROM sqlite_master WHERE type='table'")
    return {str(row[0]) for row in rows}


def _postgresql_snapshot(dump: Path) -> tuple[str, tuple[str, ...]]:
    """pg_dump of the database in a snapshot shared with the migrations read here."""
    from django.db import transaction

    connection.ensure_connection()
    major = connection.pg_version // 10000  # type: ignore[attr-defined]
    server_version = f"{major}.{connection.pg_version % 10000}"  # type: ignore[attr-defined]
    pg_dump = postgresql_tool("pg_dump", major)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        cursor.execute("SELECT app, name FROM django_migrations")
        rows = cursor.fetchall()
        command = [
            pg_dump,
            "--format=custom",
            "--no-owner",
            "--no-privileges",
            f"--snapshot={snapshot}",
            f"--file={dump}",
            *(f"--exclude-table-data={table}" for table in _left_out_tables()),
        ]
        _postgresql_run(command, what="pg_dump")
    return server_version, tuple(sorted(f"{app}.{name}" for app, name in rows))


def postgresql_tool(name: str, major: int) -> str:
    """The path of pg_dump or pg_restore for a server of ``major`` version.

    The one of the same major version under /usr/lib/postgresql first (Debian keeps
    one per version there), else the one on PATH if it is at least as new.
    """
    candidates = [Path(f"/usr/lib/postgresql/{major}/bin/{name}")]
    on_path = shutil.which(name)
    if on_path:
        candidates.append(Path(on_path))
    candidates += sorted(
        Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), reverse=True
    )
    seen: list[str] = []
    for candidate in candidates:
        if not candidate.is_file() or not os.access(candidate, os.X_OK):
            continue
        version = _tool_major(candidate)
        seen.append(f"{candidate} ({version or 'unknown version'})")
        if version is not None and version >= major:
            return str(candidate)
    found = "; found " + ", ".join(seen) if seen else ""
    raise BackupError(
        f"{name} for PostgreSQL {major} is not installed: install it (Debian: "
        f"apt-get install postgresql-client-{major}) or put it on PATH{found}"
    )


def _tool_major(tool: Path) -> int | None:
    try:
        output = subprocess.run(  # noqa: S603 (a fixed tool, no shell)
            [str(tool), "--version"], capture_output=True, text=True, check=False
        ).stdout
    except OSError:
        return None
    match = re.search(r"(\d+)(?:\.\d+)?", output)
    return int(match.group(1)) if match else None


def _postgresql_run(command: list[str], *, what: str) -> None:
    """Run a PostgreSQL client with the connection in PG* variables, never in argv."""
    options = connection.settings_dict
    env = {**os.environ}
    for key, variable in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
        ("NAME", "PGDATABASE"),
    ):
        if options.get(key):
            env[variable] = str(options[key])
    sslmode = (options.get("OPTIONS") or {}).get("sslmode")
    if sslmode:
        env["PGSSLMODE"] = str(sslmode)
    result = subprocess.run(  # noqa: S603 (fixed tool and options, no shell)
        command, env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        lines = [line for line in result.stderr.splitlines() if line.strip()]
        raise BackupError(
            f"{what} failed: {lines[0] if lines else f'exit {result.returncode}'}",
            where=str(options.get("NAME")),
        )


def _files_root() -> Path:
    return Path(settings.MEDIA_ROOT)


def _stored_files(log: TextIO) -> list[tuple[str, Path]]:
    """The stored files (attachment blobs) as (member name, path), sorted."""
    backend = settings.STORAGES["default"]["BACKEND"]
    if not backend.endswith("FileSystemStorage"):
        log.write(f"Stored files are kept by {backend}, not in the data directory: ")
        log.write("back them up with that storage's own tools.\n")
        return []
    root = _files_root()
    if not root.is_dir():
        return []
    files: list[tuple[str, Path]] = []
    for folder, subfolders, names in os.walk(root):
        subfolders.sort()
        for name in sorted(names):
            file = Path(folder) / name
            if file.is_file() and not file.is_symlink():
                files.append((FILES_PREFIX + file.relative_to(root).as_posix(), file))
    return files


class _HashingReader:
    """Reads a file for tarfile and keeps the sha256 of what went by."""

    def __init__(self, stream: IO[bytes]) -> None:
        self.stream = stream
        self.digest = hashlib.sha256()
        self.size = 0

    def read(self, size: int = -1) -> bytes:
        chunk = self.stream.read(size)
        self.digest.update(chunk)
        self.size += len(chunk)
        return chunk


def _archive_write(
    archive: Path,
    manifest: Manifest,
    dump: Path,
    files: list[tuple[str, Path]],
    log: TextIO,
) -> None:
    members: list[tuple[str, Path]] = [(manifest.database_member, dump), *files]
    progress = ProgressLine(log, "Adding files", total=len(files))
    now = int(dt.datetime.now(dt.UTC).timestamp())
    with archive.open("wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as tar:
        for done, (name, source) in enumerate(members):
            with source.open("rb") as stream:
                info = tarfile.TarInfo(name)
                info.size = os.fstat(stream.fileno()).st_size
                info.mtime = now
                info.mode = 0o600
                reader = _HashingReader(stream)
                tar.addfile(info, reader)
                manifest.members[name] = {
                    "sha256": reader.digest.hexdigest(),
                    "size": reader.size,
                }
            if name != manifest.database_member and done < len(files):
                progress.update(done)
        body = manifest.as_json()
        info = tarfile.TarInfo(MANIFEST_NAME)
        info.size, info.mtime, info.mode = len(body), now, 0o600
        tar.addfile(info, io.BytesIO(body))
        raw.flush()
        os.fsync(raw.fileno())
    progress.finish(len(files))


# --- restore --------------------------------------------------------------------


def archive_verify(path: Path) -> Manifest:
    """Read the whole archive and check every member against the manifest.

    Raises BackupError for a file that is not an archive, a truncated one, an
    unexpected member, or a checksum that does not match; writes nothing.
    """
    seen: dict[str, tuple[str, int]] = {}
    raw_manifest: bytes | None = None

    def consume(name: str, stream: IO[bytes]) -> None:
        nonlocal raw_manifest
        if name == MANIFEST_NAME:
            raw_manifest = stream.read()
        else:
            seen[name] = _digest(stream)

    _members(path, consume)
    if raw_manifest is None:
        raise BackupError(
            f"not a privdocs backup, or truncated: no {MANIFEST_NAME}",
            where=str(path),
        )
    manifest = Manifest.from_json(raw_manifest, where=str(path))
    _check_members(manifest, seen, where=str(path))
    return manifest


def _check_members(
    manifest: Manifest, seen: dict[str, tuple[str, int]], *, where: str
) -> None:
    expected = set(manifest.members)
    if manifest.database_member not in expected:
        raise BackupError(
            f"{MANIFEST_NAME} lists no database ({manifest.database_member})",
            where=where,
        )
    missing = sorted(expected - set(seen))
    if missing:
        raise BackupError(
            f"truncated or incomplete: {len(missing)} member(s) missing, e.g. "
            f"{missing[0]}",
            where=where,
        )
    extra = sorted(set(seen) - expected)
    if extra:
        raise BackupError(f"member {extra[0]} is not in {MANIFEST_NAME}", where=where)
    for name in sorted(expected):
        digest, size = seen[name]
        if (digest, size) != (
            manifest.members[name]["sha256"],
            manifest.members[name]["size"],
        ):
            raise BackupError(
                f"member {name} is damaged: its sha256 or size does not match "
                f"{MANIFEST_NAME}",
                where=where,
            )


def _digest(stream: IO[bytes]) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    while chunk := stream.read(_CHUNK):
        digest.update(chunk)
        size += len(chunk)
    return digest.hexdigest(), size


_SAFE_NAME = re.compile(r"^[A-Za-z0-9._\-/ ()+@,=~]+$")


def _members(path: Path, consume: Callable[[str, IO[bytes]], None]) -> None:
    """Call ``consume`` with each regular member of the archive and a stream of it.

    Names are checked before anything is read: no absolute path, no "..", only the
    manifest, the database and files/. A read that fails (not gzip, truncated,
    damaged) is one BackupError naming the archive.
    """
    where = str(path)
    if not path.exists():
        raise BackupUsageError("no such file", where=where)
    if not path.is_file():
        raise BackupUsageError("not a file", where=where)
    try:
        with tarfile.open(path, mode="r:gz") as tar:
            for member in tar:
                name = member.name
                pure = PurePosixPath(name)
                if (
                    not member.isfile()
                    or pure.is_absolute()
                    or ".." in pure.parts
                    or not _SAFE_NAME.match(name)
                    or not (
                        name == MANIFEST_NAME
                        or name in DATABASE_MEMBERS.values()
                        or name.startswith(FILES_PREFIX)
                    )
                ):
                    raise BackupError(
                        f"not a privdocs backup: unexpected member {name!r}",
                        where=where,
                    )
                stream = tar.extractfile(member)
                if stream is not None:
                    consume(name, stream)
    except (tarfile.TarError, EOFError, zlib.error, OSError) as error:
        detail = getattr(error, "strerror", None) or error
        raise BackupError(
            f"not a privdocs backup, or truncated or damaged ({detail})", where=where
        ) from None


def _known_migrations() -> set[str]:
    from django.db.migrations.loader import MigrationLoader

    loader = MigrationLoader(None, ignore_no_migrations=True)
    return {f"{app}.{name}" for app, name in loader.disk_migrations}


def _database_where() -> str:
    options = connection.settings_dict
    if options.get("HOST"):
        return f"{options['NAME']} on {options['HOST']}:{options.get('PORT') or 5432}"
    return str(options["NAME"])


def restore_target_check() -> None:
    """Refuse unless the database and the files folder are both empty."""
    with connection.cursor() as cursor:
        tables = sorted(connection.introspection.table_names(cursor))
    if tables:
        raise BackupError(
            NOT_EMPTY_DATABASE.format(
                where=_database_where(), count=len(tables), example=tables[0]
            )
        )
    root = _files_root()
    if root.is_dir():
        entries = sorted(entry.name for entry in root.iterdir())
        if entries:
            raise BackupError(
                NOT_EMPTY_FILES.format(
                    where=root, count=len(entries), example=entries[0]
                )
            )


def backup_restore(
    *,
    path: Path,
    log: TextIO,
    migrate: Callable[[], None] | None = None,
) -> RestoreSummary:
    """Restore an archive into an empty database and data directory.

    The archive is verified whole first; then the vendor, the migrations and the
    emptiness of the target are checked; only then is anything written. Migrations
    newer than the archive are applied by ``migrate`` at the end.
    """
    path = Path(path)
    manifest = archive_verify(path)
    if manifest.vendor != connection.vendor:
        raise BackupError(
            CROSS_VENDOR.format(
                path=path,
                archived=VENDOR_NAMES[manifest.vendor],
                current=VENDOR_NAMES.get(connection.vendor, connection.vendor),
            )
        )
    known = _known_migrations()
    unknown = sorted(set(manifest.migrations) - known)
    if unknown:
        raise BackupError(
            NEWER_ARCHIVE.format(
                path=path,
                version=manifest.privdocs_version,
                names=", ".join(unknown[:3]) + ("…" if len(unknown) > 3 else ""),
            )
        )
    restore_target_check()
    log.write(f"Verified the {len(manifest.members)} members of {path}.\n")
    log.flush()
    data_dir = Path(settings.PRIVDOCS_DATA_DIR)
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(dir=data_dir, prefix=".restore-"))
    except OSError as error:
        raise BackupError(
            f"cannot write in the data directory: {error.strerror}", where=str(data_dir)
        ) from None
    try:
        files = _extract(path, manifest, staging, log)
        log.write(f"Restoring the {VENDOR_NAMES[manifest.vendor]} database…\n")
        log.flush()
        staged_database = staging / manifest.database_member
        if manifest.vendor == "sqlite":
            _sqlite_restore(staged_database)
        else:
            _postgresql_restore(staged_database)
        staged_files = staging / FILES_PREFIX.rstrip("/")
        if staged_files.is_dir():
            root = _files_root()
            if root.is_dir():
                root.rmdir()  # checked empty above
            root.parent.mkdir(parents=True, exist_ok=True)
            os.replace(staged_files, root)
    except OSError as error:
        raise BackupError(
            f"cannot restore into the data directory: {error.strerror or error}",
            where=str(getattr(error, "filename", None) or data_dir),
        ) from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    newer = tuple(sorted(known - set(manifest.migrations)))
    if newer and migrate is not None:
        log.write(f"Applying {len(newer)} migration(s) newer than the archive…\n")
        log.flush()
        migrate()
    return RestoreSummary(manifest=manifest, files=files, migrations_applied=newer)


def _extract(path: Path, manifest: Manifest, staging: Path, log: TextIO) -> int:
    """Write every member under ``staging``, checking each checksum again."""
    files = sum(1 for name in manifest.members if name.startswith(FILES_PREFIX))
    progress = ProgressLine(log, "Extracting files", total=files)
    done = 0

    def consume(name: str, stream: IO[bytes]) -> None:
        nonlocal done
        if name == MANIFEST_NAME:
            return
        target = staging / PurePosixPath(name)
        digest = hashlib.sha256()
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            out = target.open("wb")
        except OSError as error:
            raise BackupError(
                f"cannot write: {error.strerror}", where=str(target)
            ) from None
        with out:
            # A failed read is the archive's fault (told by _members); a failed
            # write is the disk's.
            while chunk := stream.read(_CHUNK):
                digest.update(chunk)
                try:
                    out.write(chunk)
                except OSError as error:
                    raise BackupError(
                        f"cannot write: {error.strerror}", where=str(target)
                    ) from None
        if digest.hexdigest() != manifest.members[name]["sha256"]:
            raise BackupError(
                f"member {name} changed while it was read", where=str(path)
            )
        if name.startswith(FILES_PREFIX):
            done += 1
            if done < files:
                progress.update(done)

    _members(path, consume)
    progress.finish(done)
    return done


def _sqlite_restore(staged: Path) -> None:
    """Put the copied SQLite file where the settings name the database."""
    target = Path(str(connection.settings_dict["NAME"]))
    connection.close()
    copy = _sqlite_open(staged)
    try:
        result = copy.execute("PRAGMA quick_check").fetchone()
    except sqlite3.DatabaseError as error:
        raise BackupError(f"the archived database is unreadable: {error}") from None
    finally:
        copy.close()
    if result is None or result[0] != "ok":
        raise BackupError(f"the archived database fails its check: {result}")
    target.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("-wal", "-shm", "-journal"):
        with contextlib.suppress(FileNotFoundError):
            Path(f"{target}{suffix}").unlink()
    os.replace(staged, target)


def _postgresql_restore(staged: Path) -> None:
    """pg_restore into the (empty) database, in one transaction: all or nothing."""
    connection.ensure_connection()
    major = connection.pg_version // 10000  # type: ignore[attr-defined]
    pg_restore = postgresql_tool("pg_restore", major)
    connection.close()
    _postgresql_run(
        [
            pg_restore,
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={connection.settings_dict['NAME']}",
            str(staged),
        ],
        what="pg_restore",
    )
