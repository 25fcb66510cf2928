"""document_text: the story in a sent file, or a short reason why there is none."""

from __future__ import annotations

import datetime
import io
import random
import zipfile

import docx
import pytest
from fpdf import FPDF
from pypdf import PdfReader, PdfWriter

from readers import documents
from readers.documents import DocumentText, UnreadableDocument, document_text
from tests.files import repeated_runs, shared_content_pdf, text_drawing, with_part

# Two paragraphs that wrap over several lines; the first is hyphenated across a line break.
RELEASE = [
    "The regional water authority confirmed on Monday that a burst main beneath Quay Street "
    "had cut supplies to roughly 3,500 homes in the western districts of Aldermouth. The gov-\n"
    "ernment has promised emergency funding for the repairs.",
    "Engineers expect to restore pressure by Wednesday evening, the authority said, and bottled "
    "water is being handed out at the leisure centre and at two primary schools until then.",
]
WRAPPED_SENTENCE = (
    "The regional water authority confirmed on Monday that a burst main beneath Quay Street "
    "had cut supplies to roughly 3,500 homes in the western districts of Aldermouth."
)
CREATED = datetime.datetime(2024, 2, 19, 16, 30, tzinfo=datetime.UTC)


def unreadable_reason(data: bytes, filename: str, mime_type: str | None = None) -> str:
    with pytest.raises(UnreadableDocument) as caught:
        document_text(data, filename, mime_type)
    return str(caught.value)


# --- PDF -----------------------------------------------------------------------------------


def make_pdf(
    pages: list[list[str]],
    *,
    title: str | None = None,
    author: str | None = None,
    footer: bool = False,
) -> bytes:
    """A PDF with each page's paragraphs set in a narrow column, so that they wrap."""
    pdf = FPDF()
    pdf.set_creation_date(CREATED)
    if title:
        pdf.set_title(title)
    if author:
        pdf.set_author(author)
    pdf.set_font("Helvetica", size=11)
    for number, paragraphs in enumerate(pages, start=1):
        pdf.add_page()
        for paragraph in paragraphs:
            pdf.multi_cell(120, 5, paragraph, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(3)  # the space between paragraphs
        if footer:
            pdf.set_y(-25)
            pdf.cell(0, 5, f"Page {number} of {len(pages)}", align="C")
    return bytes(pdf.output())


def test_pdf_paragraphs_come_whole_with_hyphenation_mended() -> None:
    document = document_text(make_pdf([RELEASE]), "release.pdf")
    paragraphs = document.text.split("\n")
    assert len(paragraphs) == 2
    assert WRAPPED_SENTENCE in paragraphs[0]  # wrapped over lines, read as one sentence
    assert "The government has promised emergency funding for the repairs." in paragraphs[0]
    assert paragraphs[1].startswith("Engineers expect to restore pressure by Wednesday evening")
    assert paragraphs[1].endswith("until then.")


def test_pdf_headline_in_a_larger_font_is_its_own_paragraph() -> None:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 18)
    pdf.multi_cell(120, 9, "Water cut to 3,500 homes", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=11)
    # No space between paragraphs here: the first one's short last line ends it.
    for paragraph in [*RELEASE[1:], "Schools in the area will stay open."]:
        pdf.multi_cell(120, 5, paragraph, new_x="LMARGIN", new_y="NEXT")
    assert document_text(bytes(pdf.output()), "cut.pdf").text.split("\n") == [
        "Water cut to 3,500 homes",
        RELEASE[1],
        "Schools in the area will stay open.",
    ]


def test_pdf_metadata() -> None:
    data = make_pdf([RELEASE], title="Water supply update", author="Aldermouth Water Press Desk")
    document = document_text(data, "release.pdf")
    assert document.title == "Water supply update"
    assert document.author == "Aldermouth Water Press Desk"
    assert document.published == datetime.date(2024, 2, 19)


