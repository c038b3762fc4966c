"""The default list of dispute categories (纠纷类别); editable afterwards in the admin."""

from .models import Category

DEFAULT_CATEGORIES = [
    ("fees", "物业费", "Property fees"),
    ("repairs", "维修", "Repairs"),
    ("parking", "停车", "Parking"),
    ("public_revenue", "公共收益", "Public revenue"),
    ("noise", "噪音", "Noise"),
    ("water_power", "水电", "Water and power"),
    ("service_quality", "服务质量", "Service quality"),
    ("renovation", "装修", "Renovation"),
    ("other", "其他", "Other"),
]


def categories_ensure_defaults() -> None:
    """Create any default category that is missing (never changes an edited one)."""

    for order, (code, name, name_en) in enumerate(DEFAULT_CATEGORIES):
        Category.objects.get_or_create(
            code=code, defaults={"name": name, "name_en": name_en, "order": order * 10}
        )
