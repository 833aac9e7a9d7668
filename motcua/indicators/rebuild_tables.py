"""How the rebuild writes its tables: empties them (on PostgreSQL TRUNCATE when they hold
nothing else), loads them without their indexes and builds those once, sets its transaction's
PostgreSQL settings, and writes the state table with a parallel plan, swapped in.

Write a rebuilt PostgreSQL table with a parallel plan: `CREATE TABLE … AS SELECT` may run
its query in parallel workers (PostgreSQL 11+), `INSERT … SELECT` may not (up to 16 at least).
The rebuild computes the state rows into a new table that way and swaps it in for the emptied
live one, in its own transaction: the new table takes the old one's name, column types,
NOT NULL and CHECK constraints, key and indexes, read from the catalog, so it is the table the
migrations made. Readers wait for the commit, as they do for the TRUNCATE it replaces.

Only a plain table is swapped: anything the swap would lose — grants, dependent views,
triggers, foreign keys pointing at it, publications, row security, storage options, comments,
defaults, identity columns, collations, another owner or tablespace — sends the caller back
to the (slower, serial) INSERT."""

from contextlib import contextmanager
from typing import TYPE_CHECKING

from django.db import DatabaseError, transaction

if TYPE_CHECKING:
    from motcua.indicators.rebuild import Dialect


def clear(cursor, d: "Dialect", table: str, scope: str) -> bool:
    """Delete the rows in scope. On PostgreSQL a table holding nothing else (a province node
    rebuilding its own province) is truncated: no dead rows for 10 M deletions; readers wait
    for the rebuild's commit instead of seeing the old rows meanwhile."""
    if d.postgres:
        cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {table} WHERE NOT ({scope}))")
        if not cursor.fetchone()[0]:
            cursor.execute(f"TRUNCATE {table}")
            return True
    cursor.execute(f"DELETE FROM {table} WHERE {scope}")
    return False


@contextmanager
def bulk_load(cursor, table: str, empty: bool):
    """Fill an emptied PostgreSQL table without its indexes, then build them once (a sorted
    build is several times faster than ten million B-tree insertions). Same transaction, so
    nobody sees the table without them. Anything else: just insert."""
    if not empty:
        yield
        return
    cursor.execute(
        "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint"
        " WHERE conrelid = %s::regclass AND contype IN ('p', 'u')",
        [table],
    )
    constraints = cursor.fetchall()
    cursor.execute(
        "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema()"
        " AND tablename = %s",
        [table],
    )
    indexes = [(n, sql) for n, sql in cursor.fetchall() if n not in {c[0] for c in constraints}]
    for name, _ in constraints:
        cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
    for name, _ in indexes:
        cursor.execute(f'DROP INDEX "{name}"')
    yield
    for name, definition in constraints:
        cursor.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
    for _, sql in indexes:
        cursor.execute(sql)


def session_settings(cursor) -> None:
    """PostgreSQL settings for this transaction only."""
    # 1 GB was not faster at 10 M dossiers (docs/benchmarks/indicators.md); JIT compiling the
    # wide CASE expressions costs more than it saves; the state table's key is sorted in memory.
    cursor.execute("SET LOCAL work_mem = '256MB'")
    cursor.execute("SET LOCAL maintenance_work_mem = '1GB'")
    cursor.execute("SET LOCAL jit = off")
    try:  # the work tables in memory, not in 8 MB of local buffers spilling to disk
        with transaction.atomic():
            cursor.execute("SET LOCAL temp_buffers = '2GB'")
    except DatabaseError:  # temporary tables already used in this session
        pass


def parallel_costs(cursor, per_row: str, setup: str) -> None:
    cursor.execute(f"SET LOCAL parallel_tuple_cost TO {per_row}")
    cursor.execute(f"SET LOCAL parallel_setup_cost TO {setup}")


