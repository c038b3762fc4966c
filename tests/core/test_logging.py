import logging

from core.logging import PersonalDataFilter


def test_log_records_never_carry_phone_or_id_numbers(caplog):
    logger = logging.getLogger("tests.pii")
    logger.addFilter(PersonalDataFilter())
    with caplog.at_level(logging.INFO, logger="tests.pii"):
        logger.info("called %s about %s", "13812345678", "11010519491231002X")
    assert "13812345678" not in caplog.text
    assert "11010519491231002X" not in caplog.text
    assert "138****5678" in caplog.text
