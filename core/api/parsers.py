"""The API's JSON parser: DRF's, refusing what no field of ours can hold.

`json.loads` accepts a lone surrogate escape ("\\ud800"): a ChoiceField then repeats it in its
error message and the response fails to encode as UTF-8 (a 500, and under DEBUG a debug page
that fails too). A NUL byte in any string is a DataError in PostgreSQL. And a body nested a
hundred thousand deep is a RecursionError inside the decoder. Each is refused here with a 400
that says which, before any serializer sees the data (issue 19, item 8).
"""

from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError

# Our deepest request body is a list of objects in an object; 32 leaves room for any client.
MAX_DEPTH = 32


def _string_problem(text: str) -> str:
    if "\x00" in text:
        return _("JSON parse error - a string contains a NUL character.")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return _("JSON parse error - a string contains a lone surrogate (\\ud800-\\udfff).")
    return ""


def json_problem(data) -> str:
    """Why a decoded body is refused, or "": walked without recursion, so a body at the decoder's
    own limit cannot overflow the stack here."""
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict | list):
            if depth > MAX_DEPTH:
                return _("JSON parse error - nested more than %(max)d levels deep.") % {
                    "max": MAX_DEPTH
                }
            if isinstance(value, dict):
                for key in value:
                    if problem := _string_problem(key):
                        return problem
                value = value.values()
            stack.extend((item, depth + 1) for item in value)
        elif isinstance(value, str) and (problem := _string_problem(value)):
            return problem
    return ""


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(
                _("JSON parse error - nested more than %(max)d levels deep.") % {"max": MAX_DEPTH}
            ) from None
        if problem := json_problem(data):
            raise ParseError(problem)
        return data
