"""Every text the importer can show reads cleanly: no "..", " .", ":.", ".;", doubled spaces.

The texts are taken from the source (each gettext call of the importer's modules and each
translatable text of its templates), filled with sample values, in English and Vietnamese;
and from real reports, as the job page and the invalid-rows file join them.
"""

import ast
import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation
from openpyxl import load_workbook

from khuyencong.registry.establishment_import import (
    EstablishmentImporter,
    ImportFileError,
    invalid_rows_workbook,
    missing_columns_error,
)

from .test_import import MESSY_MERGES, MESSY_ROWS
from .workbooks import as_file, workbook_bytes

ROOT = Path(settings.BASE_DIR) / "khuyencong"
MODULES = [
    "registry/establishment_import.py",
    "registry/workbook.py",
    "registry/addresses.py",
    "registry/headings.py",
    "registry/tasks.py",
    "registry/views/imports.py",
    "registry/management/commands/import_establishments.py",
    "uploads.py",
]
TEMPLATES = ["registry/templates/registry/import_job.html", "registry/templates/registry/import_upload.html"]
GETTEXT = {"_", "gettext", "gettext_lazy", "ngettext", "ngettext_lazy"}

STRAY = re.compile(r"\.\.|\s[.,;:!?)”]|[,;:]\s*[.,;:]|\.\s*[,;:]|\(\s|“\s|\s{2}|^\s|\s$|[.:;,]\s*[.:;,]\s*$")


def source_messages() -> list[str]:
    found = []
    for module in MODULES:
        tree = ast.parse((ROOT / module).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) in GETTEXT:
                texts = [
                    a.value for a in node.args[:2] if isinstance(a, ast.Constant) and isinstance(a.value, str)
                ]
                if node.func.id.startswith("ngettext"):
                    found.append(tuple(texts))
                else:
                    found.extend(texts[:1])
    for template in TEMPLATES:
        text = (ROOT / template).read_text(encoding="utf-8")
        found += re.findall(r'{% translate "([^"]+)" %}', text)
        found += re.findall(r"{% blocktranslate[^%]*%}(.*?){% endblocktranslate %}", text, re.S)
    return found


def filled(text: str) -> str:
    text = re.sub(r"%\(\w+\)[sd]", "Xã Liêu Xá", text)
    text = re.sub(r"%[sd]", "12", text)
    return re.sub(r"{{ *\w+ *}}", "12", text)


def rendered(message) -> list[str]:
    if isinstance(message, tuple):
        singular, plural = message
        return [filled(translation.ngettext(singular, plural, n)) for n in (1, 2)]
    return [filled(translation.gettext(message))]


def test_the_source_holds_the_messages():
    messages = source_messages()
    assert len(messages) > 40
    assert any("not a readable Excel workbook" in m for m in messages if isinstance(m, str))


@pytest.mark.parametrize("language", ["en", "vi"])
def test_no_importer_message_has_stray_punctuation(language):
    with translation.override(language):
        bad = [text for message in source_messages() for text in rendered(message) if STRAY.search(text)]
    assert bad == []


def test_the_check_catches_stray_punctuation():
    for bad in ("Thiếu tên..", "Thiếu tên .", "Các cột:.", "Thiếu tên.; Sai mã.", "Sai ,mã.", "A  b."):
        assert STRAY.search(bad), bad
    assert not STRAY.search("Thiếu tên cơ sở. Không rõ loại hình “x”.")


def shown(text: str) -> bool:
    """Whether a shown text is clean, the uploader's own values (in quotation marks) aside."""
    return not STRAY.search(re.sub(r"“[^”]*”", "“x”", text))


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "vi"])
def test_reports_read_cleanly_as_shown(language):
    with translation.override(language):
        report = EstablishmentImporter(as_file(workbook_bytes(MESSY_ROWS, MESSY_MERGES))).analyse()[0]
        sheet = load_workbook(io.BytesIO(invalid_rows_workbook(report))).active
        texts = [row[-1] for row in sheet.iter_rows(min_row=2, values_only=True)]
        assert len(texts) == len(report.invalid)
        texts.append(str(missing_columns_error([("name",), ("commune", "address")], 4, ["STT", "Huyện", ""])))
        with pytest.raises(ImportFileError) as refused:
            EstablishmentImporter(
                as_file(workbook_bytes([["Tên cơ sở", "Tỉnh"], ["A", "Hưng Yên"]]))
            ).analyse()
        texts.append(str(refused.value))
    assert [t for t in texts if not shown(t)] == []
