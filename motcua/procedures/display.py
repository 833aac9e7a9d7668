"""How catalog values read in Vietnamese (pages and the API share these). Pure."""

from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.procedures.constants import TimeUnit

SAME_DAY_LABEL = gettext_lazy("Trong ngày (sau 15 giờ: ngày làm việc tiếp theo)")


def number_vi(value: Decimal | int | float) -> str:
    """10 → "10", 0.5 → "0,5", 1000000 → "1.000.000" (Vietnamese separators)."""
    amount = Decimal(str(value)).normalize()
    if amount == amount.to_integral_value():
        return f"{int(amount):,}".replace(",", ".")
    whole, _, fraction = format(amount, "f").partition(".")
    return f"{int(whole):,}".replace(",", ".") + "," + fraction


def processing_time_label(*, value: Decimal | int | float, unit: str) -> str:
    """ "10 ngày làm việc", "15 ngày", "24 giờ"; 0 working days is the same-day rule."""
    if Decimal(str(value)) == 0:
        if unit == TimeUnit.WORKING_DAYS:
            return str(SAME_DAY_LABEL)
        if unit == TimeUnit.HOURS:
            return _("Ngay khi tiếp nhận")
        return _("Trong ngày")
    return f"{number_vi(value)} {TimeUnit(unit).label}"


def amount_vnd_label(*, amount_vnd: int) -> str:
    if amount_vnd == 0:
        return _("Miễn phí")
    return _("%(amount)s đồng") % {"amount": number_vi(amount_vnd)}
