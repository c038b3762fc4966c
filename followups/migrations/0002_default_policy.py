from django.db import migrations


def create_default(apps, schema_editor):
    FollowUpPolicy = apps.get_model("followups", "FollowUpPolicy")
    FollowUpPolicy.objects.get_or_create(
        category=None, tier="", defaults={"visit_days": "7, 30, 90"}
    )


class Migration(migrations.Migration):
    dependencies = [("followups", "0001_tracking_visits_patrols")]

    operations = [migrations.RunPython(create_default, migrations.RunPython.noop)]
