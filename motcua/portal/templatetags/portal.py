from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def oidc_enabled() -> bool:
    return bool(getattr(settings, "MOTCUA_OIDC_ENABLED", False))
