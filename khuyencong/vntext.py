"""Vietnamese text folding shared by search keys, imports and the unit picker.

`fold("Phường Phố Hiến")` gives "phuong pho hien": lower case, diacritics removed,
đ → d, white space collapsed. Stored search keys and queries go through the same
function, so "pho hien" finds "Phường Phố Hiến" on PostgreSQL and SQLite alike.
"""

import re
import unicodedata
from functools import lru_cache

_SPACES = re.compile(r"\s+")
_NON_WORD = re.compile(r"[^0-9a-z]+")


def _folding_table() -> dict[int, str | None]:
    """Each accented Latin letter to its base letter, and combining marks to nothing."""
    # Đ, and the look-alike Ð that some keyboards and old fonts put in its place.
    table: dict[int, str | None] = {ord(c): "d" for c in "đĐðÐ"}
    for code in range(0x00C0, 0x1F00):
        decomposed = unicodedata.normalize("NFD", chr(code))
        if len(decomposed) > 1 and decomposed[0].isascii() and decomposed[0].isalpha():
            table[code] = decomposed[0].lower()
    for code in range(0x0300, 0x0370):  # combining diacritical marks left after NFC
        table[code] = None
    return table


_FOLD = _folding_table()


def clean(text: object) -> str:
    """Return text in NFC with surrounding and repeated white space removed."""
    if text is None:
        return ""
    value = unicodedata.normalize("NFC", str(text)).replace("\u00a0", " ")
    return _SPACES.sub(" ", value).strip()


def fold(text: object) -> str:
    """Return the diacritic-free, lower-case search form of text."""
    return clean(text).lower().translate(_FOLD)


@lru_cache(maxsize=8192)
def _fold_words(text: str) -> str:
    return _SPACES.sub(" ", _NON_WORD.sub(" ", fold(text))).strip()


def fold_words(text: object) -> str:
    """Fold text and keep only letters and digits between single spaces (for headings and names
    of units, which repeat row after row: hence the cache)."""
    return _fold_words("" if text is None else str(text))


# The Vietnamese alphabet (Latin letters outside it in their Latin places), and the tones in dictionary
# order: level, grave (huyền), hook (hỏi), tilde (ngã), acute (sắc), dot below (nặng).
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER_RANK = {letter: rank for rank, letter in enumerate(_ALPHABET)}
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}  # breve (ă), circumflex (â ê ô), horn (ơ ư)
_TONE_RANK = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}


def _clusters(decomposed: str) -> list[str]:
    """A base character with the combining marks after it, whatever the base: a tone typed on a
    letter that has no precomposed form ("b" + grave) stays with its letter instead of counting as
    a character of its own."""
    clusters: list[str] = []
    for char in decomposed:
        if clusters and unicodedata.combining(char):
            clusters[-1] += char
        else:
            clusters.append(char)
    return clusters


@lru_cache(maxsize=4096)
def _sort_key(text: str) -> tuple:
    letters: list[tuple[int, int]] = []
    tones: list[int] = []
    for decomposed in _clusters(unicodedata.normalize("NFD", clean(text).lower().replace("ð", "d"))):
        base = decomposed[0] + "".join(m for m in decomposed[1:] if m in _LETTER_MARKS)
        base = unicodedata.normalize("NFC", base)
        tone = next((_TONE_RANK[m] for m in decomposed[1:] if m in _TONE_RANK), 0)
        if base in _LETTER_RANK:
            letters.append((3, _LETTER_RANK[base]))
        elif base.isdigit():
            letters.append((2, ord(base)))
        elif base.isspace() or not base.isalnum():
            letters.append((1, ord(base)))  # a word ends before a longer one: "Cà Mau" before "Cao Bằng"
        else:
            letters.append((4, ord(base)))
        tones.append(tone)
    return (tuple(letters), tuple(tones), text)


def sort_key(text: object) -> tuple:
    """A key sorting text in Vietnamese alphabetical order, for lists of names (provinces, communes).

    Letters first, case and tones aside, in the Vietnamese alphabet (a ă â b c d đ e ê …: "Đắk Lắk"
    after "Dak" and before "Eo"); then the tones, in dictionary order; then the text itself, so that
    only equal texts have equal keys. Python's own order puts every letter with a diacritic after "z".
    """
    return _sort_key("" if text is None else str(text))
