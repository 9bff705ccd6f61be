"""Reading amounts of money: Decimal with at most two places, never float."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from medmassage.billing.models import CENT
from medmassage.problems import FieldErrors

MAX_AMOUNT = Decimal("99999999.99")


def read_amount(errors: FieldErrors, field: str, value: object, *, zero: bool = False) -> Decimal:
    """An amount from text or a Decimal; a float, a third decimal place or a sign is refused."""
    if isinstance(value, float | bool):
        errors.add(field, "give the amount as text or a decimal, e.g. 95.00")
        return Decimal(0)
    try:
        amount = Decimal(str(value).strip().replace(",", "")) if value is not None else None
    except InvalidOperation:
        amount = None
    if amount is None or not amount.is_finite():
        errors.add(field, "is not an amount of money, e.g. 95.00")
        return Decimal(0)
    if amount != amount.quantize(CENT):
        errors.add(field, "has more than two decimal places")
    elif amount < 0 or (amount == 0 and not zero):
        errors.add(field, "must be more than 0" if not zero else "must not be negative")
    elif amount > MAX_AMOUNT:
        errors.add(field, f"must be at most {MAX_AMOUNT}")
    return amount.quantize(CENT) if amount == amount.quantize(CENT) else Decimal(0)


def looks_like_card_number(text: str) -> bool:
    """A run of 13 to 19 digits (spaces and dashes aside) passing the Luhn check, as card
    numbers do (ISO/IEC 7812-1)."""
    run: list[str] = []
    for char in text + "x":
        if char.isdigit():
            run.append(char)
        elif char not in " -":
            if 13 <= len(run) <= 19 and _luhn(run):
                return True
            run = []
    return False


def _luhn(digits: list[str]) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def npi_is_valid(npi: str) -> bool:
    """Ten digits whose last is the Luhn check digit over "80840" and the first nine (CMS,
    'Requirements for NPI check digit', 2003)."""
    if len(npi) != 10 or not npi.isdigit():
        return False
    return _luhn(list("80840" + npi))