_PLAIN = """
SELECT c.relacl IS NULL AND c.reloptions IS NULL AND NOT c.relrowsecurity
   AND c.relkind = 'r' AND NOT c.relhassubclass AND c.reltablespace = 0
   AND c.relowner = (SELECT oid FROM pg_roles WHERE rolname = current_user)
   AND NOT EXISTS (SELECT 1 FROM pg_attrdef ad WHERE ad.adrelid = c.oid)
   AND NOT EXISTS (SELECT 1 FROM pg_attribute a JOIN pg_type ty ON ty.oid = a.atttypid
                   WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
                   AND (a.attidentity <> '' OR a.attgenerated <> ''
                        OR a.attcollation <> ty.typcollation))
   AND NOT EXISTS (SELECT 1 FROM pg_depend dep JOIN pg_rewrite rw ON rw.oid = dep.objid
                   WHERE dep.refobjid = c.oid AND dep.classid = 'pg_rewrite'::regclass)
   AND NOT EXISTS (SELECT 1 FROM pg_trigger t WHERE t.tgrelid = c.oid)
   AND NOT EXISTS (SELECT 1 FROM pg_constraint f WHERE f.confrelid = c.oid)
   AND NOT EXISTS (SELECT 1 FROM pg_publication_rel pr WHERE pr.prrelid = c.oid)
   AND NOT EXISTS (SELECT 1 FROM pg_publication p WHERE p.puballtables)
   AND NOT EXISTS (SELECT 1 FROM pg_inherits i WHERE i.inhrelid = c.oid)
   AND NOT EXISTS (SELECT 1 FROM pg_description ds WHERE ds.objoid = c.oid
                   AND ds.classoid = 'pg_class'::regclass)
FROM pg_class c WHERE c.oid = %s::regclass
"""


def swappable(cursor, table: str) -> bool:
    cursor.execute(_PLAIN, [table])
    return bool(cursor.fetchone()[0])


def columns_of(cursor, table: str) -> list[tuple[str, str, bool]]:
    """(name, SQL type, NOT NULL) of each column, in order."""
    cursor.execute(
        "SELECT attname, format_type(atttypid, atttypmod), attnotnull FROM pg_attribute"
        " WHERE attrelid = %s::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum",
        [table],
    )
    return cursor.fetchall()


def create_as(cursor, table: str, new: str, rows_sql: str, params) -> int:
    """Create `new` holding `rows_sql` (which names every column of `table`), each value cast
    to the live column's type and in its order. Returns the number of rows."""
    select = ", ".join(f'CAST(r."{n}" AS {t}) AS "{n}"' for n, t, _ in columns_of(cursor, table))
    cursor.execute(f"DROP TABLE IF EXISTS {new}")
    cursor.execute(f"CREATE TABLE {new} AS SELECT {select} FROM ({rows_sql}) AS r", params)
    return cursor.rowcount


def swap_in(cursor, table: str, new: str) -> None:
    """Replace `table` by `new` (made by create_as): drop the old table, rename the new one,
    then add the old NOT NULLs and CHECKs (one scan), the key and the other indexes."""
    columns = columns_of(cursor, table)
    cursor.execute(
        "SELECT conname, contype, pg_get_constraintdef(oid) FROM pg_constraint"
        " WHERE conrelid = %s::regclass AND contype IN ('p', 'u', 'c', 'f', 'x')"
        " ORDER BY contype <> 'p', conname",
        [table],
    )
    constraints = cursor.fetchall()
    cursor.execute(
        "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i"
        " WHERE i.indrelid = %s::regclass AND NOT EXISTS"
        " (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)",
        [table],
    )
    indexes = cursor.fetchall()
    cursor.execute(f"DROP TABLE {table}")
    cursor.execute(f"ALTER TABLE {new} RENAME TO {table}")
    checks = [f'ALTER COLUMN "{n}" SET NOT NULL' for n, _, not_null in columns if not_null]
    checks += [
        f'ADD CONSTRAINT "{n}" {definition}' for n, kind, definition in constraints if kind == "c"
    ]
    if checks:
        cursor.execute(f"ALTER TABLE {table} {', '.join(checks)}")
    for name, kind, definition in constraints:
        if kind != "c":
            cursor.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
    for _, definition in indexes:
        cursor.execute(definition)
