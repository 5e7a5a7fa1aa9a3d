"""Vietnamese text folding shared by search keys, imports and the unit picker.

`fold("Phường Phố Hiến")` gives "phuong pho hien": lower case, diacritics removed,
đ → d, white space collapsed. Stored search keys and queries go through the same
function, so "pho hien" finds "Phường Phố Hiến" on PostgreSQL and SQLite alike.
"""

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def clean(text: object) -> str:
    """Return text in NFC with surrounding and repeated white space removed."""
    if text is None:
        return ""
    value = unicodedata.normalize("NFC", str(text)).replace("\u00a0", " ")
    return _SPACES.sub(" ", value).strip()


def fold(text: object) -> str:
    """Return the diacritic-free, lower-case search form of text."""
    decomposed = unicodedata.normalize("NFD", clean(text).lower())
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return stripped.replace("đ", "d").replace("Đ", "d")


def fold_words(text: object) -> str:
    """Fold text and keep only letters and digits between single spaces (for headings)."""
    return _SPACES.sub(" ", re.sub(r"[^0-9a-z]+", " ", fold(text))).strip()
