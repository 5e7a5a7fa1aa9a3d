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

from .vntext import fold

MILLION = 1_000_000
SEPARATORS = {"vi": (".", ","), "en": (",", ".")}


def _separators(language: str | None) -> tuple[str, str]:
    code = (language or get_language() or "vi")[:2]
    return SEPARATORS.get(code, SEPARATORS["vi"])


def group_number(value: Decimal, places: int, language: str | None = None, strip_zeros: bool = False) -> str:
    """`value` rounded half-up to `places` decimals, thousands grouped, in the language's style."""
    quantum = Decimal(1).scaleb(-places)
    rounded = value.quantize(quantum, rounding=ROUND_HALF_UP)
    whole, _, fraction = f"{abs(rounded):.{places}f}".partition(".")
    return _joined(rounded < 0, int(whole), fraction, language, strip_zeros)


def _joined(negative: bool, whole: int, fraction: str, language: str | None, strip_zeros: bool) -> str:
    """Sign, the whole part with its thousands grouped, and the decimals, in the language's style."""
    thousands, decimal_mark = _separators(language)
    if strip_zeros:
        fraction = fraction.rstrip("0")
    text = f"{whole:,}" if thousands == "," else f"{whole:,}".replace(",", thousands)
    return ("-" if negative else "") + text + (decimal_mark + fraction if fraction else "")


def millions(dong: int | None, language: str | None = None, places: int = 2) -> str:
    """Whole đồng as triệu đồng: 125_500_000 → "125,5", 1_380_000_000 → "1.380"."""
    if dong is None:
        return "—"
    if not 0 <= places <= 6:
        return group_number(Decimal(int(dong)) / MILLION, places, language, strip_zeros=True)
    # In whole numbers, not Decimal: a page of figures formats hundreds of amounts. Half-up is
    # half away from zero on the absolute value, as Decimal's ROUND_HALF_UP.
    amount = int(dong)
    step = 10 ** (6 - places)
    units, rest = divmod(abs(amount), step)
    if 2 * rest >= step:
        units += 1
    whole, decimals = divmod(units, 10**places)
    fraction = f"{decimals:0{places}d}" if places else ""
    return _joined(amount < 0 and units > 0, whole, fraction, language, strip_zeros=True)


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


class AmountError(ValueError):
    """A typed amount that is not read as money, with why (`code`) and what it could mean (`readings`).

    Codes: "invalid" (not an amount), "fraction" (a decimal mark without triệu or tỷ: đồng has
    no minor unit), "not_whole" (the decimals do not make whole đồng), "ambiguous" (one mark before
    three digits with a unit word: "1.500 tỷ" is 1500 tỷ in Vietnamese and 1,5 tỷ in English),
    "no_unit" (a number without its unit after one that has it: "1 tỷ 200").
    """

    def __init__(self, text: str, code: str, readings: tuple[int, ...] = ()):
        super().__init__(text)
        self.text, self.code, self.readings = text, code, readings


# Unit words as people type them, folded (no diacritics, lower case): tỷ/tỉ, triệu/tr, nghìn/ngàn.
UNIT_WORDS = {"ty": 10**9, "ti": 10**9, "trieu": 10**6, "tr": 10**6, "nghin": 10**3, "ngan": 10**3}
CURRENCY_RE = re.compile(r"\s*(?:dong|vnd|d|\u20ab)\.?$")
PART_RE = re.compile(r"([0-9]+(?:[., ][0-9]+)*)\s*([a-z]*)\s*")
GROUPED_RE = re.compile(r"[1-9][0-9]{0,2}(?:([ .,])[0-9]{3})(?:\1[0-9]{3})*")
DECIMAL_RE = re.compile(r"([0-9]+|[1-9][0-9]{0,2}(?:([ .,])[0-9]{3})(?:\2[0-9]{3})*)([.,])([0-9]+)")
# Longer than any amount written out ("1.000.000.000.000.000 đồng" is 26 characters): a slip, not money.
LONGEST_AMOUNT = 60


