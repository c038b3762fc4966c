import pytest
from django.core.exceptions import ValidationError

from core.masking import mask_id_number, mask_mobile, mask_personal_numbers
from core.validators import (
    credit_code_check_char,
    id_number_check_char,
    validate_credit_code,
    validate_id_number,
    validate_mobile,
)


@pytest.mark.parametrize("value", ["13812345678", "+86 138 1234 5678", "199-1234-5678"])
def test_it_accepts_mainland_mobiles(value):
    validate_mobile(value)


@pytest.mark.parametrize("value", ["12812345678", "1381234567", "138123456789", "abc", ""])
def test_it_rejects_bad_mobiles(value):
    with pytest.raises(ValidationError) as exc:
        validate_mobile(value)
    assert exc.value.code == "invalid_mobile"


def test_it_validates_the_id_check_digit():
    # 11010519491231002X is the standard's own example.
    validate_id_number("11010519491231002X")
    validate_id_number("11010519491231002x")
    with pytest.raises(ValidationError) as exc:
        validate_id_number("110105194912310021")
    assert exc.value.code == "invalid_id_checksum"


def test_it_rejects_an_id_with_an_impossible_birth_date():
    body = "11010519490231002"
    with pytest.raises(ValidationError) as exc:
        validate_id_number(body + id_number_check_char(body))
    assert exc.value.code == "invalid_id_birthdate"


def test_it_validates_a_real_credit_code():
    # 91350100M000100Y43 is a published sample with a correct check character.
    validate_credit_code("91350100M000100Y43")
    assert credit_code_check_char("91350100M000100Y4") == "3"


@pytest.mark.parametrize(
    "value, code",
    [
        ("91350100M000100Y44", "invalid_credit_code_checksum"),
        ("91350100M000100Y4", "invalid_credit_code_length"),
        ("91350100M000100I43", "invalid_credit_code_chars"),
    ],
)
def test_it_rejects_bad_credit_codes_with_a_reason(value, code):
    with pytest.raises(ValidationError) as exc:
        validate_credit_code(value)
    assert exc.value.code == code


def test_checksum_message_names_the_expected_character():
    with pytest.raises(ValidationError) as exc:
        validate_credit_code("91350100M000100Y44")
    assert "3" in exc.value.messages[0]


def test_masking():
    assert mask_mobile("13812345678") == "138****5678"
    assert mask_id_number("11010519491231002X") == "110***********002X"
    text = "业主13812345678，身份证11010519491231002X"
    masked = mask_personal_numbers(text)
    assert "13812345678" not in masked and "11010519491231002X" not in masked
    assert "138****5678" in masked
