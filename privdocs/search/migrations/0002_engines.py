"""The engines' index over search_entry: FTS5 on SQLite, a tsvector on PostgreSQL.

Written as SQL per vendor because neither has a portable Django field. On SQLite
the FTS5 table reads its text from search_entry (external content) and triggers
keep it in step. Beware: if a later migration alters search_entry, SQLite remakes
the table and drops these triggers; recreate them in that migration.
"""

from django.db import migrations

SQLITE_FORWARD = [
    """
    CREATE VIRTUAL TABLE search_entry_fts USING fts5(
        identifier, title, systems, summary, body,
        content='search_entry', content_rowid='version_id',
        tokenize='porter unicode61 remove_diacritics 2'
    )
    """,
    """
    CREATE TRIGGER search_entry_after_insert AFTER INSERT ON search_entry BEGIN
        INSERT INTO search_entry_fts (rowid, identifier, title, systems, summary, body)
        VALUES (new.version_id, new.identifier, new.title, new.systems, new.summary,
                new.body);
    END
    """,
    """
    CREATE TRIGGER search_entry_after_delete AFTER DELETE ON search_entry BEGIN
        INSERT INTO search_entry_fts
            (search_entry_fts, rowid, identifier, title, systems, summary, body)
        VALUES ('delete', old.version_id, old.identifier, old.title, old.systems,
                old.summary, old.body);
    END
    """,
    """
    CREATE TRIGGER search_entry_after_update AFTER UPDATE ON search_entry BEGIN
        INSERT INTO search_entry_fts
            (search_entry_fts, rowid, identifier, title, systems, summary, body)
        VALUES ('delete', old.version_id, old.identifier, old.title, old.systems,
                old.summary, old.body);
        INSERT INTO search_entry_fts (rowid, identifier, title, systems, summary, body)
        VALUES (new.version_id, new.identifier, new.title, new.systems, new.summary,
                new.body);
    END
    """,
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS search_entry_after_update",
    "DROP TRIGGER IF EXISTS search_entry_after_delete",
    "DROP TRIGGER IF EXISTS search_entry_after_insert",
    "DROP TABLE IF EXISTS search_entry_fts",
]

# Weights: A identifier and title, B system names, C summary, D body. Slashes and
# hyphens become spaces: PostgreSQL's parser would read "DHS/ICE/PIA-015" as one
# file-path token and "PIA-015" as "pia" and "-015", which no typed query matches.
POSTGRESQL_FORWARD = [
    """
    ALTER TABLE search_entry ADD COLUMN document tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english', identifier), 'A')
        || setweight(to_tsvector('english', translate(title, '/-', '  ')), 'A')
        || setweight(to_tsvector('english', translate(systems, '/-', '  ')), 'B')
        || setweight(to_tsvector('english', translate(summary, '/-', '  ')), 'C')
        || setweight(to_tsvector('english', translate(body, '/-', '  ')), 'D')
    ) STORED
    """,
    "CREATE INDEX search_entry_document ON search_entry USING gin (document)",
]
POSTGRESQL_BACKWARD = [
    "DROP INDEX IF EXISTS search_entry_document",
    "ALTER TABLE search_entry DROP COLUMN IF EXISTS document",
]

STATEMENTS = {
    "sqlite": (SQLITE_FORWARD, SQLITE_BACKWARD),
    "postgresql": (POSTGRESQL_FORWARD, POSTGRESQL_BACKWARD),
}


def _run(schema_editor, direction):
    vendor = schema_editor.connection.vendor
    if vendor not in STATEMENTS:
        raise RuntimeError(f"privdocs search supports SQLite and PostgreSQL, not {vendor}")
    for statement in STATEMENTS[vendor][direction]:
        schema_editor.execute(statement)


def forward(apps, schema_editor):
    _run(schema_editor, 0)


def backward(apps, schema_editor):
    _run(schema_editor, 1)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
