from rest_framework.pagination import CursorPagination as BaseCursorPagination


class CursorPagination(BaseCursorPagination):
    """Keyset pagination: no page ever counts a whole large table."""

    ordering = ("-id",)
    page_size_query_param = "page_size"
    max_page_size = 200
