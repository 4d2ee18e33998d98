"""Whole numbers read from query parameters (API and pages): ASCII digits only, no larger than the database holds.

`str.isdigit()` alone lets through "²" (which `int()` refuses) and numbers past 2**63 - 1 (which SQLite and
PostgreSQL refuse), and either ended as a server error."""

# The largest value of a 64-bit signed integer column (ids and other whole numbers).
LARGEST = 2**63 - 1


def whole_number(value: str | None, *, largest: int = LARGEST) -> int | None:
    """The number the text gives, or None when it is not a whole number from 0 to `largest`."""
    value = value or ""
    if value.isascii() and value.isdigit() and int(value) <= largest:
        return int(value)
    return None