def test_pdf_title_filled_in_by_a_tool_is_no_title() -> None:
    data = make_pdf([RELEASE], title="Microsoft Word - release_v3_final.docx")
    assert document_text(data, "release.pdf").title is None


def test_pdf_compound_hyphen_at_a_line_end_is_kept() -> None:
    # "long-" "term" is written "long-term" elsewhere in the document: the hyphen is the word's.
    paragraph = (
        "The council will publish its long-term plan for the harbour next spring. Residents "
        "worry about the long-\nterm cost of dredging and about the pro-\nRussian trawlers."
    )
    text = document_text(make_pdf([[paragraph]]), "plan.pdf").text
    assert "the long-term cost of dredging" in text
    assert "the pro-Russian trawlers" in text


def test_pdf_story_runs_across_pages_without_page_numbers() -> None:
    first = (
        "Firefighters spent most of Saturday night tackling a blaze at a timber yard on the "
        "edge of Kelso Moor, and by dawn they had"
    )
    second = (
        "stopped it from reaching the houses on Mill Lane. Nobody was hurt, the fire service "
        "said, but 40 residents spent the night in a church hall."
    )
    third = "An investigation into the cause of the fire began on Sunday morning."
    text = document_text(make_pdf([[first], [second], [third]], footer=True), "fire.pdf").text
    assert "and by dawn they had stopped it from reaching the houses on Mill Lane." in text
    assert "Page" not in text
    assert text.split("\n")[-1] == third


def test_pdf_with_only_a_drawing_has_no_text_layer() -> None:
    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 120, 80, style="F")  # what a scan gives: marks, no text
    assert unreadable_reason(bytes(pdf.output()), "scan.pdf") == (
        "the PDF has no text layer (a scan?)"
    )


def encrypted(data: bytes, user_password: str) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password, owner_password="owner-secret")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_pdf_locked_with_a_password_is_unreadable() -> None:
    data = encrypted(make_pdf([RELEASE]), user_password="s3cret")
    assert unreadable_reason(data, "locked.pdf") == "the file is damaged or encrypted"


def test_pdf_restricted_but_openable_without_a_password_is_read() -> None:
    data = encrypted(make_pdf([RELEASE]), user_password="")
    assert WRAPPED_SENTENCE in document_text(data, "restricted.pdf").text


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.7\n\x8f\x02this is not really a PDF at all\n%%EOF",
        b"\x00\x01\x02\x03" * 64,
        make_pdf([RELEASE])[:300],  # cut off in the middle
    ],
)
def test_pdf_damaged(data: bytes) -> None:
    assert unreadable_reason(data, "broken.pdf") == "the file is damaged or encrypted"


def test_pdf_pages_past_the_cap_are_not_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(documents, "MAX_PDF_PAGES", 1)
    document = document_text(make_pdf([RELEASE[:1], RELEASE[1:]]), "release.pdf")
    assert WRAPPED_SENTENCE in document.text
    assert "Engineers" not in document.text
    assert document.unread == "page 2"


def test_pdf_pages_stop_being_read_past_the_text_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(documents, "MAX_TEXT_CHARS", 100)
    document = document_text(make_pdf([RELEASE[:1], RELEASE[1:], ["Third page."]]), "r.pdf")
    assert WRAPPED_SENTENCE in document.text
    assert "Engineers" not in document.text
    assert document.unread == "pages 2–3"


