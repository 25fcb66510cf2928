"""Links and files sent to the bot: the page or the document is the story."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator

import docx
import pytest
from fpdf import FPDF
from sqlmodel import Session, select

from service.html import plain_text
from service.newsroom import Newsroom
from storage.models import ArticleRow
from tests.handlers.conftest import POSTED, REPORTER, BotHarness, article_count
from tests.pages import STORY_PARAGRAPHS, UKRAINIAN_QUOTE, PageServer


@pytest.fixture(scope="module")
def pages() -> Iterator[PageServer]:
    with PageServer() as server:
        yield server


def _pdf() -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=11)
    for paragraph in STORY_PARAGRAPHS:
        pdf.multi_cell(0, 6, paragraph.replace("’", "'"))
        pdf.ln(3)
    return bytes(pdf.output())


def _docx() -> bytes:
    document = docx.Document()
    for paragraph in STORY_PARAGRAPHS:
        document.add_paragraph(paragraph)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_a_channel_post_with_a_hidden_link_gives_the_page(
    run_bot, newsroom: Newsroom, pages: PageServer
) -> None:
    async def scenario(bot: BotHarness) -> None:
        fake = bot.fake
        chat, reporter = fake.private_chat(REPORTER), fake.user(REPORTER)
        teaser = "Four killed as glide bomb hits Kharkiv mall. Read more"
        post = fake.channel_forward(chat, reporter, teaser, -1009001, "Wire", 31, POSTED)
        url = f"{pages.base}/world/kharkiv-strike?utm_source=telegram"
        post["entities"] = [{"type": "text_link", "offset": 46, "length": 9, "url": url}]
        await bot.send(post)
        receipt = plain_text(bot.replies(REPORTER)[-1])
        assert "Stored as #1 (Wire, 17 May 2025)" in receipt
        assert "Kharkiv, 17 May 2025: 4 killed, 27 injured" in receipt
        # The same article by a bare link in a private chat.
        bare = fake.text_message(chat, reporter, f"{pages.base}/world/kharkiv-strike/amp")
        bare["entities"] = [{"type": "url", "offset": 0, "length": len(bare["text"])}]
        await bot.send(bare)
        assert "Already stored as #1" in plain_text(bot.replies(REPORTER)[-1])
        # A link to nothing readable stores nothing and says why.
        gone = fake.text_message(chat, reporter, f"{pages.base}/gone")
        gone["entities"] = [{"type": "url", "offset": 0, "length": len(gone["text"])}]
        await bot.send(gone)
        assert plain_text(bot.replies(REPORTER)[-1]) == (
            "Couldn't read that link: page not found. Nothing stored."
        )

    run_bot(scenario, allow_private_urls=True)
    assert article_count(newsroom) == 1


@pytest.mark.parametrize(
    ("name", "make", "mime"),
    [
        ("statement.pdf", _pdf, "application/pdf"),
        (
            "report.docx",
            _docx,
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
    ],
)
def test_a_document_is_a_story(run_bot, newsroom: Newsroom, name, make, mime) -> None:
    async def scenario(bot: BotHarness) -> None:
        fake = bot.fake
        chat, reporter = fake.private_chat(REPORTER), fake.user(REPORTER)
        message = fake.text_message(chat, reporter, "")
        del message["text"]
        message["document"] = fake.add_file(make(), name, mime)
        await bot.send(message)
        receipt = plain_text(bot.replies(REPORTER)[-1])
        assert "Stored as #1" in receipt
        assert "Kharkiv, 17 May 2025: 4 killed, 27 injured" in receipt

    run_bot(scenario)
    assert article_count(newsroom) == 1


def _long_story(chars: int) -> list[str]:
    """The story, then council copy to make it `chars` characters or more."""
    paragraphs = [p.replace("’", "'") for p in STORY_PARAGRAPHS]
    while sum(len(p) + 1 for p in paragraphs) < chars:
        n = len(paragraphs)
        paragraphs.append(
            f"Crews in district {n} cleared {n % 40 + 2} streets on day {n} of the repairs, "
            f"and {n % 9 + 1} schools reopened there, the city council said."
        )
    return paragraphs


def _long_txt() -> bytes:
    return "\n".join(_long_story(300_000)).encode()


def _long_pdf() -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=11)
    for paragraph in _long_story(150_000):  # some 40 pages
        pdf.multi_cell(0, 6, paragraph)
        pdf.ln(3)
    return bytes(pdf.output())


@pytest.mark.parametrize(
    ("name", "make", "note"),
    [
        (
            "feature.txt",
            _long_txt,
            re.escape(f"Only the first 100,000 of {len(_long_txt()):,} characters were read."),
        ),
        # Pages stop being read at the text cap: how long the rest is, nobody knows.
        (
            "report.pdf",
            _long_pdf,
            r"Only the first 100,000 characters were read\. Not read: pages \d+–\d+\.",
        ),
    ],
    ids=["txt", "pdf"],
)
def test_a_document_past_the_text_cap_is_stored_cut_and_says_so(
    run_bot, newsroom: Newsroom, name, make, note
) -> None:
    async def scenario(bot: BotHarness) -> None:
        fake = bot.fake
        chat, reporter = fake.private_chat(REPORTER), fake.user(REPORTER)
        message = fake.text_message(chat, reporter, "")
        del message["text"]
        message["document"] = fake.add_file(make(), name)
        await bot.send(message)
        receipt = plain_text(bot.replies(REPORTER)[-1]).splitlines()
        assert receipt[0].startswith("Stored as #1")
        assert re.fullmatch(note, receipt[1]), receipt
        assert "• Kharkiv, 17 May 2025: 4 killed, 27 injured" in receipt

    run_bot(scenario)
    assert article_count(newsroom) == 1


def _zip_bomb_docx() -> bytes:
    """The story as a Word file, with a 50 MB picture of zeros that packs to 50 KB."""
    out = io.BytesIO(_docx())
    with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED) as package:
        package.writestr("word/media/image1.png", b"\x00" * 50_000_000)
    return out.getvalue()


def test_files_it_cannot_take(run_bot, newsroom: Newsroom) -> None:
    async def scenario(bot: BotHarness) -> None:
        fake = bot.fake
        chat, reporter = fake.private_chat(REPORTER), fake.user(REPORTER)
        sheet = fake.text_message(chat, reporter, "")
        del sheet["text"]
        sheet["document"] = fake.add_file(b"PK\x03\x04", "tolls.xlsx")
        await bot.send(sheet)
        assert plain_text(bot.replies(REPORTER)[-1]).startswith("Couldn't read tolls.xlsx: ")
        big = fake.text_message(chat, reporter, "")
        del big["text"]
        big["document"] = {**fake.add_file(b"x", "archive.pdf"), "file_size": 25 * 1024 * 1024}
        await bot.send(big)
        assert "larger than the 20 MB bots may download" in plain_text(bot.replies(REPORTER)[-1])
        bomb = fake.text_message(chat, reporter, "")
        del bomb["text"]
        bomb["document"] = fake.add_file(_zip_bomb_docx(), "report.docx")
        await bot.send(bomb)
        assert plain_text(bot.replies(REPORTER)[-1]) == (
            "Couldn't read report.docx: the file is too large to read safely. Nothing stored."
        )

    run_bot(scenario)
    assert article_count(newsroom) == 0


def test_a_post_whose_only_link_is_not_a_web_page_is_the_story(run_bot, newsroom: Newsroom) -> None:
    async def scenario(bot: BotHarness) -> None:
        fake = bot.fake
        chat, reporter = fake.private_chat(REPORTER), fake.user(REPORTER)
        text = (
            "Shelling killed two people in Nikopol on Sunday 18 May 2025, the regional governor "
            "said. Subscribe"
        )
        post = fake.channel_forward(chat, reporter, text, -1009003, "Desk", 4, POSTED)
        post["entities"] = [
            {"type": "text_link", "offset": len(text) - 9, "length": 9, "url": "tg://resolve?d=x"}
        ]
        await bot.send(post)
        assert "Nikopol, 18 May 2025: 2 killed" in plain_text(bot.replies(REPORTER)[-1])

    run_bot(scenario)
    assert article_count(newsroom) == 1


def _link_message(fake, chat, reporter, url: str) -> dict:
    message = fake.text_message(chat, reporter, url)
    length = len(url.encode("utf-16-le")) // 2  # Telegram counts UTF-16 code units
    message["entities"] = [{"type": "url", "offset": 0, "length": length}]
    return message


def test_links_to_international_hosts(run_bot, newsroom: Newsroom, pages: PageServer) -> None:
    async def scenario(bot: BotHarness) -> None:
        fake = bot.fake
        chat, reporter = fake.private_chat(REPORTER), fake.user(REPORTER)
        # A host IDNA refuses (an empty label) is a short reply, not the generic apology.
        await bot.send(_link_message(fake, chat, reporter, "http://bücher..example/kharkiv"))
        assert plain_text(bot.replies(REPORTER)[-1]) == (
            "Couldn't read that link: that link's address is not valid. Nothing stored."
        )
        # Full-width digits are the test server's address, as a browser reads the link.
        url = f"http://１２７.０.０.２:{pages.server_port}/world/kharkiv-strike"
        await bot.send(_link_message(fake, chat, reporter, url))
        assert "Stored as #1 (" in plain_text(bot.replies(REPORTER)[-1])

    run_bot(scenario, allow_private_urls=True)
    assert article_count(newsroom) == 1


@pytest.mark.parametrize("path", ["/charset/rot13", "/charset/unknown"])
def test_a_page_in_an_odd_charset_is_stored(
    run_bot, newsroom: Newsroom, pages: PageServer, path: str
) -> None:
    async def scenario(bot: BotHarness) -> None:
        fake = bot.fake
        chat, reporter = fake.private_chat(REPORTER), fake.user(REPORTER)
        await bot.send(_link_message(fake, chat, reporter, f"{pages.base}{path}"))
        assert "Stored as #1 (" in plain_text(bot.replies(REPORTER)[-1])

    run_bot(scenario, allow_private_urls=True)
    with Session(newsroom.engine) as session:
        (text,) = session.exec(select(ArticleRow.text)).all()
    assert UKRAINIAN_QUOTE in text  # read in the page's own charset
