"""`field__any_of=[ids]`: membership in a list of ids passed as one parameter.

A mediator holds a thousand cases or more by assignment or by an earlier tier; with `pk__in`
Django prepares each id in Python on every query of every list page (the page and its count),
a few milliseconds a request at a million cases (docs/performance.md). On PostgreSQL this sends
the list as one array (`= ANY(%s)`, which the planner serves from the index like IN); other
databases (SQLite, the embedded default of `make run`) get a plain IN.
"""

from django.db.models import IntegerField, Lookup


@IntegerField.register_lookup
class AnyOf(Lookup):
    lookup_name = "any_of"
    prepare_rhs = False

    def get_prep_lookup(self):
        return [int(value) for value in self.rhs]

    def as_sql(self, compiler, connection):
        lhs, params = self.process_lhs(compiler, connection)
        if not self.rhs:
            return "1 = 0", []
        placeholders = ", ".join(["%s"] * len(self.rhs))
        return f"{lhs} IN ({placeholders})", [*params, *self.rhs]

    def as_postgresql(self, compiler, connection):
        lhs, params = self.process_lhs(compiler, connection)
        return f"{lhs} = ANY(%s::bigint[])", [*params, self.rhs]