def test_pdf_pages_sharing_one_huge_stream_are_refused_unparsed() -> None:
    # 2.5 MB of text positioning without text (more than MAX_PDF_CONTENT_BYTES), under every
    # page: 3 s a page to parse, each of the 3 pages, for nothing.
    moves = b"BT " + b"1 0 Td\n" * (2_500_000 // 7) + b"ET\n"
    data = shared_content_pdf(moves, pages=3)
    assert len(data) < 5_000
    assert unreadable_reason(data, "shared.pdf") == "its pages are too large to read safely"


def test_pdf_stream_shared_by_every_page_counts_for_each(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(documents, "MAX_PDF_CONTENT_BYTES", 100_000)
    document = document_text(shared_content_pdf(text_drawing(40_000), pages=50), "shared.pdf")
    assert "Lorem ipsum dolor sit amet" in document.text
    assert document.unread == "pages 3–50"  # 2 pages of 40 KB fit in 100 KB, a third not


def test_pdf_form_drawn_again_and_again_counts_each_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(documents, "MAX_PDF_CONTENT_BYTES", 100_000)
    # One page (35 KB) that draws the same 40 KB form 5,000 times (pypdf's own limit).
    data = shared_content_pdf(b"/X0 Do\n" * 5_000, pages=1, form=text_drawing(40_000))
    assert unreadable_reason(data, "forms.pdf") == "its pages are too large to read safely"


def test_pdf_page_with_too_much_drawing_is_skipped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(documents, "MAX_PDF_CONTENT_BYTES", 5_000)
    pages = [[paragraph] for paragraph in [*RELEASE, "Schools will stay open."]]
    with_map = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf(pages))))
    with_map.pages[1].merge_page(PdfReader(io.BytesIO(make_drawing(10_000))).pages[0])
    out = io.BytesIO()
    with_map.write(out)
    document = document_text(out.getvalue(), "map.pdf")
    assert WRAPPED_SENTENCE in document.text
    assert "Schools will stay open." in document.text
    assert "Engineers" not in document.text
    assert document.unread == "page 2"


def make_drawing(lines: int) -> bytes:
    """A page of `lines` short strokes: a map or a chart, much drawing and no text."""
    pdf = FPDF()
    pdf.add_page()
    for n in range(lines):
        pdf.line(10 + n % 190, 10 + n % 277, 11 + n % 190, 12 + n % 277)
    return bytes(pdf.output())


# --- Word ----------------------------------------------------------------------------------


def make_docx(*, properties: bool = True) -> bytes:
    document = docx.Document()
    document.add_heading("Aldermouth water supply restored", level=1)
    document.add_paragraph(
        "Supplies returned to all 3,500 homes on Wednesday evening, two days after a main "
        "burst beneath Quay Street, the regional water authority said."
    )
    table = document.add_table(rows=3, cols=2)
    for row, (district, homes) in enumerate(
        [("District", "Homes affected"), ("Westgate", "2,100"), ("Harbourside", "1,400")]
    ):
        table.cell(row, 0).text = district
        table.cell(row, 1).text = homes
    document.add_paragraph("Repairs to the road surface will take another week.")
    if properties:
        document.core_properties.title = "Water supply restored"
        document.core_properties.author = "Lena Fairweather"
        document.core_properties.created = CREATED
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_docx_paragraphs_and_table_in_order() -> None:
    text = document_text(make_docx(), "update.docx").text
    assert text.split("\n") == [
        "Aldermouth water supply restored",
        "Supplies returned to all 3,500 homes on Wednesday evening, two days after a main "
        "burst beneath Quay Street, the regional water authority said.",
        "District | Homes affected",
        "Westgate | 2,100",
        "Harbourside | 1,400",
        "Repairs to the road surface will take another week.",
    ]


def test_docx_core_properties() -> None:
    document = document_text(make_docx(), "update.docx")
    assert (document.title, document.author, document.published) == (
        "Water supply restored",
        "Lena Fairweather",
        datetime.date(2024, 2, 19),
    )


def test_docx_without_properties_has_no_template_author_or_date() -> None:
    # python-docx's template says "python-docx", 23 December 2013: not this file's facts.
    document = document_text(make_docx(properties=False), "update.docx")
    assert (document.title, document.author, document.published) == (None, None, None)


