"""Login through the national identity provider (VNeID) over OpenID Connect.

Enabled by MOTCUA_OIDC_ENABLED (config/settings.py), which adds mozilla_django_oidc and this
backend. The provider's personal-ID claim (MOTCUA_OIDC_PERSONAL_ID_CLAIM, "sub" by default)
is the key to `User.personal_id`; a citizen logging in for the first time gets an account.
The session remembers that this login came from the national provider: dossiers submitted
in it are recorded as `identity_verified` (766 indicator 4.5, TaiKhoanDuocXacThucVoiVNeID).
"""

from django.conf import settings
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from motcua.accounts.identity import personal_id_validate
from motcua.portal.identity import SESSION_FLAG


def _personal_id(claims: dict) -> str:
    claim = getattr(settings, "MOTCUA_OIDC_PERSONAL_ID_CLAIM", "sub")
    return str(claims.get(claim) or "").strip()


class NationalIdentityBackend(OIDCAuthenticationBackend):
    def verify_claims(self, claims: dict) -> bool:
        return not personal_id_validate(_personal_id(claims))

    def filter_users_by_claims(self, claims: dict):
        personal_id = _personal_id(claims)
        if not personal_id:
            return self.UserModel.objects.none()
        return self.UserModel.objects.filter(personal_id=personal_id, is_active=True)

    def create_user(self, claims: dict):
        personal_id = _personal_id(claims)
        return self.UserModel.objects.create_user(
            username=personal_id,
            personal_id=personal_id,
            full_name=str(claims.get("name") or ""),
            email=str(claims.get("email") or ""),
        )

    def update_user(self, user, claims: dict):
        name = str(claims.get("name") or "")
        if name and name != user.full_name:
            user.full_name = name
            user.save(update_fields=["full_name"])
        return user

    def authenticate(self, request, **kwargs):
        user = super().authenticate(request, **kwargs)
        if user is not None and request is not None:
            request.session[SESSION_FLAG] = True
        return user
