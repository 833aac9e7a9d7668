"""The payment-provider interface and the sandbox provider of the demo.

A provider is outside the platform: the citizen is sent to its checkout page and comes back
with a result the provider vouches for. `SandboxPaymentProvider` plays both parts locally: its
checkout page is a portal page, and it vouches with an HMAC of the reference and outcome.
A real gateway (the national portal's payment platform, a bank) is one more class with the
same two methods, named in MOTCUA_PAYMENT_PROVIDER.
"""

import secrets
from typing import Protocol

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils.module_loading import import_string


class PaymentProvider(Protocol):
    name: str

    def reference_new(self) -> str: ...

    def checkout_url(self, *, reference: str, amount: int, description: str) -> str:
        """Where to send the citizen to pay."""
        ...

    def result_verify(self, *, reference: str, data: dict) -> bool | None:
        """True paid, False refused, None when `data` is not a genuine answer from the provider."""
        ...


class SandboxPaymentProvider:
    """Demo only: every payment succeeds when the citizen confirms it on the sandbox page."""

    name = "sandbox"
    _salt = "motcua.portal.payments.sandbox"

    def reference_new(self) -> str:
        return f"SBX-{secrets.token_hex(8).upper()}"

    def checkout_url(self, *, reference: str, amount: int, description: str) -> str:
        return reverse("portal:payment_sandbox", args=[reference])

    def sign(self, *, reference: str, outcome: str) -> str:
        return signing.Signer(salt=self._salt).signature(f"{reference}:{outcome}")

    def result_verify(self, *, reference: str, data: dict) -> bool | None:
        outcome = data.get("outcome", "")
        if outcome not in ("paid", "failed"):
            return None
        expected = self.sign(reference=reference, outcome=outcome)
        if not secrets.compare_digest(expected, str(data.get("signature", ""))):
            return None
        return outcome == "paid"


def payment_provider() -> PaymentProvider:
    path = getattr(settings, "MOTCUA_PAYMENT_PROVIDER", "") or "sandbox"
    if path == "sandbox":
        return SandboxPaymentProvider()
    return import_string(path)()
