from django.core.exceptions import ValidationError
from django.db import models
from rest_framework.exceptions import NotFound
from rest_framework.exceptions import ValidationError as InvalidInput
from rest_framework.pagination import CursorPagination as BaseCursorPagination

# PostgreSQL's bigint: a cursor's id beyond it is a DataError, not an empty page.
BIGINT = 2**63 - 1


class CursorPagination(BaseCursorPagination):
    """Keyset pagination: no page ever counts a whole large table.

    A cursor is base64 the client can forge: its position ("p") goes straight into a filter on
    the first ordering field, where "not-a-date" is a ValidationError, 10^40 a DataError and a
    NUL byte PostgreSQL's refusal, each a 500. The position is checked against that field
    first, and a bad one is DRF's "Invalid cursor", as a 400 under `cursor` (DRF's 404 would
    read "Not found." after our exception handler) (issue 19, item 8)."""

    ordering = ("-id",)
    page_size_query_param = "page_size"
    max_page_size = 200

    def paginate_queryset(self, queryset, request, view=None):
        self._model = queryset.model
        return super().paginate_queryset(queryset, request, view)

    def decode_cursor(self, request):
        try:
            cursor = super().decode_cursor(request)
        except NotFound:
            cursor = None
            fits = False
        else:
            fits = cursor is None or cursor.position is None or self._fits(cursor.position)
        if not fits:
            raise InvalidInput({self.cursor_query_param: [self.invalid_cursor_message]})
        return cursor

    def _fits(self, position: str) -> bool:
        if "\x00" in position:
            return False
        field = self._model._meta.get_field(self.ordering[0].lstrip("-"))
        if isinstance(field, models.ForeignKey):
            field = field.target_field
        try:
            value = field.to_python(position)
        except (ValidationError, ValueError, TypeError, OverflowError):
            return False
        return not isinstance(value, int) or -BIGINT <= value <= BIGINT