def test_docx_merged_cells_and_layout_tables_read_once() -> None:
    document = docx.Document()
    table = document.add_table(rows=3, cols=3)
    table.cell(0, 0).merge(table.cell(0, 2)).text = "Shelters opened on Sunday"
    table.cell(1, 0).text = "Northfield"
    table.cell(1, 1).merge(table.cell(2, 1)).text = "120 beds"
    table.cell(1, 2).text = "school"
    table.cell(2, 0).text = "Southfield"
    table.cell(2, 2).text = "sports hall"
    layout = document.add_table(rows=1, cols=2)
    layout.cell(0, 0).text = WRAPPED_SENTENCE
    layout.cell(0, 1).text = "Contact: press office."
    out = io.BytesIO()
    document.save(out)
    assert document_text(out.getvalue(), "shelters.docx").text.split("\n") == [
        "Shelters opened on Sunday",
        "Northfield | 120 beds | school",
        "Southfield | sports hall",
        WRAPPED_SENTENCE,  # a cell holding prose is a paragraph, not a table column
        "Contact: press office.",
    ]


@pytest.mark.parametrize(
    "data",
    [
        b"PK\x03\x04 not really a zip",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512,  # a password-protected Word file
    ],
)
def test_docx_damaged(data: bytes) -> None:
    assert unreadable_reason(data, "update.docx") == "the file is damaged or encrypted"


def test_docx_zip_that_is_no_word_document() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        package.writestr("notes.txt", "hello")
    assert unreadable_reason(out.getvalue(), "update.docx") == "the file is damaged or encrypted"


def test_docx_that_would_unpack_too_large_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(documents, "MAX_DOCX_UNPACKED_BYTES", 10_000)
    assert unreadable_reason(make_docx(), "update.docx") == "the file is too large to read safely"


def test_docx_whose_document_unpacks_to_190_mb_is_refused_unread() -> None:
    # Under 1 MB on the wire; python-docx took 72 s and 2.1 GB to parse it.
    data = with_part(make_docx(), "word/document.xml", repeated_runs(190))
    assert len(data) < 1_000_000
    assert unreadable_reason(data, "runs.docx") == "the file is too large to read safely"


def test_docx_part_that_inflates_a_hundredfold_is_refused() -> None:
    data = with_part(make_docx(), "word/media/image1.png", iter([b"\x00" * 5_000_000]))
    assert unreadable_reason(data, "bomb.docx") == "the file is too large to read safely"


def test_docx_with_more_xml_than_a_story_needs_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(documents, "MAX_DOCX_XML_BYTES", 1_000_000)
    rng = random.Random(14)
    words = [
        "".join(rng.choices("abcdefghijklmnopqrstuvwxyz", k=rng.randint(2, 9))) for _ in range(500)
    ]
    document = docx.Document()
    for _ in range(1_000):  # 400 KB of prose that packs like prose, on top of the template's
        document.add_paragraph(" ".join(rng.choices(words, k=60)))
    out = io.BytesIO()
    document.save(out)
    assert unreadable_reason(out.getvalue(), "book.docx") == (
        "the document is too long to read (over 1 MB unpacked)"
    )
    assert document_text(make_docx(), "update.docx").text  # the template itself is read


# --- plain text and saved pages ------------------------------------------------------------

NOTE = "Café owners on Rue Verte say the “pedestrian only” trial cost them €2,000 a week.\n"


@pytest.mark.parametrize(
    "data",
    [
        NOTE.encode("utf-8"),
        b"\xef\xbb\xbf" + NOTE.encode("utf-8"),
        NOTE.encode("cp1252"),
        NOTE.encode("utf-16"),  # with its byte-order mark, as Notepad saves "Unicode"
    ],
    ids=["utf-8", "utf-8-bom", "cp1252", "utf-16"],
)
def test_txt_encodings(data: bytes) -> None:
    assert document_text(data, "note.txt") == DocumentText(text=NOTE.strip())


