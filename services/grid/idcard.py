"""Resident ID-card numbers (居民身份证号码, GB 11643-1999): 6-digit place code, 8-digit birth
date, 3-digit sequence (odd for men), and an ISO 7064 MOD 11-2 check character."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from shared.errors import ValidationFailed

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK = "10X98765432"
# Province-level prefixes in use; any other place code is kept but sent to review (待核实),
# because codes change with administrative reforms and a full table goes stale.
PROVINCES = {11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46,
             50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82}
FIELD = "idNumber"


@dataclass(frozen=True)
class IdCard:
    number: str
    birth_date: date
    gender: str
    needs_review: bool


def _refuse(message: str, message_zh: str) -> ValidationFailed:
    return ValidationFailed([{"field": FIELD, "message": f"{FIELD}: {message}",
                              "message_zh": f"{FIELD}：{message_zh}"}])


def check_digit(first17: str) -> str:
    return CHECK[sum(int(d) * w for d, w in zip(first17, WEIGHTS)) % 11]


def parse_id_number(value: str, today: date) -> IdCard:
    """Validate an 18-character number; raises ValidationFailed naming ``idNumber``."""
    number = "".join(value.split()).upper()
    if len(number) != 18 or not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        raise _refuse("must be 17 digits and a digit or X", "须为17位数字加1位数字或X")
    try:
        born = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise _refuse("the birth date is not a real date", "出生日期不存在") from None
    if born > today or born.year < 1900:
        raise _refuse("the birth date is in the future or before 1900", "出生日期晚于今天或早于1900年")
    if check_digit(number[:17]) != number[17]:
        raise _refuse("the check character does not match", "校验码不正确")
    return IdCard(number=number, birth_date=born, gender="male" if int(number[16]) % 2 else "female",
                  needs_review=int(number[:2]) not in PROVINCES)
