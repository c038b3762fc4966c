"""Addresses no page can use, refused at the door.

A NUL byte reaches PostgreSQL as a DataError from any view that searches with what it was given
(the board's ?q=, a compound's code in the path), and bytes that are not UTF-8 become a lone
surrogate or a replacement character that no code, slug or search means. No URL of ours holds
either, so one check before any view answers 400 and says why, instead of every view learning
to. It also keeps such text out of Django's debug page, which fails on a lone surrogate (issue
19, item 8: 30 s per request under `make run`).
"""

from urllib.parse import unquote_to_bytes

from django.http import HttpResponseBadRequest, JsonResponse
from django.utils.translation import gettext as _


def _raw(value: str) -> bytes | None:
    """The bytes of a WSGI string (latin-1 by PEP 3333); None if it cannot be bytes at all (a
    lone surrogate put there by a test client)."""
    try:
        return value.encode("iso-8859-1")
    except UnicodeEncodeError:
        try:
            return value.encode("utf-8")
        except UnicodeEncodeError:
            return None


def _is_clean(raw: bytes | None) -> bool:
    if raw is None or b"\x00" in raw:
        return False
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def address_problem(path_info: str, environ: dict) -> str:
    """Why the request's path or query string is refused, or "" if it is not. Django's path has
    the server's bytes that are not UTF-8 percent-encoded again (repercent_broken_unicode), so
    both are checked percent-decoded; no path of ours holds a "%" of its own."""
    path = _raw(path_info)
    if path is None or not _is_clean(unquote_to_bytes(path)):
        return _("The address contains a NUL byte or characters that are not valid UTF-8.")
    query = _raw(environ.get("QUERY_STRING", ""))
    if query is None or not _is_clean(unquote_to_bytes(query)):
        return _("The query contains a NUL byte or characters that are not valid UTF-8.")
    return ""


class RefuseUnusableAddressMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        problem = address_problem(request.path_info, request.META)
        if problem:
            if request.path_info.startswith("/api/"):
                return JsonResponse({"detail": problem, "code": "invalid"}, status=400)
            return HttpResponseBadRequest(problem, content_type="text/plain; charset=utf-8")
        return self.get_response(request)
