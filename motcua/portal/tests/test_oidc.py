"""The national identity provider's login: its personal-ID claim finds (or makes) the citizen's
account, a claim that is not a personal ID is refused, and the session is marked verified."""

import pytest
from django.test import RequestFactory

from motcua.accounts.models import User
from motcua.portal.identity import session_identity_verified


@pytest.fixture
def backend(settings, db):
    pytest.importorskip("mozilla_django_oidc")
    for name in ("OIDC_OP_TOKEN_ENDPOINT", "OIDC_OP_USER_ENDPOINT", "OIDC_OP_JWKS_ENDPOINT"):
        setattr(settings, name, "https://idp.example/x")
    settings.OIDC_RP_CLIENT_ID, settings.OIDC_RP_CLIENT_SECRET = "rp", "secret"
    from motcua.portal.oidc import NationalIdentityBackend

    return NationalIdentityBackend()


def test_claims_map_to_the_personal_id(backend):
    existing = User.objects.create_user(username="an", personal_id="033090001234")
    claims = {"sub": "033090001234", "name": "Nguyễn Văn An"}
    assert backend.verify_claims(claims) and not backend.verify_claims({"sub": "not-an-id"})
    assert list(backend.filter_users_by_claims(claims)) == [existing]
    new = backend.create_user({"sub": "034195006789", "name": "Trần Thị Bình"})
    assert (new.username, new.personal_id, new.full_name) == (
        "034195006789",
        "034195006789",
        "Trần Thị Bình",
    )


def test_a_provider_login_marks_the_session(backend, monkeypatch):
    from mozilla_django_oidc.auth import OIDCAuthenticationBackend

    user = User.objects.create_user(username="an", personal_id="033090001234")
    monkeypatch.setattr(OIDCAuthenticationBackend, "authenticate", lambda self, request, **kw: user)
    request = RequestFactory().get("/oidc/callback/")
    request.session = {}
    assert backend.authenticate(request) == user
    assert session_identity_verified(request)
    plain = RequestFactory().get("/")
    plain.session = {}
    assert not session_identity_verified(plain)
