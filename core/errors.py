"""The one business error: a rule refused what a user asked for.

Every service refuses with `Refused(code, message)`: a workflow move from the wrong state, an
agreement finalised without consent, a wrong one-time code, a duty shift that clashes. The
code says what kind of refusal it is; `STATUS` is the one map from codes to HTTP statuses, read
by the API's exception handler and by the pages (`refused.status`), so a page and its
endpoint answer the same. The message is for people, already translated.
"""

from http import HTTPStatus

STATUS: dict[str, int] = {
    "invalid": HTTPStatus.BAD_REQUEST,  # the input breaks a rule the form could not check
    "forbidden": HTTPStatus.FORBIDDEN,  # not for this user, on this object
    "illegal": HTTPStatus.CONFLICT,  # not from the object's present state
    "stale": HTTPStatus.CONFLICT,  # the object changed since the user looked at it
    "limited": HTTPStatus.TOO_MANY_REQUESTS,  # too many attempts: try again later
}


class Refused(Exception):
    """A refusal of a rule; `code` is a key of STATUS, `message` says why in the user's
    language."""

    def __init__(self, code: str, message: str):
        if code not in STATUS:
            raise ValueError(f"unknown refusal code {code!r}")
        super().__init__(message)
        self.code = code
        self.message = message

    @property
    def status(self) -> int:
        return int(STATUS[self.code])
