"""Whether the current login came through the national identity provider (see oidc.py)."""

from django.contrib.auth import BACKEND_SESSION_KEY

SESSION_FLAG = "identity_verified"
BACKEND_PATH = "motcua.portal.oidc.NationalIdentityBackend"


def session_identity_verified(request) -> bool:
    session = request.session
    return bool(session.get(SESSION_FLAG)) or session.get(BACKEND_SESSION_KEY) == BACKEND_PATH
