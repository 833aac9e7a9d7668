"""Every write to the register tables: importing a snapshot of the registers from CSV.

An import replaces the reference tables with the file's rows in one transaction, so importing
the same files twice leaves the same tables. A file with any bad row is refused whole, with
every problem listed (row number and reason), and nothing is written.
"""

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import IO

from django.db import transaction
from django.utils import timezone

from motcua.accounts.identity import personal_id_check, tax_code_check
from motcua.adminunits.constants import UnitLevel
from motcua.adminunits.models import AdminUnit
from motcua.core.errors import ApplicationError, ErrorDetail
from motcua.core.text import nfc
from motcua.registries.generator import BUSINESS_COLUMNS, PEOPLE_COLUMNS
from motcua.registries.models import RegistryBusiness, RegistryPerson

MAX_PROBLEMS = 50
BATCH = 2000


@dataclass(frozen=True)
class RegistryImportReport:
    people: int
    businesses: int


def _date(value: str) -> date | None:
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def _rows(file: IO[str], columns: list[str], what: str, problems: list[ErrorDetail]) -> list[dict]:
    reader = csv.DictReader(file)
    missing = [c for c in columns if c not in (reader.fieldnames or [])]
    if missing:
        problems.append(
            ErrorDetail(
                what,
                f"Tệp thiếu cột: {', '.join(missing)}.",
                f"The file lacks columns: {', '.join(missing)}.",
            )
        )
        return []
    return [{k: nfc((v or "").strip()) for k, v in row.items() if k} for row in reader]


def _person_problems(row: dict, line: int, today: date, units: set[str]) -> list[ErrorDetail]:
    path = f"people[{line}]"
    problems = [
        ErrorDetail(f"{path}.personal_id", vi, en)
        for vi, en in personal_id_check(row["personal_id"], today=today)
    ]
    if not row["full_name"]:
        problems.append(ErrorDetail(f"{path}.full_name", "Thiếu họ tên.", "Name missing."))
    if _date(row["date_of_birth"]) is None:
        problems.append(
            ErrorDetail(
                f"{path}.date_of_birth",
                "Ngày sinh phải có dạng YYYY-MM-DD.",
                "The birth date must be YYYY-MM-DD.",
            )
        )
    if row["unit_code"] not in units:
        problems.append(
            ErrorDetail(
                f"{path}.unit_code",
                f"Không có xã, phường, đặc khu mã «{row['unit_code']}».",
                f"No commune with code '{row['unit_code']}'.",
            )
        )
    return problems


def _business_problems(row: dict, line: int, units: set[str]) -> list[ErrorDetail]:
    path = f"businesses[{line}]"
    problems = [
        ErrorDetail(f"{path}.tax_code", vi, en) for vi, en in tax_code_check(row["tax_code"])
    ]
    if not row["name"]:
        problems.append(ErrorDetail(f"{path}.name", "Thiếu tên doanh nghiệp.", "Name missing."))
    if (
        len(row["representative_personal_id"]) != 12
        or not row["representative_personal_id"].isdigit()
    ):
        problems.append(
            ErrorDetail(
                f"{path}.representative_personal_id",
                "Số định danh người đại diện phải gồm 12 chữ số.",
                "The representative's personal ID must be 12 digits.",
            )
        )
    if row["unit_code"] not in units:
        problems.append(
            ErrorDetail(
                f"{path}.unit_code",
                f"Không có xã, phường, đặc khu mã «{row['unit_code']}».",
                f"No commune with code '{row['unit_code']}'.",
            )
        )
    return problems


def _duplicates(rows: list[dict], key: str, what: str) -> list[ErrorDetail]:
    seen: dict[str, int] = {}
    problems = []
    for line, row in enumerate(rows, start=2):
        if row[key] in seen:
            problems.append(
                ErrorDetail(
                    f"{what}[{line}].{key}",
                    f"«{row[key]}» trùng với dòng {seen[row[key]]}.",
                    f"'{row[key]}' repeats line {seen[row[key]]}.",
                )
            )
        seen.setdefault(row[key], line)
    return problems


def registry_import(*, people_file: IO[str], businesses_file: IO[str]) -> RegistryImportReport:
    """Replace the reference register tables with the rows of two CSV files (UTF-8, header)."""
    problems: list[ErrorDetail] = []
    people = _rows(people_file, PEOPLE_COLUMNS, "people", problems)
    businesses = _rows(businesses_file, BUSINESS_COLUMNS, "businesses", problems)
    units = set(AdminUnit.objects.filter(level=UnitLevel.COMMUNE).values_list("code", flat=True))
    today = timezone.localdate()
    for line, row in enumerate(people, start=2):  # line 1 is the header
        problems += _person_problems(row, line, today, units)
    for line, row in enumerate(businesses, start=2):
        problems += _business_problems(row, line, units)
    problems += _duplicates(people, "personal_id", "people")
    problems += _duplicates(businesses, "tax_code", "businesses")
    if problems:
        raise ApplicationError(
            f"Tệp dữ liệu có {len(problems)} lỗi; chưa nhập gì.",
            message_en=f"The files have {len(problems)} problems; nothing was imported.",
            code="registry_invalid",
            status=422,
            details=problems[:MAX_PROBLEMS],
        )
    with transaction.atomic():
        RegistryPerson.objects.all().delete()
        RegistryBusiness.objects.all().delete()
        _bulk_people(people)
        _bulk_businesses(businesses)
    return RegistryImportReport(people=len(people), businesses=len(businesses))


def _bulk_people(rows: Iterable[dict]) -> None:
    RegistryPerson.objects.bulk_create(
        (
            RegistryPerson(
                personal_id=row["personal_id"],
                full_name=row["full_name"],
                date_of_birth=_date(row["date_of_birth"]),
                gender=row.get("gender", ""),
                permanent_address=row.get("permanent_address", ""),
                unit_code=row["unit_code"],
                phone=row.get("phone", ""),
            )
            for row in rows
        ),
        batch_size=BATCH,
    )


def _bulk_businesses(rows: Iterable[dict]) -> None:
    RegistryBusiness.objects.bulk_create(
        (
            RegistryBusiness(
                tax_code=row["tax_code"],
                name=row["name"],
                address=row.get("address", ""),
                unit_code=row["unit_code"],
                representative_personal_id=row["representative_personal_id"],
                representative_name=row.get("representative_name", ""),
                registered_on=_date(row.get("registered_on", "")),
            )
            for row in rows
        ),
        batch_size=BATCH,
    )


def registry_csv_write(*, rows: list[dict], columns: list[str], file: IO[str]) -> None:
    writer = csv.DictWriter(file, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
