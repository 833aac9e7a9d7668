"""PostgreSQL: leave 30 % of each replica page free, so that applying a newer event (an UPDATE
that changes no indexed column in the usual case) is a HOT update: the new row version goes
on the same page and no index gets a new entry. Full pages made every update write a new
version elsewhere plus an entry in each of the three indexes.

Only new pages follow the setting; an existing hub's table is rewritten with it by
`VACUUM FULL sync_replicadossier` (takes an exclusive lock: run it in a quiet hour).
SQLite has no fill factor: nothing to do there.
"""

from django.db import migrations

FILLFACTOR = 70


def fillfactor_set(apps, schema_editor, value=FILLFACTOR):
    if schema_editor.connection.vendor != "postgresql":
        return
    table = schema_editor.quote_name(apps.get_model("sync", "ReplicaDossier")._meta.db_table)
    schema_editor.execute(f"ALTER TABLE {table} SET (fillfactor = {int(value)})")


def fillfactor_reset(apps, schema_editor):
    fillfactor_set(apps, schema_editor, value=100)


class Migration(migrations.Migration):
    dependencies = [("sync", "0001_initial")]

    operations = [migrations.RunPython(fillfactor_set, fillfactor_reset, elidable=False)]
