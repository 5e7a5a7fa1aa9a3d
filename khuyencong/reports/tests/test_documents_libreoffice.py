"""The periodic report's Word file opens in LibreOffice (Debian's libreoffice-writer-nogui, installed
by scripts/system-deps.sh): converted to PDF there, every Vietnamese letter comes back intact, and
its first page, rendered by poppler's pdftoppm, is not blank. The conversion runs once for the
module, in its own LibreOffice profile, with a time limit."""

import io
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from khuyencong.reports.documents import periodic_docx
from khuyencong.tests.libreoffice import convert_to_pdf
from khuyencong.tests.wordfiles import docx_text

from .report_samples import demo_report


@pytest.fixture(scope="module")
def converted(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("libreoffice")
    source = work / "bao-cao.docx"
    texts = {
        "achievements": "Các cơ sở được hỗ trợ đã phát triển, tạo việc làm và nâng cao thu nhập cho lao động nông thôn.",
        "shortcomings": "- Chưa có cán bộ khuyến công ở cấp huyện, xã;\n- Quy định về hồ sơ, thủ tục còn phức tạp.",
        "next_tasks": "- Tiếp tục duy trì, khôi phục, phát triển, nhân cấy nghề cho các làng nghề.",
        "recommendations": "Đề nghị Bộ Công Thương hướng dẫn đơn giản hóa hồ sơ thanh quyết toán, sát thực tiễn, "
        "hỗ trợ kỹ thuật; ưu tiên những nơi đã chuyển đất sang làm công nghiệp.",
    }
    source.write_bytes(periodic_docx(demo_report(), texts))
    (work / "letters.txt").write_text("".join(sorted(letters(docx_text(source.read_bytes())))))
    return convert_to_pdf(source)


def letters(text: str) -> set[str]:
    """The letters with marks (and đ) a text holds: what a font or a converter may break."""
    return {char for char in unicodedata.normalize("NFC", text) if char.isalpha() and not char.isascii()}


def test_every_vietnamese_letter_survives_libreoffice(converted):
    reader = PdfReader(io.BytesIO(converted.read_bytes()))
    text = unicodedata.normalize("NFC", "\n".join(page.extract_text() for page in reader.pages))
    text = " ".join(text.split())  # a phrase may be cut across lines of the page
    written = set((converted.parent / "letters.txt").read_text())
    assert len(written) > 40  # the report uses most of the alphabet's marked letters
    assert written <= letters(text), sorted(written - letters(text))
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Hưng Yên, ngày 30 tháng 9 năm 2015",
        "SỞ CÔNG THƯƠNG",
        "BÁO CÁO",
        "triệu đồng",
        "khuyến công địa phương",
        "Quyết định số 11355/QĐ-BCT",
        "Nơi nhận:",
        "nâng cao thu nhập cho lao động nông thôn",
        "nhân cấy nghề",
        "ướ",
        "ễ",
        "ự",
        "ỹ",
        "Đ",
        *("1.380", "936", "485", "451", "341,7", "+57,25%", "70,45%"),
    ):
        assert expected in text, expected
    assert (round(float(reader.pages[0].mediabox.width)), round(float(reader.pages[0].mediabox.height))) == (
        595,
        842,
    )


def test_the_first_page_renders_to_an_image_that_is_not_blank(converted, tmp_path):
    pdftoppm = shutil.which("pdftoppm")
    assert pdftoppm, "poppler-utils is missing: run scripts/system-deps.sh"
    subprocess.run(
        [pdftoppm, "-r", "50", "-png", "-f", "1", "-l", "1", str(converted), str(tmp_path / "page")],
        check=True,
        capture_output=True,
        timeout=60,
    )
    (image_path,) = tmp_path.glob("page*.png")
    image = Image.open(image_path).convert("L")
    assert image.size == (414, 585)  # A4 at 50 dpi
    dark = sum(image.histogram()[:128])
    # A page of text at 50 dpi: several thousand dark pixels; a blank page has none.
    assert dark > 2000, dark
    # The header sits at the top: the upper fifth of the page is not empty either.
    top = image.crop((0, 0, image.width, image.height // 5))
    assert sum(top.histogram()[:128]) > 200
