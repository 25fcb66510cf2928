"""One incident, many reports (issue 17): reports of one event from several outlets and days
join one incident line, whatever level of the place each names and however each dates it; the
toll shown is the latest report's, a rise shows how it moved, and sources that disagree are
shown side by side, never settled silently or added up."""

from __future__ import annotations

import datetime as dt

from service.ingest import Story
from tests.service.conftest import Store

UTC = dt.UTC


def _story(text: str, source: str, day: str, hour: int = 9) -> Story:
    at = dt.datetime.fromisoformat(day).replace(hour=hour, tzinfo=UTC)
    return Story(text=text, source=source, published_at=at)


ODESA_REGION = (
    "A Russian drone attack on the Odesa region on Saturday killed three people and injured 11, "
    "the regional governor said. Emergency crews worked through the night."
)
ODESA_RISE = (
    "The death toll from Saturday's drone strike on Odesa rose to five, with 14 wounded, "
    "officials said on Sunday. Two of the injured are in serious condition."
)
ODESA_UNDATED = (
    "The number of people killed in the attack on Odesa has risen to seven, the city's mayor said."
)
KHERSON_21 = (
    "Russian shelling killed 21 people in Kherson on Wednesday, Ukrainian officials said. "
    "The strikes hit a market and a bus stop."
)
KHERSON_24 = (
    "At least 24 people were killed when Russian artillery hit Kherson on Wednesday, a regional "
    "official told reporters."
)
KHARKIV_MONDAY = (
    "A Russian glide bomb struck Kharkiv on Monday, killing three people and wounding nine, the "
    "mayor said."
)
KHARKIV_TUESDAY = (
    "A Russian missile hit a residential building in Kharkiv on Tuesday, killing two people, the "
    "regional governor said."
)
SUMY_NINE = "A missile strike on Sumy on Wednesday killed 9 people, officials said."
SUMY_SEVEN = (
    "Officials revised the toll of Wednesday's missile strike on Sumy down to seven killed on "
    "Thursday."
)


def _incident_lines(reply: str) -> list[str]:
    return [line for line in reply.splitlines() if line.startswith("• ")]


def test_region_town_dated_and_undated_reports_over_three_days_are_one_incident(
    make_store,
) -> None:
    store: Store = make_store(
        region=_story(ODESA_REGION, "Danube Wire", "2025-06-14"),
        rise=_story(ODESA_RISE, "Steppe Herald", "2025-06-15"),
        undated=_story(ODESA_UNDATED, "Northern Courier", "2025-06-17"),
    )
    reply = store.ask("casualties", "Odesa")
    # The region in one story, the city in the others; Saturday's strike reported on Sunday;
    # a follow-up naming no day three days on: one incident, at the latest toll.
    assert _incident_lines(reply) == ["• 14 Jun 2025: 7 killed (3 → 5 → 7), 14 injured (11 → 14)"]
    assert "Danube Wire 14 Jun 2025 (#1); Steppe Herald 15 Jun 2025 (#2); Northern Courier" in reply
    assert "sources differ" not in reply
    # Asked by the region, the same one line.
    by_region = _incident_lines(store.ask("casualties", "Odesa", "region"))
    assert by_region == ["• Odesa, 14 Jun 2025: 7 killed (3 → 5 → 7), 14 injured (11 → 14)"]
    # The follow-up's page says which incident its figure joined.
    page = store.ask("article", "3")
    assert "• Odesa, 17 Jun 2025: 7 killed" in page
    assert "↳ joined Odesa, 14 Jun 2025 with #1 Danube Wire, #2 Steppe Herald: now 7 killed" in page


def test_sources_of_the_same_time_that_disagree_are_shown_and_never_added(make_store) -> None:
    store: Store = make_store(
        first=_story(KHERSON_21, "Dnipro Ledger", "2025-07-02", hour=10),
        second=_story(KHERSON_24, "Black Sea Monitor", "2025-07-02", hour=14),
        monday=_story(KHARKIV_MONDAY, "Slobozhan Post", "2025-08-04"),
    )
    reply = store.ask("casualties", "Ukraine", "2025")
    assert "• Kherson, 2 Jul 2025: at least 24 killed" in reply
    assert "sources differ: at least 24 (Black Sea Monitor, 2 Jul), 21 (Dnipro Ledger, 2 Jul)" in (
        reply
    )
    # The total counts Kherson once, at the figure shown: 24 + 3, not 21 + 24 + 3.
    assert reply.splitlines()[-1].startswith("Total, 2 incidents: at least 27 killed")


