"""/watch and /unwatch, and the notes new stories leave in the outbox: what is matched (a place,
what is inside it, a person), what a note says (a toll, a rise, a quote), and what the outbox
hands the transport (one message per chat, at most one a minute)."""

from __future__ import annotations

import datetime as dt

from service.html import plain_text
from service.ingest import Story
from service.schedule import ChatRef
from service.watches import MAX_WATCHES, NOTE_INTERVAL, SHOWN_STORIES
from storage.models import ChatWatch, WatchNote
from tests import watch_stories as w
from tests.service.conftest import GROUP, PRIVATE, Store

OTHER_GROUP = -1009876
REPORTER = 4242  # PRIVATE's user: the stories come in there


def _story(text: str, when: dt.datetime = w.THURSDAY) -> Story:
    return Story(text=text, published_at=when, received_chat_id=REPORTER, received_from=REPORTER)


def _notes(store: Store, now: dt.datetime | None = None) -> dict[int, str]:
    """The messages the outbox hands the transport now, by chat, as read."""
    outgoing, _ = store.newsroom.watches.due(now or dt.datetime.now(dt.UTC))
    return {o.chat_id: "\n".join(plain_text(m) for m in o.messages) for o in outgoing}


def test_watch_a_place_a_region_and_a_person_list_and_unwatch(store: Store) -> None:
    assert store.ask("watch", "kharkov") == (
        "Watching Kharkiv (city): a note comes when a story brings casualties there."
    )
    assert store.ask("watch", "Kharkiv", "oblast") == (
        "Watching Kharkiv region (region): a note comes when a story brings casualties there "
        "or in a town of it."
    )
    assert store.ask("watch", "Lavrov") == (
        "Watching Lavrov (person): a note comes when a story quotes Lavrov."
    )
    assert store.ask("watch", "KHARKIV") == "Already watching Kharkiv (city)."
    assert store.ask("watch") == (
        "Watched here (3)\n• Kharkiv (city)\n• Kharkiv region (region)\n• Lavrov (person)\n"
        "/unwatch NAME stops one."
    )
    assert store.ask("watch", chat=PRIVATE).startswith("Nothing is watched here.")
    assert store.ask("unwatch", "Kharkov") == "Stopped watching Kharkiv (city)."
    assert store.ask("unwatch", "Kharkiv") == "Kharkiv is not watched here. /watch lists what is."
    assert store.ask("unwatch", "lavrov") == "Stopped watching Lavrov (person)."
    assert store.count(ChatWatch) == 1


def test_bad_names_and_the_limit_get_a_short_reply(store: Store) -> None:
    assert store.ask("watch", "x" * 70) == "That name is too long to watch (60 characters at most)."
    assert store.ask("watch", "12", "!!").startswith("Watch a place or a person by name")
    assert store.ask("unwatch").startswith("Stop watching what?")
    assert store.ask("watch", "<b>Bad</b>").startswith("Watch a place or a person by name")
    assert store.html("unwatch", "<b>Bad</b>").startswith("<b>&lt;b&gt;Bad&lt;/b&gt;</b> is not")
    for n in range(MAX_WATCHES - 1):
        store.ask("watch", f"Person{chr(97 + n % 26)}{chr(97 + n // 26)}")
    assert store.ask("watch", "Odesa").startswith("Watching Odesa")
    assert store.ask("watch", "Lviv").startswith(f"This chat watches {MAX_WATCHES} places")
    assert store.count(ChatWatch) == MAX_WATCHES
    console = ChatRef(0, "console")
    assert store.ask("watch", "Kyiv", chat=console).startswith("Watch notes go to Telegram chats")


