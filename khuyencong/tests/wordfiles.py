"""Reading a Word file back in tests: every paragraph in order, those inside tables included."""

import io

from docx import Document as WordDocument
from docx.table import Table as WordTable
from docx.text.paragraph import Paragraph as WordParagraph


def all_paragraphs(word):
    """Every paragraph of the body, those in table cells included, in order."""

    def walk(parent):
        for child in parent.iter_inner_content():
            if isinstance(child, WordParagraph):
                yield child
            elif isinstance(child, WordTable):
                seen = []  # a merged cell shows in each column it spans: walked once
                for row in child.rows:
                    for cell in row.cells:
                        if any(cell._tc is element for element in seen):
                            continue
                        seen.append(cell._tc)
                        yield from walk(cell)

    yield from walk(word)


def texts(word) -> list[str]:
    return [paragraph.text for paragraph in all_paragraphs(word) if paragraph.text]


def docx_text(data: bytes) -> str:
    return "\n".join(texts(WordDocument(io.BytesIO(data))))
