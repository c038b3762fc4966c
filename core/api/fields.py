"""Related fields whose choices are what the request's user may pick (issue 19, item 1).

DRF's PrimaryKeyRelatedField offers its whole queryset: `Party.objects.all()` made the browsable
API's menu of every resident with their id, and would have let a pk of another case through to
the service. These fields build their queryset per request, from the view's case or from the
access function of the app, so a pk of anything else is "object does not exist" (400), and a
user who may not write there gets the view's own 404 or 403.
"""

from collections.abc import Callable

from django.db.models import Model, QuerySet
from rest_framework import serializers

from cases.workflow import Capability


class ScopedRelatedField(serializers.PrimaryKeyRelatedField):
    """A pk among `scope(user)`: for endpoints that are not under one case (patrols)."""

    def __init__(self, *, model: type[Model], scope: Callable[..., QuerySet], **kwargs):
        self.scope = scope
        # The empty queryset names the model for the schema; get_queryset gives the choices.
        super().__init__(queryset=model._default_manager.none(), **kwargs)

    def get_queryset(self) -> QuerySet:
        request = self.context.get("request")
        if request is None or not request.user.is_authenticated:
            return self.queryset
        return self.choices_for(request, self.context.get("view"))

    def choices_for(self, request, view) -> QuerySet:
        return self.scope(request.user)


class CaseRelatedField(ScopedRelatedField):
    """A pk among `scope(case)` (by default the model's rows of that case), the case being the
    one of the URL as the view fetched it with `capability`: 404 to whoever may not see it, 403
    to a reader, exactly as the view answers. Without a view of one case there is no choice."""

    def __init__(self, *, model, scope=None, capability: str = Capability.WORK, **kwargs):
        self.capability = capability
        if scope is None:
            scope = lambda case: model._default_manager.filter(case=case)  # noqa: E731
        super().__init__(model=model, scope=scope, **kwargs)

    def choices_for(self, request, view) -> QuerySet:
        if view is None or not hasattr(view, "case") or "case_pk" not in view.kwargs:
            return self.queryset
        return self.scope(view.case(self.capability))
