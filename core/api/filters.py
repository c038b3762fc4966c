"""Querysets of the API's choice filters, per request (issue 19, item 1).

A ModelChoiceFilter made from `filterset_fields = ["case"]` takes `Case.objects.all()`: the
filter form listed every case's reference, and `?case=` of a case in another street answered
an empty page where a pk that exists nowhere answered 400, telling the two apart. Built from the
access function of the app, the choices are what the user may see and anything else is 400.
"""

from collections.abc import Callable

from django.db.models import Model, QuerySet


def for_user(model: type[Model], select: Callable[..., QuerySet]) -> Callable:
    """The `queryset` of a ModelChoiceFilter: `select(user)`, nothing without a signed-in user
    (the schema generator and the pages' own FilterSets pass no request)."""

    def queryset(request) -> QuerySet:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return model._default_manager.none()
        return select(user)

    return queryset
