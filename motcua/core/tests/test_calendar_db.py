"""The live calendar: `CalendarOverride` rows (edited in the admin) on top of the package."""

from datetime import date, datetime

import pytest
from django.core.exceptions import ValidationError

from motcua.core.calendar import TZ
from motcua.core.calendar_db import (
    calendar_get,
    calendar_override_delete,
    calendar_override_save,
)
from motcua.core.models import CalendarOverride, CalendarOverrideKind

pytestmark = pytest.mark.django_db

TUESDAY_10_03 = date(2026, 3, 10)
SATURDAY_14_03 = date(2026, 3, 14)


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=TZ)


def _save(day: date, kind: str, note: str = "TB 9441/TB-BNV") -> CalendarOverride:
    return calendar_override_save(override=CalendarOverride(date=day, kind=kind, note=note))


@pytest.mark.parametrize(
    ("overrides", "start", "due"),
    [
        pytest.param([], "2026-03-09 10:00", "2026-03-10 10:00", id="no-rows-package-only"),
        pytest.param(
            [(TUESDAY_10_03, CalendarOverrideKind.HOLIDAY)],
            "2026-03-09 10:00",
            "2026-03-11 10:00",
            id="holiday-row-skipped",
        ),
        pytest.param(
            [(SATURDAY_14_03, CalendarOverrideKind.WORKING_DAY)],
            "2026-03-13 10:00",
            "2026-03-14 10:00",
            id="working-saturday-row-counts",
        ),
        pytest.param(
            [(date(2026, 2, 20), CalendarOverrideKind.WORKING_DAY)],
            "2026-02-13 10:00",
            "2026-02-20 10:00",
            id="working-day-row-removes-package-tet-day",
        ),
    ],
)
def test_calendar_get_applies_override_rows(overrides, start, due):
    for day, kind in overrides:
        _save(day, kind)
    assert calendar_get().add_working_days(at(start), 1) == at(due)


def test_saved_and_deleted_overrides_are_seen_at_once():
    assert calendar_get().is_working_day(TUESDAY_10_03)
    override = _save(TUESDAY_10_03, CalendarOverrideKind.HOLIDAY)
    assert not calendar_get().is_working_day(TUESDAY_10_03)
    override.kind = CalendarOverrideKind.WORKING_DAY
    calendar_override_save(override=override)
    assert calendar_get().is_working_day(TUESDAY_10_03)
    calendar_override_delete(override=override)
    assert calendar_get().is_working_day(TUESDAY_10_03)
    assert not CalendarOverride.objects.exists()


def test_rows_written_outside_the_services_are_seen_too():
    calendar_get()
    CalendarOverride.objects.create(date=TUESDAY_10_03, kind="holiday", note="nhập trực tiếp")
    assert not calendar_get().is_working_day(TUESDAY_10_03)


def test_calendar_get_costs_one_query_and_reuses_the_built_calendar(django_assert_num_queries):
    _save(TUESDAY_10_03, CalendarOverrideKind.HOLIDAY)
    first = calendar_get()
    with django_assert_num_queries(1):
        second = calendar_get()
    assert second is first


@pytest.mark.parametrize(
    ("fields", "bad_field"),
    [
        pytest.param({"kind": "holiday", "note": ""}, "note", id="legal-basis-required"),
        pytest.param({"kind": "weekend", "note": "x"}, "kind", id="unknown-kind"),
    ],
)
def test_override_save_validates(fields, bad_field):
    with pytest.raises(ValidationError) as raised:
        calendar_override_save(override=CalendarOverride(date=TUESDAY_10_03, **fields))
    assert bad_field in raised.value.message_dict
    assert not CalendarOverride.objects.exists()


def test_one_override_per_date():
    _save(TUESDAY_10_03, CalendarOverrideKind.HOLIDAY)
    with pytest.raises(ValidationError) as raised:
        _save(TUESDAY_10_03, CalendarOverrideKind.WORKING_DAY)
    assert "date" in raised.value.message_dict


# Admin: the Bộ Nội vụ notice is entered here each year


def test_admin_add_goes_through_the_service(admin_client):
    response = admin_client.post(
        "/admin/core/calendaroverride/add/",
        {"date": "2026-03-14", "kind": "working_day", "note": "Làm bù theo TB 9441/TB-BNV"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert calendar_get().is_working_day(SATURDAY_14_03)


def test_admin_delete_falls_back_to_package(admin_client):
    override = _save(TUESDAY_10_03, CalendarOverrideKind.HOLIDAY)
    response = admin_client.post(
        f"/admin/core/calendaroverride/{override.pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == 302
    assert calendar_get().is_working_day(TUESDAY_10_03)


@pytest.mark.parametrize(
    "query",
    [
        pytest.param("", id="list-by-date"),
        pytest.param("?kind__exact=holiday", id="filter-kind"),
        pytest.param("?year=2026", id="filter-year"),
        pytest.param("?q=9441", id="search-note"),
    ],
)
def test_admin_changelist(admin_client, query):
    _save(TUESDAY_10_03, CalendarOverrideKind.HOLIDAY, note="Nghỉ theo TB 9441/TB-BNV")
    _save(date(2027, 3, 13), CalendarOverrideKind.WORKING_DAY, note="Làm bù 2027")
    response = admin_client.get(f"/admin/core/calendaroverride/{query}")
    assert response.status_code == 200
    content = response.content.decode()
    assert "Nghỉ theo TB 9441/TB-BNV" in content
    if query:
        assert "Làm bù 2027" not in content
