"""HIPAA Safe Harbor (45 CFR 164.514(b)(2)): the 18 identifiers, and how the research dataset
treats each. The dataset is built from whitelisted columns only (research.py): nothing a person
typed (names, notes, descriptions, addresses) is ever read into it.
"""

from __future__ import annotations

import secrets
from datetime import date, timedelta

# Shifts are whole days, never zero, up to a year either way (project policy).
MAX_SHIFT_DAYS = 365
OLDEST_AGE_SHOWN = 89  # Safe Harbor: ages over 89 are aggregated into one group, 90 or older
OLDEST_GROUP = "90+"

# (identifier as 164.514(b)(2)(i) lists it, what the dataset does about it)
SAFE_HARBOR: tuple[tuple[str, str], ...] = (
    ("A. Names", "Not exported; clients, therapists and courses appear as random pseudonyms."),
    (
        "B. Geographic subdivisions smaller than a state (street address, city, county, "
        "precinct, ZIP code and their equivalent geocodes)",
        "Not exported: no address, no clinic name or place.",
    ),
    (
        "C. All elements of dates (except year) directly related to an individual, and all "
        "ages over 89",
        "Dates are shifted per client by a secret random number of days; birth dates are not "
        "exported; age at the course's start is given in years, over 89 as 90+.",
    ),
    ("D. Telephone numbers", "Not exported."),
    ("E. Fax numbers", "Not exported (none are kept)."),
    ("F. Email addresses", "Not exported."),
    ("G. Social Security numbers", "Not exported (none are kept)."),
    ("H. Medical record numbers", "Not exported: record ids are replaced by pseudonyms."),
    ("I. Health plan beneficiary numbers", "Not exported (none are kept)."),
    ("J. Account numbers", "Not exported: no billing data."),
    ("K. Certificate/license numbers", "Not exported (therapists' licences included)."),
    ("L. Vehicle identifiers and serial numbers", "Not exported (none are kept)."),
    ("M. Device identifiers and serial numbers", "Not exported (none are kept)."),
    ("N. Web URLs", "Not exported."),
    ("O. IP addresses", "Not exported: the audit trail is not part of the dataset."),
    ("P. Biometric identifiers", "Not exported: no signatures, no images."),
    ("Q. Full-face photographs and comparable images", "Not exported (none are kept)."),
    (
        "R. Any other unique identifying number, characteristic, or code",
        "Not exported: no free text; pseudonyms are random, not derived from any record.",
    ),
)


def new_shift() -> int:
    """A secret random shift in days: from -365 to 365, never 0."""
    magnitude = 1 + secrets.randbelow(MAX_SHIFT_DAYS)
    return magnitude if secrets.randbelow(2) else -magnitude


def new_pseudonym() -> str:
    """A random code for a client, derived from nothing about them."""
    return "P" + secrets.token_hex(6)


def shifted(day: date | None, shift_days: int) -> str:
    """The day moved by the client's shift, as YYYY-MM-DD (empty when there is no day)."""
    return "" if day is None else (day + timedelta(days=shift_days)).isoformat()


def age_group(born: date, on: date) -> str:
    """Age in whole years on the day, or 90+ past 89."""
    years = on.year - born.year - ((on.month, on.day) < (born.month, born.day))
    return OLDEST_GROUP if years > OLDEST_AGE_SHOWN else str(years)