def test_txt_line_ends_are_normalised() -> None:
    data = b"First paragraph.\r\nSecond paragraph.\rThird.\r\n\r\n\r\n\r\nFourth.\r\n"
    assert document_text(data, "note.txt").text == (
        "First paragraph.\nSecond paragraph.\nThird.\n\nFourth."
    )


def test_binary_file_named_txt() -> None:
    data = bytes(range(256)) * 8
    assert unreadable_reason(data, "note.txt") == "the file is not plain text"


def test_saved_web_page_gives_the_story_without_the_site() -> None:
    page = f"""<!DOCTYPE html><html><head><meta charset="windows-1252">
    <title>Café trial ends early | Verte Weekly</title>
    <meta property="article:published_time" content="2024-05-02T10:00:00Z"></head>
    <body><nav><a href="/">Home</a> <a href="/food">Food</a></nav>
    <article><h1>Café trial ends early</h1>
    <p>{NOTE.strip()}</p>
    <p>The council said on Thursday that the trial would end a month early after complaints
    from traders and from residents who could no longer park near their homes.</p></article>
    <footer><a href="/privacy">Privacy policy</a></footer></body></html>"""
    document = document_text(page.encode("cp1252"), "page.htm")
    assert NOTE.strip() in document.text  # decoded by the charset the page declares
    assert "Privacy policy" not in document.text and "Home" not in document.text
    assert document.title == "Café trial ends early"
    assert document.published == datetime.date(2024, 5, 2)


def test_saved_page_without_a_story_has_no_text() -> None:
    page = b"<html><head><title>Menu</title></head><body><nav><a href='/'>Home</a></nav></body>"
    assert unreadable_reason(page, "menu.html") == "no text in the file"


# --- types, sizes, caps --------------------------------------------------------------------


def test_type_from_mime_type_when_the_name_has_no_known_suffix() -> None:
    text = document_text(make_pdf([RELEASE]), "attachment", "application/pdf").text
    assert WRAPPED_SENTENCE in text
    assert document_text(NOTE.encode(), "note.md", "text/plain; charset=utf-8").text


@pytest.mark.parametrize(
    ("filename", "mime_type", "reason"),
    [
        ("figures.xlsx", None, "not a supported type (.xlsx)"),
        (
            "figures.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "not a supported type (.xlsx)",
        ),
        ("old.doc", "application/msword", "not a supported type (.doc)"),
        ("attachment", "image/jpeg", "not a supported type (image/jpeg)"),
        ("attachment", None, "not a supported type (no file type)"),
    ],
)
def test_unsupported_types(filename: str, mime_type: str | None, reason: str) -> None:
    assert unreadable_reason(b"some bytes", filename, mime_type) == reason


def test_suffix_case_does_not_matter() -> None:
    assert document_text(NOTE.encode(), "NOTE.TXT").text == NOTE.strip()


@pytest.mark.parametrize("data", [b"", b"  \r\n\t "])
def test_empty_file(data: bytes) -> None:
    assert unreadable_reason(data, "note.txt") == "the file is empty"


def test_file_over_the_size_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(documents, "MAX_FILE_BYTES", 1_000_000)
    assert unreadable_reason(b"a" * 1_000_001, "note.txt") == "the file is too large (over 1 MB)"


def test_a_long_text_file_is_read_whole() -> None:
    # The Ingestor cuts it to the text cap, and says from how long a text.
    paragraph = "A paragraph of exactly forty characters."
    text = "\n".join([paragraph] * 60_000)
    assert document_text(text.encode(), "long.txt").text == text


def test_pdf_number_words_keep_their_hyphen_at_a_line_end() -> None:
    # "twenty-" "four" mended to "twentyfour" would no longer read as a number.
    paragraph = (
        "Rescuers said the blast killed twenty-\nfour people and injured thirty-\nfive others "
        "in the market on Sunday."
    )
    text = document_text(make_pdf([[paragraph]]), "toll.pdf").text
    assert "killed twenty-four people and injured thirty-five others" in text
