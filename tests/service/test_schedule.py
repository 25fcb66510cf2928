"""Per-chat digest schedules: `/schedule`, defaults for groups, the digest a restart missed, and
at most one scheduled digest per chat and local date."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.engine import Engine

from service.html import plain_text
from service.schedule import (
    STAGGER_SECONDS,
    ChatRef,
    Defaults,
    claim_digest,
    due_date,
    known_chat,
    last_alive,
    last_due,
    mark_alive,
    missed_digest,
    schedule_reply,
    scheduled,
    settings_of,
)
from storage.models import ChatSettings

UTC = dt.UTC
DEFAULTS = Defaults(dt.time(8, 0), "UTC")
GROUP = ChatRef(-100500, "supergroup", "Kyiv desk")
SMALL_GROUP = ChatRef(-600, "group", "Night shift")
PRIVATE = ChatRef(4242, "private")
LONG_AGO = dt.datetime(2020, 1, 1, tzinfo=UTC)
KYIV = ZoneInfo("Europe/Kyiv")


def _schedule(engine: Engine, chat: ChatRef, *args: str) -> tuple[str, ChatSettings | None]:
    reply, changed = schedule_reply(engine, chat, list(args), DEFAULTS)
    return plain_text("\n".join(reply)), changed


# Defaults and /schedule -----------------------------------------------------------------------


@pytest.mark.parametrize("group", [GROUP, SMALL_GROUP])
def test_a_group_gets_the_default_digest(engine: Engine, group: ChatRef) -> None:
    settings, created = known_chat(engine, group, DEFAULTS)
    assert created
    assert (settings.digest_time, settings.timezone) == ("08:00", "UTC")
    again, created_again = known_chat(engine, group, DEFAULTS)
    assert not created_again
    assert again.digest_time == "08:00"
    assert [c.chat_id for c in scheduled(engine)] == [group.chat_id]


def test_a_private_chat_gets_no_digest_until_it_asks(engine: Engine) -> None:
    settings, created = known_chat(engine, PRIVATE, DEFAULTS)
    assert created
    assert settings.digest_time is None
    assert scheduled(engine) == []
    assert _schedule(engine, PRIVATE) == (
        "No daily digest here. /schedule 08:00 Europe/Kyiv sets one.",
        None,
    )
    reply, changed = _schedule(engine, PRIVATE, "07:15")
    assert reply == "Daily digest at 07:15 (UTC)."
    assert changed is not None
    assert [c.chat_id for c in scheduled(engine)] == [PRIVATE.chat_id]


def test_schedule_shows_the_groups_default(engine: Engine) -> None:
    assert _schedule(engine, GROUP) == ("Daily digest at 08:00 (UTC).", None)


def test_schedule_sets_time_and_zone_and_keeps_them(engine: Engine) -> None:
    reply, changed = _schedule(engine, GROUP, "07:30", "Europe/Kyiv")
    assert reply == "Daily digest at 07:30 (Europe/Kyiv)."
    assert changed is not None
    assert (changed.digest_time, changed.timezone) == ("07:30", "Europe/Kyiv")
    stored = settings_of(engine, GROUP.chat_id)
    assert stored is not None
    assert (stored.digest_time, stored.timezone) == ("07:30", "Europe/Kyiv")
    # A new time alone keeps the zone.
    assert _schedule(engine, GROUP, "9.05")[0] == "Daily digest at 09:05 (Europe/Kyiv)."
    assert _schedule(engine, GROUP)[0] == "Daily digest at 09:05 (Europe/Kyiv)."


@pytest.mark.parametrize("written", ["7:30", "07:30", "07.30", "07h30"])
def test_schedule_reads_common_time_styles(engine: Engine, written: str) -> None:
    assert _schedule(engine, GROUP, written)[0] == "Daily digest at 07:30 (UTC)."


def test_schedule_off_stops_the_digest(engine: Engine) -> None:
    reply, changed = _schedule(engine, GROUP, "OFF")
    assert reply == "Daily digest off. /schedule 08:00 turns it back on."
    assert changed is not None
    assert changed.digest_time is None
    assert scheduled(engine) == []
    # The group's default does not come back.
    assert known_chat(engine, GROUP, DEFAULTS)[0].digest_time is None
    assert _schedule(engine, GROUP, "off") == ("No daily digest was scheduled here.", None)
    assert _schedule(engine, GROUP)[0].startswith("No daily digest here.")


@pytest.mark.parametrize(
    "args", [["25:00"], ["7"], ["08:60"], ["noon"], ["08:00", "Europe/Kyiv", "extra"]]
)
def test_a_bad_time_shows_usage_and_changes_nothing(engine: Engine, args: list[str]) -> None:
    reply, changed = _schedule(engine, GROUP, *args)
    assert reply.startswith("Usage: /schedule HH:MM [Area/City], e.g. /schedule 07:30 Europe/Kyiv")
    assert changed is None
    assert settings_of(engine, GROUP.chat_id).digest_time == "08:00"  # type: ignore[union-attr]


@pytest.mark.parametrize("zone", ["Mars/Olympus", "Kyiv", "Europe/Kyiv/", "../../etc/passwd"])
def test_an_unknown_zone_is_refused(engine: Engine, zone: str) -> None:
    reply, changed = _schedule(engine, GROUP, "07:30", zone)
    assert reply == f"Unknown time zone {zone}. Use Area/City, e.g. Europe/Kyiv."
    assert changed is None
    assert settings_of(engine, GROUP.chat_id).timezone == "UTC"  # type: ignore[union-attr]


def test_an_area_without_a_city_is_refused(engine: Engine) -> None:
    """`Europe` is a folder of the time zone database, not a zone."""
    reply, changed = _schedule(engine, GROUP, "07:30", "Europe")
    assert reply == "Unknown time zone Europe. Use Area/City, e.g. Europe/Kyiv."
    assert changed is None


def test_an_unknown_zone_is_escaped(engine: Engine) -> None:
    reply, _ = schedule_reply(engine, GROUP, ["07:30", "<b>&"], DEFAULTS)
    assert reply == ["Unknown time zone <b>&lt;b&gt;&amp;</b>. Use Area/City, e.g. Europe/Kyiv."]


# When a digest is due -------------------------------------------------------------------------


def _due(chat: ChatSettings, now: dt.datetime) -> dt.datetime | None:
    """When the digest was last due, in UTC (a time in the repeated hour of a clock change
    never compares equal across zones)."""
    due = last_due(chat, now)
    return due.astimezone(UTC) if due else None


def _chat(
    hhmm: str | None,
    zone: str = "Europe/Kyiv",
    set_at: dt.datetime = LONG_AGO,
    chat_id: int = STAGGER_SECONDS,  # a chat whose digest goes out on the minute
):
    return ChatSettings(
        chat_id=chat_id, kind="group", digest_time=hhmm, timezone=zone, schedule_set_at=set_at
    )


def test_chats_set_to_the_same_minute_are_sent_spread_over_it() -> None:
    now = dt.datetime(2025, 5, 11, 6, 0, tzinfo=UTC)
    dues = {_due(_chat("08:00", chat_id=-1001700 - n), now) for n in range(20)}
    assert len(dues) == 20
    minute = dt.datetime(2025, 5, 11, 5, 0, tzinfo=UTC)  # 08:00 in Kyiv
    assert all(due is not None and minute <= due < minute + dt.timedelta(minutes=1) for due in dues)


def test_last_due_is_today_once_the_time_has_passed_else_yesterday() -> None:
    chat = _chat("08:00")  # 05:00 UTC in summer
    assert _due(chat, dt.datetime(2025, 5, 11, 6, 0, tzinfo=UTC)) == dt.datetime(
        2025, 5, 11, 5, 0, tzinfo=UTC
    )
    assert _due(chat, dt.datetime(2025, 5, 11, 5, 0, tzinfo=UTC)) == dt.datetime(
        2025, 5, 11, 5, 0, tzinfo=UTC
    )
    assert _due(chat, dt.datetime(2025, 5, 11, 4, 59, tzinfo=UTC)) == dt.datetime(
        2025, 5, 10, 5, 0, tzinfo=UTC
    )
    assert _due(_chat(None), dt.datetime(2025, 5, 11, 6, 0, tzinfo=UTC)) is None


def test_a_digest_due_while_the_bot_was_down_is_sent_for_that_date() -> None:
    chat = _chat("08:00")
    down = dt.datetime(2025, 5, 11, 4, 0, tzinfo=UTC)  # 07:00 in Kyiv
    up = dt.datetime(2025, 5, 11, 5, 30, tzinfo=UTC)  # 08:30 in Kyiv
    assert missed_digest(chat, down, up) == dt.date(2025, 5, 11)


def test_down_across_local_midnight_gives_the_local_date_it_was_due() -> None:
    chat = _chat("23:30")  # 20:30 UTC in summer
    down = dt.datetime(2025, 5, 10, 20, 0, tzinfo=UTC)
    up = dt.datetime(2025, 5, 10, 22, 0, tzinfo=UTC)  # already 11 May in Kyiv
    assert missed_digest(chat, down, up) == dt.date(2025, 5, 10)


def test_down_for_days_sends_one_digest_for_the_latest_date() -> None:
    chat = _chat("08:00")
    down = dt.datetime(2025, 5, 1, 12, 0, tzinfo=UTC)
    up = dt.datetime(2025, 5, 11, 6, 0, tzinfo=UTC)
    assert missed_digest(chat, down, up) == dt.date(2025, 5, 11)


def test_nothing_is_missed_when_the_bot_was_up_at_the_time() -> None:
    chat = _chat("08:00")
    alive = dt.datetime(2025, 5, 11, 5, 1, tzinfo=UTC)  # just after it went out
    assert missed_digest(chat, alive, dt.datetime(2025, 5, 11, 9, 0, tzinfo=UTC)) is None
    # Restarted before today's time: yesterday's went out while it was running.
    morning = dt.datetime(2025, 5, 11, 4, 0, tzinfo=UTC)
    assert missed_digest(chat, morning - dt.timedelta(minutes=5), morning) is None


def test_first_start_sends_nothing() -> None:
    assert missed_digest(_chat("08:00"), None, dt.datetime(2025, 5, 11, 9, tzinfo=UTC)) is None


def test_a_newly_set_time_already_past_sends_nothing() -> None:
    set_at = dt.datetime(2025, 5, 11, 5, 30, tzinfo=UTC)  # 08:30 Kyiv: set to 08:00, past
    chat = _chat("08:00", set_at=set_at)
    down = dt.datetime(2025, 5, 10, 12, 0, tzinfo=UTC)
    assert missed_digest(chat, down, dt.datetime(2025, 5, 11, 6, 0, tzinfo=UTC)) is None
    # The next day's is missed as usual.
    assert missed_digest(
        chat, dt.datetime(2025, 5, 11, 6, 0, tzinfo=UTC), dt.datetime(2025, 5, 12, 6, tzinfo=UTC)
    ) == dt.date(2025, 5, 12)


def test_a_digest_turned_off_is_never_missed() -> None:
    chat = _chat(None)
    assert missed_digest(chat, LONG_AGO, dt.datetime(2025, 5, 11, 9, tzinfo=UTC)) is None


def test_a_stored_chat_set_just_now_misses_nothing(engine: Engine) -> None:
    known_chat(engine, GROUP, DEFAULTS)
    (chat,) = scheduled(engine)
    now = dt.datetime.now(UTC)
    assert missed_digest(chat, now - dt.timedelta(days=2), now) is None


# Clock changes in Kyiv: 29 March 2026 (03:00 → 04:00), 25 October 2026 (04:00 → 03:00) ------


def test_spring_forward_day_digest_at_a_normal_time() -> None:
    chat = _chat("08:00")  # 05:00 UTC from 29 March
    assert _due(chat, dt.datetime(2026, 3, 29, 5, 30, tzinfo=UTC)) == dt.datetime(
        2026, 3, 29, 5, 0, tzinfo=UTC
    )
    # 07:30 local, not yet due: the last one was 08:00 EET on the 28th.
    assert _due(chat, dt.datetime(2026, 3, 29, 4, 30, tzinfo=UTC)) == dt.datetime(
        2026, 3, 28, 6, 0, tzinfo=UTC
    )
    down, up = dt.datetime(2026, 3, 29, 4, 30, tzinfo=UTC), dt.datetime(2026, 3, 29, 6, tzinfo=UTC)
    assert missed_digest(chat, down, up) == dt.date(2026, 3, 29)


def test_spring_forward_day_digest_in_the_skipped_hour_still_falls_due() -> None:
    chat = _chat("03:30")  # this wall time does not exist on 29 March 2026
    down = dt.datetime(2026, 3, 29, 0, 30, tzinfo=UTC)  # 02:30 EET
    up = dt.datetime(2026, 3, 29, 2, 0, tzinfo=UTC)  # 05:00 EEST
    due = last_due(chat, up)
    assert due is not None
    assert due.astimezone(KYIV).date() == dt.date(2026, 3, 29)
    assert down < due <= up
    assert missed_digest(chat, down, up) == dt.date(2026, 3, 29)


def test_fall_back_day_digest_in_the_repeated_hour_is_due_once() -> None:
    chat = _chat("03:30")  # 03:00–04:00 happens twice on 25 October 2026
    first = dt.datetime(2026, 10, 25, 0, 30, tzinfo=UTC)  # 03:30 EEST
    assert _due(chat, dt.datetime(2026, 10, 25, 0, 45, tzinfo=UTC)) == first
    # Alive through the first 03:30; restarted during the second: nothing more is due.
    alive = dt.datetime(2026, 10, 25, 1, 0, tzinfo=UTC)  # 03:00 EET
    assert missed_digest(chat, alive, dt.datetime(2026, 10, 25, 1, 45, tzinfo=UTC)) is None


def test_fall_back_day_digest_at_a_normal_time() -> None:
    chat = _chat("08:00")  # 06:00 UTC from 25 October
    down = dt.datetime(2026, 10, 25, 5, 30, tzinfo=UTC)  # 07:30 EET
    up = dt.datetime(2026, 10, 25, 6, 30, tzinfo=UTC)
    assert _due(chat, up) == dt.datetime(2026, 10, 25, 6, 0, tzinfo=UTC)
    assert missed_digest(chat, down, up) == dt.date(2026, 10, 25)
    # An hour earlier the wall clock said 07:30 last summer time but it is not due yet.
    assert missed_digest(chat, down, dt.datetime(2026, 10, 25, 5, 45, tzinfo=UTC)) is None


# One scheduled digest per chat and local date -------------------------------------------------


def test_claim_digest_once_per_chat_and_local_date(engine: Engine) -> None:
    day = dt.date(2026, 3, 29)
    assert claim_digest(engine, GROUP.chat_id, day) is True
    assert claim_digest(engine, GROUP.chat_id, day) is False
    assert claim_digest(engine, GROUP.chat_id, day) is False
    assert claim_digest(engine, GROUP.chat_id, day + dt.timedelta(days=1)) is True
    assert claim_digest(engine, SMALL_GROUP.chat_id, day) is True


def test_last_alive_survives_a_restart(engine: Engine) -> None:
    assert last_alive(engine) is None
    at = dt.datetime(2026, 3, 29, 4, 15, tzinfo=KYIV)
    mark_alive(engine, at)
    assert last_alive(engine) == at
    later = dt.datetime(2026, 3, 29, 9, 0, tzinfo=UTC)
    mark_alive(engine, later)
    assert last_alive(engine) == later


def test_a_zone_in_any_case_is_the_zone(engine: Engine) -> None:
    reply, changed = _schedule(engine, GROUP, "06:30", "europe/kyiv")
    assert reply == "Daily digest at 06:30 (Europe/Kyiv)."
    assert changed is not None and changed.timezone == "Europe/Kyiv"


def test_the_console_has_no_scheduled_digest(engine: Engine) -> None:
    reply, changed = _schedule(engine, ChatRef(0, "console"), "08:00")
    assert "/digest" in reply and changed is None
    assert settings_of(engine, 0) is None


def test_a_job_running_late_past_midnight_sends_the_day_it_was_due() -> None:
    chat = _chat("23:50")
    late = dt.datetime(2026, 5, 2, 0, 20, tzinfo=KYIV)
    assert due_date(chat, late) == dt.date(2026, 5, 1)
    assert due_date(chat, dt.datetime(2026, 5, 2, 23, 55, tzinfo=KYIV)) == dt.date(2026, 5, 2)
