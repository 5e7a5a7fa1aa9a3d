"""Converting a Word file to PDF with LibreOffice (installed by scripts/system-deps.sh), for the tests
that check a generated file opens there with its Vietnamese letters intact."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

TIMEOUT = 180  # seconds; a first start of LibreOffice builds its profile


def convert_to_pdf(source: Path) -> Path:
    """The PDF LibreOffice writes beside the source, in its own profile there, with a time limit."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice is missing: run scripts/system-deps.sh"
    work = source.parent
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(work),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=TIMEOUT,
    )
    pdf = source.with_suffix(".pdf")
    assert pdf.exists(), "LibreOffice wrote no PDF"
    return pdf
