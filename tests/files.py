"""Files built for the tests of the document readers and the hostile corpus: PDFs and Word
files of a few KB that unpack or draw to megabytes."""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Iterator


def pdf_file(objects: list[bytes]) -> bytes:
    """A PDF of these objects, numbered from 1 (the catalog), with its cross-reference table."""
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\n" % (len(objects) + 1)
    return bytes(out + b"startxref\n%d\n%%%%EOF\n" % xref)


def deflated_twice(content: bytes, entries: bytes = b"") -> bytes:
    """A stream object holding `content` deflated twice: megabytes of repeats in a few KB."""
    data = zlib.compress(zlib.compress(content, 9), 9)
    head = b"<< /Length %d /Filter [/FlateDecode /FlateDecode] %s >>" % (len(data), entries)
    return head + b"\nstream\n" + data + b"\nendstream"


def shared_content_pdf(content: bytes, pages: int, form: bytes | None = None) -> bytes:
    """A PDF whose `pages` pages all draw the one stream `content` (in Helvetica); with `form`,
    each page's resources also hold it as the form XObject /X0, for `content` to draw."""
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
    resources = b"<< /Font << /F1 3 0 R >> %s >>" % (b"/XObject << /X0 5 0 R >>" if form else b"")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>"
        % (b" ".join(b"%d 0 R" % (6 + n) for n in range(pages)), pages),
        font,
        deflated_twice(content),
        deflated_twice(
            form or b"",
            b"/Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources << /Font << "
            b"/F1 3 0 R >> >>",
        ),
    ]
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
    objects += [page + b"/Resources %s >>" % resources] * pages
    return pdf_file(objects)


def text_drawing(size: int) -> bytes:
    """About `size` bytes of drawing instructions that show "Lorem ipsum dolor sit amet"."""
    show = b"(Lorem ipsum dolor sit amet) Tj\n"
    return b"BT /F1 12 Tf 72 700 Td " + show * (size // len(show)) + b"ET\n"


def with_part(docx_data: bytes, name: str, chunks: Iterator[bytes]) -> bytes:
    """The Word file with part `name` (replaced when there is one) deflated from `chunks`."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(docx_data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package,
    ):
        for part in source.infolist():
            if part.filename != name:
                package.writestr(part, source.read(part))
        with package.open(name, "w", force_zip64=True) as target:
            for chunk in chunks:
                target.write(chunk)
    return out.getvalue()


def repeated_runs(megabytes: int) -> Iterator[bytes]:
    """A document.xml of `megabytes` MB of the same paragraph of 40 runs."""
    yield b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    yield b"<w:body>"
    paragraph = b"<w:p>" + b'<w:r><w:t xml:space="preserve">Lorem ipsum </w:t></w:r>' * 40
    megabyte = (paragraph + b"</w:p>") * (1_000_000 // (len(paragraph) + 6))
    for _ in range(megabytes):
        yield megabyte
    yield b"</w:body></w:document>"