def test_a_later_report_giving_less_is_shown_as_a_difference(make_store) -> None:
    store: Store = make_store(
        nine=_story(SUMY_NINE, "Seversk Daily", "2025-09-10"),
        seven=_story(SUMY_SEVEN, "Psel Review", "2025-09-11"),
    )
    lines = store.ask("casualties", "Sumy").splitlines()
    assert lines[1] == "• 10 Sep 2025: 7 killed"  # the latest report's, no arrow: it fell
    assert lines[2] == "  ⚠ sources differ: 7 (Psel Review, 11 Sep), 9 (Seversk Daily, 10 Sep)"


def test_strikes_on_a_city_on_consecutive_days_stay_two_incidents(make_store) -> None:
    store: Store = make_store(
        monday=_story(KHARKIV_MONDAY, "Slobozhan Post", "2025-08-04"),
        tuesday=_story(KHARKIV_TUESDAY, "Eastern Front Daily", "2025-08-05"),
    )
    assert _incident_lines(store.ask("casualties", "Kharkiv")) == [
        "• 5 Aug 2025: 2 killed",
        "• 4 Aug 2025: 3 killed, 9 injured",
    ]


FLOODS = (
    "Heavy floods in the Chernivtsi region on Tuesday killed 14 people, emergency services "
    "said. Hundreds of homes were flooded."
)
FLOODS_WEEKS_LATER = (
    "The death toll from the floods in Chernivtsi rose to 23 on Thursday after rescuers found "
    "two more bodies, officials said."
)
KHARKIV_MONDAY_RISES = (
    "The death toll from Monday's glide bomb strike on Kharkiv rose to six, the mayor said on "
    "Wednesday."
)


def test_a_toll_revised_weeks_later_joins_the_disaster_it_revises(make_store) -> None:
    store: Store = make_store(
        floods=_story(FLOODS, "Bukovina Today", "2025-03-04"),
        later=_story(FLOODS_WEEKS_LATER, "Prut Gazette", "2025-03-20"),
    )
    for args in (["Chernivtsi"], ["Chernivtsi", "March", "2025"], ["Chernivtsi", "2025-03-04"]):
        lines = _incident_lines(store.ask("casualties", *args))
        assert len(lines) == 1, args
        assert lines[0].endswith("4 Mar 2025: 23 killed (14 → 23)"), args


def test_a_rise_joins_the_strike_it_names_not_the_latest_one(make_store) -> None:
    store: Store = make_store(
        monday=_story(KHARKIV_MONDAY, "Slobozhan Post", "2025-08-04"),
        tuesday=_story(KHARKIV_TUESDAY, "Eastern Front Daily", "2025-08-05"),
        wednesday=_story(KHARKIV_MONDAY_RISES, "Slobozhan Post", "2025-08-06"),
    )
    assert _incident_lines(store.ask("casualties", "Kharkiv")) == [
        "• 5 Aug 2025: 2 killed",
        "• 4 Aug 2025: 6 killed (3 → 6), 9 injured",
    ]


ZAPORIZHZHIA_NEAR = (
    "A Russian missile attack near Zaporizhzhia on Sunday killed six people and wounded 20, the "
    "regional governor said."
)
ZAPORIZHZHIA_YESTERDAY = (
    "The death toll from yesterday's missile attack on Zaporizhzhia rose to nine, officials said."
)


def test_yesterdays_attack_is_read_against_the_reports_own_date(make_store) -> None:
    store: Store = make_store(
        near=_story(ZAPORIZHZHIA_NEAR, "Dnipro Ledger", "2025-06-15"),
        next_day=_story(ZAPORIZHZHIA_YESTERDAY, "Azov Times", "2025-06-16"),
    )
    assert _incident_lines(store.ask("casualties", "Zaporizhzhia")) == [
        "• 15 Jun 2025: 9 killed (6 → 9), 20 injured"
    ]
