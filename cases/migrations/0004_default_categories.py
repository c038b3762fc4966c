from django.db import migrations

# The usual kinds of property dispute; editable in the admin afterwards.
CATEGORIES = [
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


def forwards(apps, schema_editor):
    Category = apps.get_model("cases", "Category")
    for order, (code, name, name_en) in enumerate(CATEGORIES):
        Category.objects.get_or_create(
            code=code, defaults={"name": name, "name_en": name_en, "order": order * 10}
        )


class Migration(migrations.Migration):
    dependencies = [("cases", "0003_case_event_append_only")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
