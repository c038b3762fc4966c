from datetime import date
from functools import cache

from django import template
from django.utils import timezone

from cases.record_kinds import kind_label as _kind_label
from core.masking import mask_id_number, mask_mobile

register = template.Library()


@register.filter
def kind_label(kind: str) -> str:
    return _kind_label(kind)


@register.filter
def masked_mobile(value: str) -> str:
    return mask_mobile(value)


@register.filter
def masked_id(value: str) -> str:
    return mask_id_number(value)


@register.filter
def days_left(deadline: date | None) -> int | None:
    if deadline is None:
        return None
    return (deadline - timezone.localdate()).days


@register.filter
def deadline_class(deadline: date | None) -> str:
    """ok / soon (five days or less) / overdue, for the deadline indicator."""
    if deadline is None:
        return "none"
    days = (deadline - timezone.localdate()).days
    if days < 0:
        return "overdue"
    return "soon" if days <= 5 else "ok"


@register.filter
def label(obj, field_name: str):
    """obj.get_FIELD_display(), for lists: Django rebuilds the choices' dict for each call,
    translating every label to hash it, which cost the ledger's 200 cells ~6 ms a page."""
    value = getattr(obj, field_name)
    return _choice_labels(type(obj), field_name).get(value, value)


@cache
def _choice_labels(model, field_name: str) -> dict:
    return dict(model._meta.get_field(field_name).flatchoices)  # lazy labels: any language


@register.filter
def get_item(mapping: dict, key):
    return (mapping or {}).get(key)


@register.filter
def absolute(value: int) -> int:
    return abs(value)


@register.filter
def checklist_label(code: str) -> str:
    from cases.checklist import CHECKLIST

    return str(dict(CHECKLIST).get(code, code))
