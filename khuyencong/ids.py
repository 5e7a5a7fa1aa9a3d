"""Read a record id from text someone sent (a query parameter, a picker's hidden field).

`str.isdigit()` is no guard before `int()`: it is true for "²" and other digits that `int()`
refuses, and for a string of 5,000 digits, which Python will not convert; an id past a bigint
would also reach the database. Every such value names no record: here it is None.
"""

from __future__ import annotations

# The largest value of a PostgreSQL bigint, the widest primary key the models use.
MAX_ID = 2**63 - 1


def record_id(value) -> int | None:
    """The id a value names (a whole number from 1 to a bigint's maximum), or None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    else:
        text = str(value).strip() if value is not None else ""
        if not (text.isascii() and text.isdigit()) or len(text) > len(str(MAX_ID)):
            return None
        number = int(text)
    return number if 0 < number <= MAX_ID else None
