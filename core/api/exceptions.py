from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from cases.workflow import MoveRefused

MOVE_STATUS = {
    "illegal": status.HTTP_409_CONFLICT,
    "stale": status.HTTP_409_CONFLICT,
    "forbidden": status.HTTP_403_FORBIDDEN,
    "invalid": status.HTTP_400_BAD_REQUEST,
}


def exception_handler(exc, context):
    """DRF's handler, plus: a refused workflow move answers 409 (illegal or stale), 403 or 400
    with the reason people can read."""
    if isinstance(exc, MoveRefused):
        return Response(
            {"detail": exc.message, "code": exc.code},
            status=MOVE_STATUS.get(exc.code, status.HTTP_409_CONFLICT),
        )
    response = drf_exception_handler(exc, context)
    if response is not None and response.status_code == 404 and "detail" in response.data:
        response.data["detail"] = _("Not found.")
    return response
