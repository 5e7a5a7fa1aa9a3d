"""Fill the Vietnamese catalogue from a dict of translations (a maintainer's helper).

Usage: python scripts/translate.py FILE.py [FILE.py ...]; each file defines dicts of msgid → msgstr,
for plural messages (msgid, msgid_plural) → msgstr (Vietnamese has one plural form), and for a
message with a context "context\x04msgid" → msgstr (gettext's own way of joining the two).
Entries already translated are kept; fuzzy flags are cleared for entries it fills.
"""

import runpy
import sys
from pathlib import Path

import polib

PO = Path(__file__).resolve().parent.parent / "khuyencong" / "locale" / "vi" / "LC_MESSAGES" / "django.po"


def _settle(entry) -> None:
    """A filled entry is no longer a guess: no fuzzy flag, and no trace of the msgid it was guessed from."""
    if "fuzzy" in entry.flags:
        entry.flags.remove("fuzzy")
    entry.previous_msgid = entry.previous_msgid_plural = entry.previous_msgctxt = None


def main(paths: list[str]) -> None:
    translations: dict[str, str] = {}
    plurals: dict[tuple[str, str], str] = {}
    for path in paths:
        for name, value in runpy.run_path(path).items():
            # Only the file's own dicts of strings (not __builtins__, which is a dict too).
            if isinstance(value, dict) and not name.startswith("__"):
                translations.update(
                    {k: v for k, v in value.items() if isinstance(k, str) and isinstance(v, str)}
                )
                plurals.update(
                    {k: v for k, v in value.items() if isinstance(k, tuple) and isinstance(v, str)}
                )
    po = polib.pofile(str(PO))
    missing = []
    for entry in po:
        if entry.msgid_plural and (entry.msgid, entry.msgid_plural) in plurals:
            entry.msgstr_plural = {0: plurals[(entry.msgid, entry.msgid_plural)]}
            _settle(entry)
        elif entry.msgctxt and f"{entry.msgctxt}\x04{entry.msgid}" in translations:
            entry.msgstr = translations[f"{entry.msgctxt}\x04{entry.msgid}"]
            _settle(entry)
        elif entry.msgid in translations and not entry.msgctxt:
            entry.msgstr = translations[entry.msgid]
            _settle(entry)
        elif not entry.translated() or "fuzzy" in entry.flags:
            missing.append(entry.msgid)
    po.metadata_is_fuzzy = False
    po.header = "Vietnamese catalogue of khuyencong."
    po.metadata["Project-Id-Version"] = "khuyencong"
    po.metadata["Language"] = "vi"
    po.metadata["Plural-Forms"] = "nplurals=1; plural=0;"
    po.metadata["Content-Type"] = "text/plain; charset=UTF-8"
    po.save()
    po.save_as_mofile(str(PO.with_suffix(".mo")))
    for msgid in missing:
        print("untranslated:", msgid)


if __name__ == "__main__":
    main(sys.argv[1:])
