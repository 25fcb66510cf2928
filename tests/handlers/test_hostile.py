"""The hostile corpus (`tests/handlers/hostile.py`) through one running bot: every input gets a
clear reply or a deliberate silence, no handler fails, every reply is HTML Telegram takes, the
bot keeps answering, and nothing stored is garbage."""

from __future__ import annotations

import datetime as dt
import logging
import re
import time
import unicodedata

import pytest
from sqlmodel import Session, select

from extract.numbers import MAX_COUNT
from service.failures import SORRY
from service.html import plain_text
from service.newsroom import Newsroom
from storage.models import (
    ArticleRow,
    CasualtyRow,
    DateMentionRow,
    OrganizationRow,
    PersonRow,
    PlaceRow,
    QuoteRow,
)
from testkit.telegram_server import FakeTelegram, html_problem
from tests.handlers.conftest import EDITOR, GROUP, POSTED, REPORTER, BotHarness, article_count
from tests.handlers.hostile import (
    CAPTION,
    COMMAND,
    CORPUS,
    EDITED,
    FILE,
    FORWARD,
    GROUP_COMMAND,
    GROUP_FORWARD,
    GROUP_TEXT,
    HELP,
    LINK,
    MEDIA,
    PASTE,
    USER_FORWARD,
    Hostile,
)

CHANNEL = -1009001
HELP_EVERY = 25  # inputs between checks that the bot still answers /help
# What garbles a reply: control characters, and direction overrides that reverse what follows.
_GARBLING = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# What a reply must never show: our internals.
_INTERNALS = re.compile(r"Traceback|Error\(|Exception|sqlalchemy|sqlite|File \"|\.py\b|line \d+")


def _bad_chars(text: str) -> list[str]:
    """Control characters (bar newline and tab) and invisible format characters in `text`."""
    return [
        f"U+{ord(c):04X}"
        for c in text
        if unicodedata.category(c) in {"Cc", "Cf"} and c not in "\n\t"
    ]


