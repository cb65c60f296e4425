"""ID-card number checks (GB 11643)."""
from datetime import date

import pytest

from services.grid.idcard import check_digit, parse_id_number
from shared.errors import ValidationFailed

TODAY = date(2026, 11, 24)


def make(body17: str) -> str:
    return body17 + check_digit(body17)


def test_known_valid_number():
    card = parse_id_number("11010519491231002X", TODAY)  # the standard's own example
    assert (card.birth_date, card.gender, card.needs_review) == (date(1949, 12, 31), "female", False)


def test_male_and_lowercase_x_and_spaces():
    number = make("34118119800101001")
    card = parse_id_number(" " + number.lower() + " ", TODAY)
    assert card.gender == "male" and card.number == number


@pytest.mark.parametrize("number, reason", [
    ("11010519491231002", "17 digits"),
    ("1101051949123100AX", "17 digits"),
    ("110105194912310021", "check character"),
    (make("34118120270101001"), "future"),
    (make("34118119990230001"), "real date"),
])
def test_bad_numbers_are_refused_with_the_field(number, reason):
    with pytest.raises(ValidationFailed) as info:
        parse_id_number(number, TODAY)
    assert info.value.field == "idNumber" and reason in info.value.message


def test_unknown_place_code_goes_to_review():
    assert parse_id_number(make("99118119800101001"), TODAY).needs_review is True
