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
