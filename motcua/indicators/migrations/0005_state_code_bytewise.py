"""The per-dossier state table is rewritten whole by `indicators_rebuild` (10 M rows for a
province-year), and its key is built once after the load. Dossier codes are ASCII
(TT 03/2025/TT-VPCP Art. 13), so on PostgreSQL the key can compare bytes (collation "C",
about a third cheaper to sort than the database's linguistic collation) and the extra
`varchar_pattern_ops` index Django adds for LIKE on a text key (never used on this table)
can go. SQLite: nothing to do."""

from django.db import migrations

TABLE = "indicators_dossierindicatorstate"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()"
            " AND tablename = %s AND indexdef LIKE %s",
            [TABLE, "%varchar_pattern_ops%"],
        )
        for (name,) in cursor.fetchall():
            cursor.execute(f'DROP INDEX "{name}"')
        cursor.execute(f'ALTER TABLE {TABLE} ALTER COLUMN code TYPE varchar(64) COLLATE "C"')


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f'ALTER TABLE {TABLE} ALTER COLUMN code TYPE varchar(64) COLLATE "default"')
        cursor.execute(f"CREATE INDEX {TABLE}_code_like ON {TABLE} (code varchar_pattern_ops)")


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0004_rollup_grains"),
    ]

    operations = [migrations.RunPython(forwards, backwards, elidable=True)]
