"""The hub alert and agency tests' data: late dossiers in February and March 2026 on top of
the March scenario, so that some units' late count rises from February to March and others'
falls or stays (the hub's alerts).

By hand, late ("trễ hạn") dossiers finished in each month:

| unit                                    | February | March                 | alert   |
|-----------------------------------------|----------|-----------------------|---------|
| Hưng Yên (33)                           | 4        | 5 (B C I + 2 below)   | +1      |
|   Sở KH&CN H31.12                       | 1        | 3 (B C I)             | +2      |
|   Xã Khoái Châu (H31.50.002)            | 0        | 1                     | +1      |
|   Phường Phố Hiến (H31.50.001)          | 2        | 0                     | no (−2) |
|   H31.99 (an e-ID the hub does not know) | 1       | 1                     | no (=)  |
| Hà Nội (01)                             | 3        | 1                     | no (−2) |
| Đà Nẵng (48)                            | 0        | 2                     | +2      |
"""

import pytest
from django.contrib.auth.models import Permission

from motcua.accounts.models import User
from motcua.agencies.tests.factories import ProvinceUnitFactory
from motcua.indicators.tests.hub.conftest import post
from motcua.sync.services import credential_create
from motcua.sync.tests.conftest import batch_body, event, signed_post

MARCH = {"period": "month", "year": "2026", "month": "3"}
NATION = "/chi-so/toan-quoc/"
PROVINCE = "/chi-so/toan-quoc/tinh/33/"
DOSSIERS = "/chi-so/toan-quoc/ho-so/"

# (province, handling agency e-ID, month, how many late dossiers)
LATE = [
    ("33", "H31.12", 2, 1),
    ("33", "H31.50.001", 2, 2),
    ("33", "H31.99", 2, 1),
    ("33", "H31.99", 3, 1),
    ("33", "H31.50.002", 3, 1),
    ("01", "H26.50.001", 2, 3),
    ("01", "H26.50.001", 3, 1),
    ("48", "H48.12", 3, 2),
]


def late_code(agency: str, month: int, n: int) -> str:
    return f"{agency}-2026{month:02d}02-{n:04d}"


def late_event(agency: str, month: int, n: int) -> dict:
    """Received on the 2nd, due on the 5th, result returned on the 10th: late, finished in
    `month`."""
    day = f"2026-{month:02d}-"
    return event(
        code=late_code(agency, month, n),
        seq=1,
        status=10,
        action="return_result",
        received_at=f"{day}02T09:00:00+07:00",
        due_at=f"{day}05T09:00:00+07:00",
        original_due_at=f"{day}05T09:00:00+07:00",
        finished_at=f"{day}10T09:00:00+07:00",
        handling_agency=agency,
        receiving_agency=agency,
        result_code="KQ-1",
    )


def late_codes(*, province: str, agency: str | None = None, month: int) -> set[str]:
    return {
        late_code(a, m, n)
        for p, a, m, count in LATE
        if p == province and (agency is None or a == agency) and m == month
        for n in range(1, count + 1)
    }


@pytest.fixture
def ministry(db) -> User:
    user = User.objects.create_user(
        username="bo_noi_vu", password="pw-test-12345", full_name="Cán bộ Bộ Nội vụ"
    )
    user.user_permissions.add(Permission.objects.get(codename="view_hubdailyrollup"))
    return user


@pytest.fixture
def rises(client, hub_events, secret, django_capture_on_commit_callbacks):
    """The March scenario (province 33) and the late dossiers of LATE, all through the hub's
    signed ingest. Returns the scenario's events."""
    capture = django_capture_on_commit_callbacks
    post(client, hub_events, secret=secret, capture=capture)
    ProvinceUnitFactory(code="48", name="Thành phố Đà Nẵng")
    secrets = {"33": secret, "01": credential_create(province="01")[1]}
    secrets["48"] = credential_create(province="48")[1]
    for province in ("33", "01", "48"):
        events = [
            late_event(agency, month, n)
            for p, agency, month, count in LATE
            if p == province
            for n in range(1, count + 1)
        ]
        with capture(execute=True):
            response = signed_post(
                client, batch_body(events, province), secret=secrets[province], province=province
            )
        assert response.json()["applied"] == len(events), response.content
    return hub_events


def codes(response) -> set[str]:
    """The dossier codes of a drill-down list page."""
    assert response.status_code == 200
    return {row[1] for row in response.context["rows"]}


def headline(response) -> dict[str, tuple[int, str]]:
    return {str(label): (value, url) for label, value, url in response.context["headline"]}