def test_a_story_at_a_watched_place_or_inside_it_leaves_one_note_per_chat(store: Store) -> None:
    store.ask("watch", "Kharkiv")
    store.ask("watch", "Kharkiv region", chat=PRIVATE)  # the reporter's own chat
    store.ask("watch", "Kharkiv", "region", chat=ChatRef(OTHER_GROUP, "supergroup"))
    store.forward("kharkiv", _story(w.KHARKIV))
    store.forward("chuhuiv", _story(w.CHUHUIV))
    store.forward("lviv", _story(w.LVIV))  # watched by no one
    notes = _notes(store)
    # Not to the chat the stories came in: it has their receipts.
    assert set(notes) == {GROUP.chat_id, OTHER_GROUP}
    assert notes[GROUP.chat_id] == (
        "Kharkiv — new story\n"
        "Kharkiv, 24 Apr: at least 3 killed, 12 injured — Slobozhanska Gazette · /article 1"
    )
    assert notes[OTHER_GROUP] == (
        "Kharkiv region: 2 new stories\n"
        "Kharkiv, 24 Apr: at least 3 killed, 12 injured — Slobozhanska Gazette · /article 1\n"
        "Chuhuyiv, 24 Apr: 2 killed, 5 injured — Donets Valley News · /article 2"
    )
    # The same story again is no new story: no note.
    again = store.forward("again", _story(w.KHARKIV))
    assert again.duplicate
    assert store.count(WatchNote) == 3


def test_a_quote_by_a_watched_person(store: Store) -> None:
    store.ask("watch", "Lavrov")
    store.forward("lavrov", _story(w.LAVROV))
    assert _notes(store)[GROUP.chat_id] == (
        "Lavrov — new story\n"
        "Sergei Lavrov: “We see no reason to change our position while the other side keeps "
        "arming itself” — Volga Wire · /article 1"
    )


def test_a_story_that_raises_a_toll_says_so(store: Store) -> None:
    store.ask("watch", "Odesa")
    store.forward("first", _story(w.ODESA))
    store.forward("rise", _story(w.ODESA_RISE, w.FRIDAY))
    assert _notes(store)[GROUP.chat_id] == (
        "Odesa: 2 new stories\n"
        "Odesa, 24 Apr: at least 12 killed — Black Sea Courier · /article 1\n"
        "Odesa, 24 Apr: now at least 16 killed, was 12 — Harbour Post · /article 2"
    )


def test_a_burst_is_one_message_and_a_chat_gets_one_a_minute(store: Store) -> None:
    store.ask("watch", "Zaporizhzhia")
    for n in range(SHOWN_STORIES + 3):
        store.forward(f"z{n}", _story(w.zaporizhzhia(n)))
    now = dt.datetime.now(dt.UTC)
    outgoing, later = store.newsroom.watches.due(now)
    (chat,) = outgoing
    assert later is None and len(chat.messages) == 1
    text = plain_text(chat.messages[0])
    assert text.startswith(f"Zaporizhzhya: {SHOWN_STORIES + 3} new stories\n")
    assert text.count("/article") == SHOWN_STORIES
    assert text.endswith("+3 more (/sources lists them)")
    assert "now 4 injured, was 3 — Dnipro Line · /article 2" in text
    store.newsroom.watches.sent(chat.note_ids, now)
    assert store.newsroom.watches.due(now) == ([], None)
    # Another story soon after waits until a minute after the last note.
    store.forward("late", _story(w.zaporizhzhia(99)))
    assert store.newsroom.watches.due(now + dt.timedelta(seconds=5)) == ([], now + NOTE_INTERVAL)
    assert list(_notes(store, now + NOTE_INTERVAL)) == [GROUP.chat_id]


def test_a_chat_gone_or_moved_takes_its_watches_and_notes(store: Store) -> None:
    supergroup = -1005555
    store.ask("watch", "Kharkiv")
    store.ask("watch", "Lviv")
    store.forward("kharkiv", _story(w.KHARKIV))
    store.newsroom.chat_migrated(GROUP.chat_id, supergroup)
    assert list(_notes(store)) == [supergroup]
    store.newsroom.chat_left(supergroup)
    assert store.count(ChatWatch) == store.count(WatchNote) == 0
    store.forward("lviv", _story(w.LVIV))
    assert _notes(store) == {}


def test_a_forgotten_story_takes_its_waiting_note(store: Store) -> None:
    store.ask("watch", "Kharkiv")
    store.forward("kharkiv", _story(w.KHARKIV))
    assert store.count(WatchNote) == 1
    assert "Deleted" in store.ask("forget", "1", chat=PRIVATE, user=REPORTER)
    assert _notes(store) == {}
