"""What hostile and runaway input costs (issue 14): each case read and stored as the bot would,
in a fresh process of its own, with its wall time and the process's peak resident memory (the
spaCy pipeline, about 220 MiB, included). Run on a checkout without the caps, the same cases give
the figures from before them.

    python -m bench.hostile            # every case
    python -m bench.hostile text-1m    # one
"""

from __future__ import annotations

import io
import json
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path

GIVE_UP_SECONDS = 300  # a case still running then is killed (the dateline bomb, before its fix)
STORY = (
    "Crews in district {n} cleared {m} streets on day {n} of the repairs, and {k} schools "
    "reopened there, the city council said on Tuesday."
)


def _council_copy(chars: int) -> str:
    """Different paragraphs of plain council copy, `chars` characters or a little more."""
    paragraphs: list[str] = []
    total = 0
    while total < chars:
        n = len(paragraphs)
        paragraphs.append(STORY.format(n=n, m=n % 40 + 2, k=n % 9 + 1))
        total += len(paragraphs[-1]) + 1
    return "\n".join(paragraphs)


def _runs_docx() -> bytes:
    """A Word file of under 1 MB whose document.xml unpacks to 190 MB of the same paragraph."""
    paragraph = b"<w:p>" + b'<w:r><w:t xml:space="preserve">Lorem ipsum </w:t></w:r>' * 40
    megabyte = (paragraph + b"</w:p>") * (1_000_000 // (len(paragraph) + 6))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats'
            '-package.relationships+xml"/><Override PartName="/word/document.xml" ContentType='
            '"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
            "</Types>",
        )
        package.writestr(
            "_rels/.rels",
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
            '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
            "</Relationships>",
        )
        with package.open("word/document.xml", "w", force_zip64=True) as target:
            target.write(
                b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/'
                b'main"><w:body>'
            )
            for _ in range(190):
                target.write(megabyte)
            target.write(b"</w:body></w:document>")
    return out.getvalue()


def _shared_stream_pdf(pages: int = 500) -> bytes:
    """A PDF of a few KB whose `pages` pages all draw one stream of 2.5 MB of text moves."""
    content = b"BT " + b"1 0 Td\n" * (2_500_000 // 7) + b"ET\n"
    data = zlib.compress(zlib.compress(content, 9), 9)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>"
        % (b" ".join(b"%d 0 R" % (5 + n) for n in range(pages)), pages),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d /Filter [/FlateDecode /FlateDecode] >>\nstream\n%s\nendstream"
        % (len(data), data),
    ]
    objects += [
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 3 0 R >> >> >>"
    ] * pages
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


def _quote_gap() -> bytes:
    """A 64k-character story in which two quotes of one paragraph are 30,000 blanks and a full
    stop apart (the check of what joins them once backtracked over the blanks quadratically)."""
    story = _council_copy(16_000)
    middle = 'The mayor said: "We will rebuild."' + " " * 30_000 + '. "It is done," he said.'
    return (story + "\n" + middle + "\n" + story).encode()


def _dateline_bomb() -> bytes:
    return (
        "KYIV" + ",A." * 40 + " said the mayor, and residents sheltered overnight. " * 8
    ).encode()


# name -> (what it is, file name, its bytes)
CASES: dict[str, tuple[str, str, Callable[[], bytes]]] = {
    "docx-190mb": ("0.6 MB .docx, document.xml of 190 MB", "runs.docx", _runs_docx),
    "pdf-shared": ("PDF of 500 pages sharing one 2.5 MB stream", "shared.pdf", _shared_stream_pdf),
    # Just under spaCy's nlp.max_length (1M), which refuses a longer text outright.
    "text-1m": (
        ".txt of 990,000 characters",
        "feature.txt",
        lambda: _council_copy(990_000).encode(),
    ),
    "quote-gap": ("64k story, two quotes 30,000 blanks and a stop apart", "gap.txt", _quote_gap),
    "dateline": ('"KYIV" + ",A." x 40 + text', "bomb.txt", _dateline_bomb),
}


def _measure(path: Path) -> dict[str, object]:
    """Read the file and store its story as a sent file is (in this process), timed."""
    from extract.engine import Extractor
    from readers.documents import UnreadableDocument, document_text
    from service.ingest import Ingestor, Story
    from storage.db import make_engine
    from storage.migrate import upgrade

    engine = make_engine(f"sqlite:///{path.with_suffix('.db')}")
    upgrade(engine)
    ingestor = Ingestor(engine, Extractor(), "UTC")
    data = path.read_bytes()
    started = time.perf_counter()
    try:
        text = document_text(data, path.name).text
        receipt = ingestor.ingest(Story(text=text, source="bench"))
        outcome = f"stored, {len(text):,} characters"
        if getattr(receipt, "cut_from", None):  # a checkout without the text cap has none
            outcome += " cut to the text cap"
    except UnreadableDocument as exc:
        outcome = f"refused: {exc}"
    except Exception as exc:  # the generic apology's cause, before the caps
        outcome = f"failed: {type(exc).__name__}"
    seconds = time.perf_counter() - started
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"seconds": seconds, "peak_mib": peak_mib, "outcome": outcome}


def _cases(names: list[str]) -> Iterator[str]:
    unknown = set(names) - set(CASES)
    if unknown:
        raise SystemExit(f"unknown case(s): {', '.join(sorted(unknown))}; have {', '.join(CASES)}")
    yield from names or CASES


def main(argv: list[str]) -> int:
    if argv[:1] == ["--measure"]:
        print(json.dumps(_measure(Path(argv[1]))))
        return 0
    print("| input | outcome | time | peak memory |\n|---|---|---|---|")
    with tempfile.TemporaryDirectory() as folder:
        for name in _cases(argv):
            what, filename, make = CASES[name]
            path = Path(folder) / filename
            path.write_bytes(make())
            try:
                run = subprocess.run(
                    [sys.executable, "-m", "bench.hostile", "--measure", str(path)],
                    capture_output=True,
                    text=True,
                    check=False,
                    timeout=GIVE_UP_SECONDS,
                )
            except subprocess.TimeoutExpired:
                print(f"| {what} | still running after {GIVE_UP_SECONDS} s: killed | | |")
                continue
            if run.returncode != 0:
                print(f"| {what} | crashed ({run.returncode}): {run.stderr[-200:]!r} | | |")
                continue
            figures = json.loads(run.stdout.splitlines()[-1])
            print(
                f"| {what} ({path.stat().st_size:,} bytes) | {figures['outcome']} | "
                f"{figures['seconds']:.2f} s | {figures['peak_mib']:,.0f} MiB |",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
