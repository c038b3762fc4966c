"""The case record refuses TRUNCATE too (issue 20): the row trigger of 0003 did not see it, so
`TRUNCATE cases_caseevent` or `TRUNCATE cases_case CASCADE` emptied the record from any client.

The one legitimate TRUNCATE is the test suite's flush between transactional tests: it runs as
a superuser in `session_replication_role = replica` (core's `flush` command), in which ordinary
triggers do not fire. Changing that setting needs superuser rights, which can drop the trigger
anyway; the application's own role in production is not a superuser."""

from django.db import migrations

CREATE = """
CREATE TRIGGER cases_caseevent_no_truncate
    BEFORE TRUNCATE ON cases_caseevent
    FOR EACH STATEMENT EXECUTE FUNCTION cases_caseevent_append_only();
"""

DROP = "DROP TRIGGER IF EXISTS cases_caseevent_no_truncate ON cases_caseevent;"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("cases", "0007_ledger_covering_indexes")]
    operations = [migrations.RunPython(forwards, backwards)]