async def _send(bot: BotHarness, case: Hostile, index: int) -> int:
    """Deliver one input as its `via` says; the chat it was sent in. Each group input goes to
    a group of its own, where the editor is an admin: Telegram (and the bot's rate limiter)
    allows 20 messages a minute per group, and the corpus has more."""
    fake = bot.fake
    private, reporter = fake.private_chat(REPORTER), fake.user(REPORTER)
    group, editor = fake.group_chat(GROUP - 1 - index), fake.user(EDITOR)
    fake.set_admins(group["id"], {EDITOR})
    me = fake.username
    text = case.text.replace("{me}", me).replace("{ME}", me.upper())
    post = 1000 + index  # a channel post of its own for each input
    if case.via == PASTE or case.via == COMMAND:
        await bot.send(fake.text_message(private, reporter, text))
        return REPORTER
    if case.via == GROUP_TEXT or case.via == GROUP_COMMAND:
        await bot.send(fake.text_message(group, editor, text))
        return group["id"]
    if case.via == FORWARD:
        await bot.send(fake.channel_forward(private, reporter, text, CHANNEL, "Wire", post, POSTED))
        return REPORTER
    if case.via == GROUP_FORWARD:
        await bot.send(fake.channel_forward(group, editor, text, CHANNEL, "Wire", post, POSTED))
        return group["id"]
    if case.via == USER_FORWARD:
        tipster = fake.user(77, "Olena")
        await bot.send(fake.user_forward(private, reporter, text, tipster, POSTED))
        return REPORTER
    if case.via in (MEDIA, CAPTION):
        assert case.media is not None
        caption = text if case.via == CAPTION else None
        await bot.send(
            fake.media_forward(
                private, reporter, case.media, caption, CHANNEL, "Wire", post, POSTED
            )
        )
        return REPORTER
    if case.via == LINK:
        message = fake.text_message(private, reporter, text)
        message["entities"] = [
            {"type": "url", "offset": 0, "length": len(text.encode("utf-16-le")) // 2}
        ]
        await bot.send(message)
        return REPORTER
    if case.via == FILE:
        assert case.file is not None
        message = fake.text_message(private, reporter, "")
        del message["text"]
        message["document"] = fake.add_file(case.file(), text)
        await bot.send(message)
        return REPORTER
    if case.via == EDITED:
        message = fake.text_message(private, reporter, text)
        message["edit_date"] = message["date"] + 60
        await bot.deliver({"update_id": 90_000 + index, "edited_message": message})
        return REPORTER
    raise AssertionError(f"unknown via {case.via!r}")


def _reply_problems(fake: FakeTelegram, since: int, chat_id: int) -> tuple[list[str], list[str]]:
    """(the plain texts of the messages sent since call `since`, what is wrong with them)."""
    problems: list[str] = []
    texts: list[str] = []
    for method, params in fake.calls[since:]:
        if method != "sendMessage":
            continue
        raw = params.get("text", "")
        texts.append(plain_text(raw))
        if params.get("chat_id") != chat_id:
            problems.append(f"sent to chat {params.get('chat_id')}, not {chat_id}")
        if params.get("parse_mode") != "HTML":
            problems.append(f"parse_mode {params.get('parse_mode')!r}")
        if (why := html_problem(raw)) is not None:
            problems.append(f"Telegram would refuse it: {why}: {raw[:200]!r}")
        if SORRY in raw:
            problems.append("the error handler's apology")
        if garbling := _GARBLING.findall(raw):
            problems.append(f"control or direction characters in the reply: {garbling[:3]}")
        if _INTERNALS.search(plain_text(raw)):
            problems.append(f"internals in the reply: {raw[:200]!r}")
    return texts, problems


def _expectation_problems(case: Hostile, replies: list[str]) -> list[str]:
    if case.expect is None:
        return [f"expected silence, got {replies[:2]!r}"] if replies else []
    if not replies:
        return ["expected a reply, got silence"]
    if not re.search(case.expect, replies[0]):
        return [f"reply {replies[0][:300]!r} does not match {case.expect!r}"]
    return []


def test_the_hostile_corpus_is_large_and_distinct() -> None:
    assert len(CORPUS) >= 200
    keys = [(c.via, c.text, c.media) for c in CORPUS]
    assert len(set(keys)) == len(keys), [k for k in keys if keys.count(k) > 1][:3]


def test_hostile_inputs_get_a_reply_or_silence_and_the_bot_goes_on(
    run_bot, newsroom: Newsroom, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING)
    failures: list[str] = []
    timings: list[tuple[float, Hostile]] = []

    async def still_serving(bot: BotHarness, when: str) -> None:
        fake = bot.fake
        for chat, sender in (
            (fake.private_chat(REPORTER), fake.user(REPORTER)),
            (fake.group_chat(GROUP), fake.user(EDITOR)),
        ):
            since = len(fake.calls)
            await bot.send(fake.text_message(chat, sender, "/help"))
            replies, _ = _reply_problems(fake, since, chat["id"])
            if not replies or not re.search(HELP, replies[0]):
                failures.append(f"{when}: /help in chat {chat['id']} got {replies!r}")

    async def scenario(bot: BotHarness) -> None:
        fake = bot.fake
        fake.set_admins(GROUP, {EDITOR})
        for index, case in enumerate(CORPUS):
            since, stored = len(fake.calls), article_count(newsroom)
            errors_before = len(caplog.records)
            started = time.perf_counter()
            chat_id = await _send(bot, case, index)
            timings.append((time.perf_counter() - started, case))
            replies, problems = _reply_problems(fake, since, chat_id)
            problems += _expectation_problems(case, replies)
            added = article_count(newsroom) - stored
            if added > 1 or (case.stores is False and added):
                problems.append(f"{added} article(s) stored")
            problems += [
                f"logged {r.levelname}: {r.getMessage()[:200]}"
                for r in caplog.records[errors_before:]
                if r.levelno >= logging.ERROR
            ]
            if problems:
                shown = case.text[:60] + ("…" if len(case.text) > 60 else "")
                failures.append(f"#{index} {case.label} ({case.via}) {shown!r}: {problems}")
            if index % HELP_EVERY == 0:
                await still_serving(bot, f"after #{index}")
        # What the corpus stored, read back: every reply that repeats it must be sendable.
        private, reporter = fake.private_chat(REPORTER), fake.user(REPORTER)
        for command in _read_back(newsroom):
            since, errors_before = len(fake.calls), len(caplog.records)
            await bot.send(fake.text_message(private, reporter, command))
            replies, problems = _reply_problems(fake, since, REPORTER)
            problems += [
                f"logged {r.levelname}: {r.getMessage()[:200]}"
                for r in caplog.records[errors_before:]
                if r.levelno >= logging.ERROR
            ]
            if not replies:
                problems.append("no reply")
            if problems:
                failures.append(f"{command[:80]!r}: {problems}")
        await still_serving(bot, "at the end")

    run_bot(scenario)
    slowest = sorted(timings, key=lambda t: -t[0])[:5]
    print("slowest inputs (s, label, via, chars):")  # shown with -s / -rP
    for seconds, case in slowest:
        print(f"  {seconds:5.1f} {case.label} ({case.via}) {len(case.text)}")
    failures += _stored_garbage(newsroom)
    assert not failures, "\n".join(failures)


def _read_back(newsroom: Newsroom) -> list[str]:
    """Commands that show everything stored: each article, place, person and speaker."""
    with Session(newsroom.engine) as session:
        ids = session.exec(select(ArticleRow.id)).all()
        places = set(session.exec(select(CasualtyRow.location)).all())
        people = set(session.exec(select(PersonRow.name)).all())
        speakers = set(session.exec(select(QuoteRow.speaker)).all())
    return [
        "/sources",
        "/digest",
        *(f"/article {i}" for i in ids),
        *(f"/casualties {p}" for p in sorted(p for p in places if p)),
        *(f"/who {p}" for p in sorted(people)),
        *(f"/quotes {s}" for s in sorted(s for s in speakers if s)),
    ]


def _stored_garbage(newsroom: Newsroom) -> list[str]:
    """What is wrong with what the corpus left in the store."""
    problems: list[str] = []
    with Session(newsroom.engine) as session:
        articles = session.exec(select(ArticleRow)).all()
        keys: dict[str, int | None] = {}
        for a in articles:
            words = re.findall(r"\w+", "".join(c for c in a.text if c.isprintable()).casefold())
            if not words:
                problems.append(f"article #{a.id} has no words: {a.text[:40]!r}")
            if "\x00" in a.text:
                problems.append(f"article #{a.id} keeps NUL bytes")
            key = " ".join(words)
            if key in keys:
                problems.append(f"article #{a.id} repeats #{keys[key]}: {a.text[:60]!r}")
            keys[key] = a.id
        for c in session.exec(select(CasualtyRow)).all():
            where = f"casualty {c.id} of article #{c.article_id}"
            for field in ("killed", "injured", "missing"):
                value = getattr(c, field)
                if value is not None and not 0 <= value <= MAX_COUNT:
                    problems.append(f"{where}: {field}={value}")
            if c.date is not None and _iso_year(c.date) is None:
                problems.append(f"{where}: date {c.date!r}")
            # A toll is of something that has happened: no day after tomorrow.
            latest = dt.date.today() + dt.timedelta(days=1)
            if c.day is not None and not dt.date(1900, 1, 1) <= c.day <= latest:
                problems.append(f"{where}: day {c.day}")
            problems += _text_problems(f"{where} location", c.location)
        for d in session.exec(select(DateMentionRow)).all():
            if d.date is not None and _iso_year(d.date) is None:
                problems.append(f"date mention {d.text!r}: {d.date!r}")
        for q in session.exec(select(QuoteRow)).all():
            if not q.text.strip() or not re.search(r"\w", q.text):
                problems.append(f"quote {q.id} of article #{q.article_id} is empty: {q.text!r}")
            if any(unicodedata.category(ch) == "Cc" and ch not in "\n\t" for ch in q.text):
                problems.append(f"quote {q.id} has control characters: {q.text[:60]!r}")
            problems += _text_problems(f"quote {q.id} speaker", q.speaker)
        for p in session.exec(select(PersonRow)).all():
            problems += _text_problems(f"person {p.id}", p.name, required=True)
            problems += _text_problems(f"person {p.id} title", p.title)
        for pl in session.exec(select(PlaceRow)).all():
            problems += _text_problems(f"place {pl.id}", pl.name, required=True)
        for o in session.exec(select(OrganizationRow)).all():
            problems += _text_problems(f"organisation {o.id}", o.name, required=True)
    return problems


def _text_problems(what: str, value: str | None, required: bool = False) -> list[str]:
    if value is None:
        return [f"{what} is missing"] if required else []
    if not re.search(r"\w", value):
        return [f"{what} is empty: {value!r}"]
    bad = _bad_chars(value)
    return [f"{what} {value[:60]!r} has {bad[:3]}"] if bad else []


def _iso_year(iso: str) -> int | None:
    """The year of an ISO date at its precision (2025-04-24, 2025-04, 2025-W17, 2025), None
    when it is no such date."""
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", iso):
            return dt.date.fromisoformat(iso).year
        if re.fullmatch(r"\d{4}-\d{2}", iso):
            return dt.date.fromisoformat(iso + "-01").year
        if m := re.fullmatch(r"(\d{4})-W(\d{2})", iso):
            return dt.date.fromisocalendar(int(m.group(1)), int(m.group(2)), 1).year
        if re.fullmatch(r"\d{4}", iso):
            return int(iso)
    except ValueError:
        pass
    return None
