"""Django's flush, able to empty the append-only case record where that is allowed.

cases_caseevent refuses TRUNCATE (cases migration 0008). Emptying a whole database is what the
test suite does between transactional tests and what `manage.py flush` does on a developer's
machine; both run as a PostgreSQL superuser, who may set `session_replication_role = replica`
for the flush's transaction, in which ordinary triggers do not fire. Any other role is refused
by PostgreSQL, so a production database (whose application role is not a superuser) cannot be
flushed by mistake.
"""

from django.core.management.commands import flush
from django.db import DEFAULT_DB_ALIAS, connections


class Command(flush.Command):
    def handle(self, **options):
        connection = connections[options.get("database") or DEFAULT_DB_ALIAS]
        if connection.vendor != "postgresql":
            return super().handle(**options)
        ops = connection.ops
        execute_sql_flush = ops.execute_sql_flush

        def execute_in_replica_mode(sql_list):
            with connection.cursor() as cursor:
                cursor.execute("SET session_replication_role = replica")
            try:
                execute_sql_flush(sql_list)
            finally:
                with connection.cursor() as cursor:
                    cursor.execute("RESET session_replication_role")

        ops.execute_sql_flush = execute_in_replica_mode
        try:
            return super().handle(**options)
        finally:
            del ops.execute_sql_flush
