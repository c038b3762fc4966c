from django.db import migrations


def install(apps, schema_editor):
    from agreements.default_templates import templates_ensure_defaults

    templates_ensure_defaults(
        apps.get_model("agreements", "AgreementTemplate"), apps.get_model("cases", "Category")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("agreements", "0002_templates_and_one_version_in_force"),
        ("cases", "0004_default_categories"),
    ]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
