"""Unified social credit code (统一社会信用代码), GB 32100-2015.

18 characters over 31 symbols (digits and capitals without I, O, Z, S, V): registration
authority (1), organization kind (1), administrative division code (6 digits), organization
code (9), check character (1). The check character is C18 = 31 − (Σ Ci·Wi mod 31), with
Wi = 3^(i−1) mod 31 for i = 1..17, and 31 written as 0.
"""
from __future__ import annotations

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = [pow(3, i, 31) for i in range(17)]  # 1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28


def check_character(first17: str) -> str:
    total = sum(ALPHABET.index(ch) * w for ch, w in zip(first17, WEIGHTS))
    return ALPHABET[(31 - total % 31) % 31]


def problem(code: str) -> str | None:
    """Why ``code`` is not a valid credit code, or None when it is."""
    code = code.strip().upper()
    if len(code) != 18:
        return "length"
    if any(ch not in ALPHABET for ch in code):
        return "characters"
    if not code[2:8].isdigit():
        return "division"
    if check_character(code[:17]) != code[17]:
        return "checksum"
    return None


def is_valid(code: str) -> bool:
    return problem(code) is None