def _number(text: str, unit: int | None, grouped_if_ambiguous: bool) -> tuple[Decimal, bool]:
    """One number of a typed amount and whether it could have been read the other way."""
    if text.isdigit():
        return Decimal(text), False
    grouped = GROUPED_RE.fullmatch(text)
    if grouped:
        one_mark = grouped.group(1) in ".," and text.count(grouped.group(1)) == 1
        if unit is None or not one_mark or grouped_if_ambiguous:
            return Decimal(re.sub(r"[ .,]", "", text)), unit is not None and one_mark
        return Decimal(text.replace(",", ".")), True
    decimal = DECIMAL_RE.fullmatch(text)
    if decimal and decimal.group(3) != decimal.group(2):
        if unit is None:
            raise ValueError("fraction")
        whole = re.sub(r"[ .,]", "", decimal.group(1))
        return Decimal(f"{whole}.{decimal.group(4)}"), False
    raise ValueError("invalid")


def _read(folded: str, grouped_if_ambiguous: bool) -> tuple[Decimal, bool]:
    parts, at = [], 0
    while at < len(folded):
        match = PART_RE.match(folded, at)
        if not match or match.end() == at:
            raise ValueError("invalid")
        parts.append((match.group(1), match.group(2)))
        at = match.end()
    if not parts:
        raise ValueError("invalid")
    total, ambiguous, previous = Decimal(0), False, None
    for index, (number, word) in enumerate(parts):
        if word and word not in UNIT_WORDS:
            raise ValueError("invalid")
        unit = UNIT_WORDS.get(word)
        if unit is None and len(parts) > 1:
            # "1 tỷ 200": 200 triệu in speech, 200 đồng on paper: the writer must say which.
            raise ValueError("no_unit" if index == len(parts) - 1 else "invalid")
        value, could_differ = _number(number, unit, grouped_if_ambiguous)
        # Larger units first, each part less than one of the unit before ("1 tỷ 200 triệu").
        if previous is not None and (unit >= previous or value * unit >= previous):
            raise ValueError("invalid")
        total += value * (unit or 1)
        ambiguous = ambiguous or could_differ
        previous = unit
    return total, ambiguous


def parse_dong(text: str) -> int:
    """Read a typed amount as whole đồng, the ways people here type it.

    Digits plain or grouped by thousands ("125500000", "125.500.000", "125 500 000", "125,500,000"),
    optionally followed by đ, đồng, VNĐ or VND; or with unit words, with or without diacritics
    ("150 triệu", "150tr", "1,5 tỷ", "1.5 ty", "1 tỷ 200 triệu", "500 nghìn đồng"). A decimal mark
    is read only before a unit word and only when the result is whole đồng ("125,5" alone is
    refused: đồng has no minor unit). Raises AmountError (a ValueError) saying why otherwise.
    """
    typed = str(text)
    folded = fold(typed)
    if not folded or len(folded) > LONGEST_AMOUNT:
        raise AmountError(typed, "invalid")
    folded = CURRENCY_RE.sub("", folded, count=1) if CURRENCY_RE.search(folded) else folded
    try:
        total, ambiguous = _read(folded, grouped_if_ambiguous=True)
        if ambiguous:
            other, _ = _read(folded, grouped_if_ambiguous=False)
            raise AmountError(typed, "ambiguous", (int(total), int(other)))
    except AmountError:
        raise
    except ValueError as error:
        raise AmountError(typed, str(error) if str(error) in ("fraction", "no_unit") else "invalid") from None
    if total != total.to_integral_value():
        raise AmountError(typed, "not_whole")
    return int(total)


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


_DIGITS_AND_JUNK = re.compile(r"[\s.\-()/]")


def phone(number: str | None) -> str:
    """A phone number grouped as Vietnamese people write it: a mobile "0912 345 678", a landline
    with its 3-digit area code "024 3987 6543"; anything else as it was stored."""
    if not number:
        return ""
    text = str(number).strip()
    digits = _DIGITS_AND_JUNK.sub("", text)
    if re.fullmatch(r"0[35789][0-9]{8}", digits):
        return f"{digits[:4]} {digits[4:7]} {digits[7:]}"
    if re.fullmatch(r"02[0-9]{9}", digits):
        return f"{digits[:3]} {digits[3:7]} {digits[7:]}"
    return text
