"""Write a rebuilt PostgreSQL table with a parallel plan: `CREATE TABLE … AS SELECT` may run
its query in parallel workers (PostgreSQL 11+), `INSERT … SELECT` may not (up to 16 at least).
The rebuild computes the state rows into a new table that way and swaps it in for the emptied
live one, in its own transaction: the new table takes the old one's name, column types,
NOT NULL and CHECK constraints, key and indexes, read from the catalog, so it is the table the
migrations made. Readers wait for the commit, as they do for the TRUNCATE it replaces.

Only a plain table is swapped: anything the swap would lose — grants, dependent views,
triggers, foreign keys pointing at it, publications, row security, storage options, comments,
defaults, identity columns, collations, another owner or tablespace — sends the caller back to the (slower, serial) INSERT."""

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
