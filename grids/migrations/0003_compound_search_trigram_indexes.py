"""The complaint form's compound picker searches 50,000 compounds by name or address as the
resident types. On PostgreSQL, pg_trgm GIN indexes make `icontains` use an index: Django
writes `UPPER("name"::text) LIKE UPPER('%...%')`, so the indexes are on exactly those
expressions. SQLite (make run) has no pg_trgm and scans its few hundred rows instead.

pg_trgm is a trusted extension (PostgreSQL 13+): the database owner may create it."""

from django.db import migrations

INDEXES = {
    "grids_compound_name_trgm": "name",
    "grids_compound_address_trgm": "address",
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for index, column in INDEXES.items():
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS {index} ON grids_compound '
            f'USING gin ((UPPER("{column}"::text)) gin_trgm_ops)'
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for index in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {index}")


class Migration(migrations.Migration):
    dependencies = [
        ("grids", "0002_company_contacts_and_published_committee_phone"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
