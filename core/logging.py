import logging

from .masking import mask_personal_numbers


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
