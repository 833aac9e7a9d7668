"""Who sees the hub's nationwide indicators (the ministry's monitoring staff).

Only a hub serves them (anywhere else: not found). A signed-in user needs one of the
indicators view permissions (given in the admin, directly or through a group); anyone else
is refused (403). The drill-down lists are behind the same gate: the hub holds no personal
data of applicants in its replicas' columns, only codes, agencies, statuses and dates.
"""

from django.conf import settings

HUB_PERMISSIONS = ("indicators.view_hubdailyrollup", "indicators.view_dailyrollup")


def hub_serves_indicators() -> bool:
    return settings.MOTCUA_ROLE == "hub"


def hub_viewer(*, user) -> bool:
    """May this user read the nationwide indicators and the replicas behind them?"""
    if not (user.is_authenticated and user.is_active):
        return False
    return any(user.has_perm(p) for p in HUB_PERMISSIONS)
