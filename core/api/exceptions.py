from django.utils.translation import gettext as _
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from core.errors import Refused


def exception_handler(exc, context):
    """DRF's handler, plus: a refusal of a rule (core.errors.Refused) answers its code's status
    (409 illegal or stale, 403, 400, 429) with the reason people can read."""
    if isinstance(exc, Refused):
        return Response({"detail": exc.message, "code": exc.code}, status=exc.status)
    response = drf_exception_handler(exc, context)
    if response is not None and response.status_code == 404 and "detail" in response.data:
        response.data["detail"] = _("Not found.")
    return response
