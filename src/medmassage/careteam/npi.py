"""The US National Provider Identifier: ten digits, the last a Luhn check digit computed over
the first nine with the prefix 80840 (CMS, "Requirements for Check Digit for the NPI", 2005:
the ISO standard card-issuer prefix 80840 for health applications in the United States)."""

from __future__ import annotations

NPI_PREFIX = "80840"


def luhn_check_digit(digits: str) -> int:
    """The Luhn check digit of a string of digits (the digit to append)."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 0:  # doubled: the rightmost digit before the check digit
            value *= 2
            value = value - 9 if value > 9 else value
        total += value
    return (10 - total % 10) % 10


def npi_problem(npi: str) -> str | None:
    """Why `npi` is not a valid NPI, or None when it is."""
    if len(npi) != 10 or not npi.isascii() or not npi.isdigit():
        return "an NPI is exactly 10 digits"
    if npi[0] not in "12":
        return "an NPI starts with 1 or 2"
    if luhn_check_digit(NPI_PREFIX + npi[:9]) != int(npi[9]):
        return "the check digit does not match: check the number for a typo"
    return None
