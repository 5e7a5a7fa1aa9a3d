"""Number and symbol (*số và ký hiệu*) of Vietnamese administrative documents.

Decree 30/2020/NĐ-CP writes them as `number/TYPE-ISSUER` (`11355/QĐ-BCT`), with the
year between for normative documents (`36/2025/QĐ-UBND`, `26/2014/TTLT-BTC-BCT`);
an official letter (*công văn*) carries no type, only the issuer and its unit
(`1250/SCT-QLCN`). People type the symbol without diacritics or in any case, so the
type is recognised case- and diacritic-insensitively and written back canonically.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from khuyencong.vntext import fold

# Canonical type abbreviations and what they mean; CV is implied by a symbol without a type.
DOCUMENT_TYPES = {
    "QĐ": _("Decision"),
    "TB": _("Notice"),
    "KH": _("Plan"),
    "BC": _("Report"),
    "TTr": _("Submission"),
    "CV": _("Official letter"),
    "NQ": _("Resolution"),
    "TT": _("Circular"),
    "TTLT": _("Joint circular"),
    "NĐ": _("Decree"),
    "CT": _("Directive"),
    "HD": _("Guidance"),
    "BB": _("Minutes"),
    "HĐ": _("Contract"),
}
_TYPE_EXACT = {code.upper(): code for code in DOCUMENT_TYPES}
_TYPE_BY_FOLDED = {fold(code).upper(): code for code in DOCUMENT_TYPES}
# "HD" folds to both HD (guidance) and HĐ (contract); typed without diacritics it means guidance.
_TYPE_BY_FOLDED["HD"] = "HD"

SYMBOL_RE = re.compile(
    r"^(?P<number>[0-9]{1,6})(?P<suffix>[a-z]?)"
    r"(?:/(?P<year>(?:19|20)[0-9]{2}))?"
    r"/(?P<rest>[^\s/]+(?:-[^\s/]+)*)$",
    re.IGNORECASE,
)
ISSUER_PART_RE = re.compile(r"^[A-Za-zĐđ0-9]{1,12}$")


class SymbolError(ValueError):
    """The text is not a document number and symbol; the message says what is wrong."""


@dataclass(frozen=True)
class Symbol:
    number: int
    suffix: str
    year: int | None
    doc_type: str
    issuer: str

    def __str__(self) -> str:
        head = f"{self.number}{self.suffix}"
        if self.year:
            head += f"/{self.year}"
        tail = self.issuer if self.doc_type == "CV" else f"{self.doc_type}-{self.issuer}"
        return f"{head}/{tail}"


def parse_symbol(text: str) -> Symbol:
    """Parse `11355/QĐ-BCT`, `36/2025/QĐ-UBND`, `1250/SCT-QLCN` into their parts."""
    cleaned = unicodedata.normalize("NFC", str(text or "")).strip()
    cleaned = re.sub(r"\s*([/-])\s*", r"\1", cleaned).replace("–", "-")
    if not cleaned:
        raise SymbolError(_("Enter the number and symbol, e.g. 11355/QĐ-BCT."))
    match = SYMBOL_RE.match(cleaned)
    if not match:
        raise SymbolError(
            _("“%(text)s” is not a number and symbol: write it as number/TYPE-ISSUER, e.g. 11355/QĐ-BCT.")
            % {"text": text}
        )
    parts = match["rest"].split("-")
    doc_type = _TYPE_EXACT.get(parts[0].upper()) or _TYPE_BY_FOLDED.get(fold(parts[0]).upper())
    if doc_type and len(parts) > 1:
        issuer_parts = parts[1:]
    else:
        doc_type, issuer_parts = "CV", parts
    for part in issuer_parts:
        if not ISSUER_PART_RE.match(part):
            raise SymbolError(
                _("“%(part)s” in “%(text)s” is not an issuer abbreviation (letters and digits only).")
                % {"part": part, "text": text}
            )
    number = int(match["number"])
    if number == 0:
        raise SymbolError(_("A document number starts at 1."))
    year = int(match["year"]) if match["year"] else None
    return Symbol(number, match["suffix"].lower(), year, doc_type, "-".join(issuer_parts))
