"""The PostgreSQL rebuild writes the state rows into a new table (CREATE TABLE AS, which may run
in parallel workers) and swaps it in: the swapped table must be exactly the table the
migrations made, hold the same rows as the incremental path, and a table the swap would
change (here: one with a comment) must be rewritten in place instead."""

import sys
from datetime import date
from pathlib import Path

import pytest
from django.db import IntegrityError, connection, transaction

from motcua.indicators.models import DossierIndicatorState
from motcua.indicators.rebuild import STATE, rollups_rebuild
from motcua.indicators.rebuild_tables import swappable

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "bench"))

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the table swap is PostgreSQL's path"
)


def _shape(table: str) -> dict:
    """Everything about the table the swap has to carry over, by name."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attname, format_type(atttypid, atttypmod), attnotnull FROM pg_attribute"
            " WHERE attrelid = %s::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum",
            [table],
        )
        columns = cursor.fetchall()
        cursor.execute(
            "SELECT conname, contype, pg_get_constraintdef(oid) FROM pg_constraint"
            " WHERE conrelid = %s::regclass ORDER BY conname",
            [table],
        )
        constraints = cursor.fetchall()
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s ORDER BY indexname",
            [table],
        )
        indexes = cursor.fetchall()
        cursor.execute(
            "SELECT relpersistence, relkind FROM pg_class WHERE oid = %s::regclass", [table]
        )
        kind = cursor.fetchone()
    return {"columns": columns, "constraints": constraints, "indexes": indexes, "kind": kind}


def _oid(table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT %s::regclass::oid", [table])
        return cursor.fetchone()[0]


def _rows() -> dict:
    return {
        s.dossier_id: (s.seq, s.received_bits, s.finished_bits, s.processing_workdays, s.open_kind)
        for s in DossierIndicatorState.objects.all()
    }


@pytest.fixture
def generated(world):
    from generate import generate

    generate(province="33", count=300, end=date(2026, 11, 28), seed=5)
    return world


def test_swapped_state_table_is_the_migrated_table_with_the_same_rows(generated):
    before, oid = _shape(STATE), _oid(STATE)
    assert before["constraints"], "the model's key and CHECKs are part of the shape"
    assert swappable(connection.cursor(), STATE)
    report = rollups_rebuild()
    assert report.dossiers == 300
    assert _oid(STATE) != oid, "the plain table is replaced by the parallel-written one"
    assert _shape(STATE) == before
    first = _rows()
    assert len(first) == 300
    # The constraints hold again: a negative seq (PositiveIntegerField's CHECK) is refused.
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"UPDATE {STATE} SET seq = -1 WHERE dossier_id = %s", [next(iter(first))])
    # Twice in a row (the work tables are gone after each), and the verification agrees.
    rollups_rebuild()
    assert _rows() == first and _shape(STATE) == before
    assert rollups_rebuild(verify=True).differences == []


def test_a_table_the_swap_would_change_is_rewritten_in_place(generated):
    rollups_rebuild()
    expected = _rows()
    with connection.cursor() as cursor:
        cursor.execute(f"COMMENT ON TABLE {STATE} IS 'đọc bởi báo cáo của tỉnh'")
        assert not swappable(cursor, STATE)
    oid = _oid(STATE)
    report = rollups_rebuild()
    assert report.dossiers == 300 and _rows() == expected
    assert _oid(STATE) == oid
    with connection.cursor() as cursor:
        cursor.execute("SELECT obj_description(%s::regclass, 'pg_class')", [STATE])
        assert cursor.fetchone()[0] == "đọc bởi báo cáo của tỉnh"
