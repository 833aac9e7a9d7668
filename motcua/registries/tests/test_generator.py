"""Demo register data is realistic: valid personal IDs and tax codes, Vietnamese names with
diacritics (NFC), addresses on the new communes, the three demo citizens included."""

import unicodedata
from datetime import date

from motcua.accounts.identity import personal_id_check, tax_code_check
from motcua.registries.generator import (
    DEMO_PEOPLE,
    Commune,
    businesses_generate,
    people_generate,
    tax_check_digit,
)

COMMUNES = [Commune("11953", "Phường Phố Hiến"), Commune("12205", "Xã Khoái Châu")]


def test_ten_thousand_people_with_valid_unique_ids():
    people = people_generate(count=10000, communes=COMMUNES)
    ids = [p["personal_id"] for p in people]
    assert len(set(ids)) == 10000
    assert [p["personal_id"] for p in people[:3]] == [pid for pid, *_ in DEMO_PEOPLE]
    today = date(2026, 6, 1)
    assert all(not personal_id_check(pid, today=today) for pid in ids)
    assert {pid[:3] for pid in ids} >= {"033", "034"} and {pid[3] for pid in ids} == set("0123")
    for person in people[:200]:
        born = date.fromisoformat(person["date_of_birth"])
        assert person["personal_id"][4:6] == f"{born.year % 100:02d}"
        assert unicodedata.is_normalized("NFC", person["full_name"])
        assert person["unit_code"] in {"11953", "12205"}
        assert person["permanent_address"].endswith("tỉnh Hưng Yên")
    assert any("ư" in p["full_name"] or "ễ" in p["full_name"] for p in people)


def test_businesses_have_valid_tax_codes_and_real_representatives():
    people = people_generate(count=500, communes=COMMUNES)
    businesses = businesses_generate(count=1000, people=people, communes=COMMUNES)
    codes = [b["tax_code"] for b in businesses]
    assert len(set(codes)) == 1000 and all(not tax_code_check(c) for c in codes)
    ids = {p["personal_id"] for p in people}
    assert all(b["representative_personal_id"] in ids for b in businesses)
    assert businesses[0]["representative_personal_id"] == "033090001234"


def test_tax_check_digit_rule():
    assert tax_check_digit("010010910") == 6  # Viettel 0100109106 (DOMAIN.md §7.2)
    # A remainder of 0 would need the digit "10": no such code is issued.
    nine = next(f"{n:09d}" for n in range(10**6) if tax_check_digit(f"{n:09d}") is None)
    weights = (31, 29, 23, 19, 17, 13, 7, 5, 3)
    assert sum(int(d) * w for d, w in zip(nine, weights)) % 11 == 0
