"""The đề án opens in LibreOffice (installed by scripts/system-deps.sh, as for the periodic report):
converted to PDF, its Vietnamese letters come back intact and its first page is not blank."""

import io
import shutil
import subprocess
import unicodedata

import pytest
from PIL import Image
from pypdf import PdfReader

from khuyencong.projects import paperwork
from khuyencong.tests.libreoffice import convert_to_pdf

from .test_paperwork import LONG_NAME, awkward

pytestmark = pytest.mark.django_db


def pdf_text(pdf) -> str:
    """The PDF's text in composed Unicode, its white space made single spaces."""
    reader = PdfReader(io.BytesIO(pdf.read_bytes()))
    return " ".join(unicodedata.normalize("NFC", "\n".join(p.extract_text() for p in reader.pages)).split())


def test_the_proposal_opens_in_libreoffice(programme, personas, registry, tmp_path):
    project = awkward(programme, personas, registry)
    source = tmp_path / "de-an.docx"
    source.write_bytes(paperwork.to_docx(project, "proposal"))
    pdf = convert_to_pdf(source)
    text = pdf_text(pdf)
    for expected in (
        "ĐỀ ÁN",
        "Mã số thuế",
        "341.700.000",
        "Nguyễn Thị Phượng Hoàng Ngọc Diệp",
        "Người đại diện",
    ):
        assert expected in text, expected
    assert LONG_NAME.split()[0] in text
    subprocess.run(
        ["pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "page")],
        check=True,
        timeout=60,
    )
    page = next(tmp_path.glob("page*.png"))
    image = Image.open(page).convert("L")
    assert image.getextrema()[0] < 128, "page 1 is blank"
    keep = shutil.os.environ.get("KC_PAPER_PNG")
    if keep:
        shutil.copy(page, keep)


def test_the_completion_report_opens_in_libreoffice_with_its_tables(programme, personas, registry, tmp_path):
    from .conftest import M, running_project

    project = running_project(programme, personas, 120 * M, applicant=registry["home"], title="Máy vót nan")
    project.record_payment(personas["centre_staff"], "advance", 50 * M, programme["today"], "TU-01")
    source = tmp_path / "bao-cao-3b.docx"
    source.write_bytes(paperwork.to_docx(project, "completion-report"))
    text = pdf_text(convert_to_pdf(source))
    for expected in (
        "KINH PHÍ KHUYẾN CÔNG ĐÃ NHẬN",
        "Khối lượng hoàn thành",
        "TU-01",
        "50.000.000",
        "Máy vót nan",
    ):
        assert expected in text, expected
