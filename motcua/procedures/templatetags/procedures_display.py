"""Template filters that spell catalog values out in Vietnamese."""

from django import template

from motcua.agencies.constants import AgencyKind
from motcua.procedures.constants import Channel, Subject
from motcua.procedures.display import amount_vnd_label, processing_time_label
from motcua.procedures.models import Procedure

register = template.Library()


@register.filter
def processing_time(procedure: Procedure) -> str:
    return processing_time_label(
        value=procedure.processing_time_value, unit=procedure.processing_time_unit
    )


@register.filter
def vnd(amount: int) -> str:
    return amount_vnd_label(amount_vnd=amount)


@register.filter
def subjects_label(values: list[str]) -> str:
    return ", ".join(str(Subject(value).label) for value in values if value in Subject.values)


@register.filter
def channel_labels(values: list[str]) -> list[str]:
    return [str(Channel(value).label) for value in values if value in Channel.values]


@register.filter
def agency_kind_label(value: str) -> str:
    return AgencyKind(value).label if value in AgencyKind.values else value


@register.filter
def lookup(mapping: dict, key: str) -> str:
    return mapping.get(key, "")
