"""Money and ratio formatting as Vietnamese reports write them.

Money is stored as whole đồng (integers); reports state it in millions
(*triệu đồng*) with `.` between thousands and `,` before decimals in Vietnamese
(`1.380`, `125,5`) and the other way round in English (`1,380`, `125.5`).
Ratios are percentages with two decimals (`12,35%`). Rounding is half-up, as people
round by hand, never banker's rounding.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import get_language

MILLION = 1_000_000
WHOLE_AMOUNT_RE = re.compile(r"[0-9]+|[0-9]{1,3}(?:([ .,])[0-9]{3})(?:\1[0-9]{3})*")
SEPARATORS = {"vi": (".", ","), "en": (",", ".")}


def _separators(language: str | None) -> tuple[str, str]:
    code = (language or get_language() or "vi")[:2]
    return SEPARATORS.get(code, SEPARATORS["vi"])


def group_number(value: Decimal, places: int, language: str | None = None, strip_zeros: bool = False) -> str:
    """`value` rounded half-up to `places` decimals, thousands grouped, in the language's style."""
    thousands, decimal_mark = _separators(language)
    quantum = Decimal(1).scaleb(-places)
    rounded = value.quantize(quantum, rounding=ROUND_HALF_UP)
    sign = "-" if rounded < 0 else ""
    whole, _, fraction = f"{abs(rounded):.{places}f}".partition(".")
    if strip_zeros:
        fraction = fraction.rstrip("0")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    text = thousands.join(groups)
    return sign + text + (decimal_mark + fraction if fraction else "")


def millions(dong: int | None, language: str | None = None, places: int = 2) -> str:
    """Whole đồng as triệu đồng: 125_500_000 → "125,5", 1_380_000_000 → "1.380"."""
    if dong is None:
        return "—"
    return group_number(Decimal(int(dong)) / MILLION, places, language, strip_zeros=True)


def grouped(number: int, language: str | None = None) -> str:
    """A whole number with thousands grouped, as in a message: 1000000 → "1.000.000"."""
    return group_number(Decimal(int(number)), 0, language)


def dong(amount: int | None, language: str | None = None) -> str:
    """Whole đồng with thousands grouped: 125500000 → "125.500.000"; a dash for no amount."""
    return "—" if amount is None else grouped(amount, language)


def ratio(part: int | Decimal, whole: int | Decimal) -> Decimal | None:
    """part / whole as an exact Decimal, or None when the whole is zero."""
    if not whole:
        return None
    return Decimal(part) / Decimal(whole)


def percent(value: Decimal | None, language: str | None = None, signed: bool = False) -> str:
    """A ratio as a percentage with two decimals: 0.12345 → "12,35%"; signed adds "+" to gains."""
    if value is None:
        return "—"
    text = group_number(Decimal(value) * 100, 2, language)
    if signed and not text.startswith("-") and Decimal(value) != 0:
        text = "+" + text
    return text + "%"


def parse_dong(text: str) -> int:
    """Read a typed amount as whole đồng: "125500000", "125.500.000", "125 500 000", "125,500,000".

    Separators must split the digits into thousands; "125,5" (a decimal) is refused
    because đồng has no minor unit. Raises ValueError on anything else.
    """
    cleaned = str(text).strip().replace("\u00a0", " ")
    if not WHOLE_AMOUNT_RE.fullmatch(cleaned):
        raise ValueError(text)
    return int(re.sub(r"[ .,]", "", cleaned))


def roman(number: int) -> str:
    """Batches are numbered I, II, III in Vietnamese documents."""
    numerals = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ]
    text = ""
    for value, letters in numerals:
        while number >= value:
            text += letters
            number -= value
    return text
