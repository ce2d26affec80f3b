"""On SQLite, an FTS5 index over SearchDocument.terms, kept in step by triggers (PostgreSQL uses its own
full-text search and gets nothing here)."""

from django.db import migrations

FTS = "discussions_searchdocument_fts"
TABLE = "discussions_searchdocument"

CREATE = [
    f"CREATE VIRTUAL TABLE {FTS} USING fts5(terms, content='{TABLE}', content_rowid='id')",
    f"CREATE TRIGGER {FTS}_ai AFTER INSERT ON {TABLE} BEGIN "
    f"INSERT INTO {FTS}(rowid, terms) VALUES (new.id, new.terms); END",
    f"CREATE TRIGGER {FTS}_ad AFTER DELETE ON {TABLE} BEGIN "
    f"INSERT INTO {FTS}({FTS}, rowid, terms) VALUES ('delete', old.id, old.terms); END",
    f"CREATE TRIGGER {FTS}_au AFTER UPDATE ON {TABLE} BEGIN "
    f"INSERT INTO {FTS}({FTS}, rowid, terms) VALUES ('delete', old.id, old.terms); "
    f"INSERT INTO {FTS}(rowid, terms) VALUES (new.id, new.terms); END",
    f"INSERT INTO {FTS}({FTS}) VALUES ('rebuild')",
]
DROP = [f"DROP TRIGGER IF EXISTS {FTS}_ai", f"DROP TRIGGER IF EXISTS {FTS}_ad", f"DROP TRIGGER IF EXISTS {FTS}_au",
        f"DROP TABLE IF EXISTS {FTS}"]


def _run(statements):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor != "sqlite":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("discussions", "0002_code_version_submission")]

    operations = [migrations.RunPython(_run(CREATE), _run(DROP))]
