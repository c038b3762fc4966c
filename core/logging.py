import logging

from .masking import mask_personal_numbers

access_logger = logging.getLogger("access")


def log_access_refused(*, user, object_type: str, object_id, action: str, reason: str = "") -> None:
    """One line per refused access decision, for whoever watches for probing: the user's id
    (or "anonymous"), what they asked for by type and id, and the action. Never a name, a
    phone number or a tracking code: the line says who asked, not whom it was about."""
    user_id = getattr(user, "pk", None) if getattr(user, "is_authenticated", False) else None
    access_logger.warning(
        "access refused: user=%s object=%s:%s action=%s%s",
        user_id or "anonymous",
        object_type,
        object_id if object_id is not None else "-",
        action,
        f" reason={reason}" if reason else "",
    )


class PersonalDataFilter(logging.Filter):
    """Masks mobile and ID numbers in every log record, whatever logged them."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken format string is logged as it is
            return True
        masked = mask_personal_numbers(message)
        if masked != message:
            record.msg, record.args = masked, None
        return True
