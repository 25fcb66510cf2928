"""`/casualties <place> [period]`: one line per incident with its latest toll and every source
that reported it; reports of one incident are never added up."""

from __future__ import annotations

import datetime as dt

import pytest

from service.casualties import incidents, toll_text
from service.html import plain_text
from service.ingest import Story
from storage.models import ArticleRow, CasualtyRow
from tests.service import stories
from tests.service.conftest import Store

SEED_KYIV = (
    "Kyiv — casualty reports\n"
    "• 24 Apr 2025: at least 12 killed, 90 injured\n"
    "  Reuters 24 Apr 2025 (#1)"
)


@pytest.fixture(scope="module")
def seeded(make_store) -> Store:
    return make_store(seed=stories.seed())


@pytest.fixture(scope="module")
def newsroom_week(make_store) -> Store:
    """The seed, the next morning's update of the Kyiv toll, a Kharkiv strike two weeks later
    and an Odesa strike reported by a source with markup characters in its name."""
    return make_store(
        seed=stories.seed(),
        follow_up=stories.kyiv_follow_up(),
        kharkiv=stories.kharkiv_strike(),
        odesa=stories.odesa_strike(),
    )


@pytest.mark.parametrize(
    ("args", "heading"),
    [
        (["Kyiv"], "Kyiv — casualty reports"),
        (["kiev"], "Kyiv — casualty reports"),
        (["KYIV"], "Kyiv — casualty reports"),
        (["Kiev"], "Kyiv — casualty reports"),
        (["Kyiv", "2025-04"], "Kyiv — casualty reports (Apr 2025)"),
        (["kyiv", "24", "April", "2025"], "Kyiv — casualty reports (24 Apr 2025)"),
        (["Kyiv", "2025"], "Kyiv — casualty reports (2025)"),
    ],
)
def test_the_seed_toll_by_city_name_alias_and_case(
    seeded: Store, args: list[str], heading: str
) -> None:
    lines = seeded.ask("casualties", *args).splitlines()
    assert lines[0] == heading
    assert lines[1:] == SEED_KYIV.splitlines()[1:]


@pytest.mark.parametrize(
    "args", [["Ukraine"], ["ukraine", "2025-04"], ["UKRAINE", "April", "2025"]]
)
def test_a_country_includes_its_cities(seeded: Store, args: list[str]) -> None:
    reply = seeded.ask("casualties", *args)
    assert reply.startswith("Ukraine — casualty reports")
    assert "• Kyiv, 24 Apr 2025: at least 12 killed, 90 injured" in reply
    assert "Reuters 24 Apr 2025 (#1)" in reply
    assert "Total" not in reply  # one incident needs no total


def test_a_country_does_not_include_another_countrys_cities(seeded: Store) -> None:
    reply = seeded.ask("casualties", "Russia")
    assert reply.startswith("No casualty reports for Russia yet.")
    assert "12 killed" not in reply


def test_a_period_that_excludes_the_attack(seeded: Store) -> None:
    reply = seeded.ask("casualties", "Kyiv", "2024")
    assert reply == (
        "No casualty reports for Kyiv (2024) yet. Try without a period, or another one. "
        "Places with reports: Kyiv."
    )
    assert seeded.ask("casualties", "Kyiv", "2025-05").startswith(
        "No casualty reports for Kyiv (May 2025) yet."
    )


@pytest.mark.parametrize(
    ("args", "label"),
    [(["kiev", "this", "week"], "this week"), (["Kyiv", "last", "7", "days"], "last 7 days")],
)
def test_a_relative_period_counts_from_today(seeded: Store, args: list[str], label: str) -> None:
    # The seed's attack was in April 2025: long before this week.
    assert seeded.ask("casualties", *args) == (
        f"No casualty reports for {args[0]} ({label}) yet. Try without a period, or another "
        "one. Places with reports: Kyiv."
    )


def test_an_unknown_place_lists_places_with_reports(seeded: Store) -> None:
    assert seeded.ask("casualties", "Atlantis") == (
        "No casualty reports for Atlantis yet. Places with reports: Kyiv."
    )


def test_no_place_asks_which(seeded: Store) -> None:
    assert seeded.ask("casualties").startswith("Which place? e.g. /casualties Kyiv")


def test_a_later_report_updates_the_incident_instead_of_adding_up(newsroom_week: Store) -> None:
    reply = newsroom_week.ask("casualties", "Kyiv")
    assert reply == (
        "Kyiv — casualty reports\n"
        "• 24 Apr 2025: 16 killed (12 → 16), 90 injured\n"
        "  Reuters 24 Apr 2025 (#1); Associated Press 25 Apr 2025 (#2)"
    )
    assert "28" not in reply


def test_separate_incidents_are_listed_newest_first_and_totalled(newsroom_week: Store) -> None:
    lines = newsroom_week.ask("casualties", "Ukraine").splitlines()
    assert lines[0] == "Ukraine — casualty reports"
    incidents_shown = [line for line in lines if line.startswith("• ")]
    assert incidents_shown == [
        "• Odesa, 12 May 2025: 2 killed, 7 injured",
        "• Kharkiv, 10 May 2025: 3 killed, 21 injured",
        "• Kyiv, 24 Apr 2025: 16 killed (12 → 16), 90 injured",
    ]
    assert lines[-1] == "Total, 3 incidents: 21 killed, 118 injured"


def test_a_period_keeps_only_its_incidents(newsroom_week: Store) -> None:
    reply = newsroom_week.ask("casualties", "Ukraine", "2025-04")
    assert "Kyiv, 24 Apr 2025: 16 killed (12 → 16), 90 injured" in reply
    assert "Kharkiv" not in reply
    assert "Total" not in reply
    may = newsroom_week.ask("casualties", "Ukraine", "10", "May", "2025")
    assert "• Kharkiv, 10 May 2025: 3 killed, 21 injured" in may
    assert "Kyiv" not in may.replace("Kyiv Independent", "")


def test_one_city_shows_only_its_own_incidents(newsroom_week: Store) -> None:
    assert newsroom_week.ask("casualties", "kharkiv") == (
        "Kharkiv — casualty reports\n• 10 May 2025: 3 killed, 21 injured\n"
        "  Kyiv Independent 10 May 2025 (#3)"
    )


def test_unknown_place_lists_every_place_with_reports(newsroom_week: Store) -> None:
    reply = newsroom_week.ask("casualties", "Atlantis")
    assert reply.startswith("No casualty reports for Atlantis yet. Places with reports: ")
    listed = reply.split("Places with reports: ")[1].rstrip(".").split(", ")
    assert sorted(listed) == ["Kharkiv", "Kyiv", "Odesa"]


def test_source_names_and_place_arguments_are_escaped(newsroom_week: Store) -> None:
    html = newsroom_week.html("casualties", "Odesa")
    assert "Black Sea &lt;b&gt;News&lt;/b&gt; &amp; Co 12 May 2025 (#4)" in html
    assert "<b>News</b>" not in html
    assert newsroom_week.ask("casualties", "Odesa").endswith(
        "Black Sea <b>News</b> & Co 12 May 2025 (#4)"
    )
    unknown = newsroom_week.html("casualties", "<b>Atlantis</b>", "&", "Co")
    assert "&lt;b&gt;Atlantis&lt;/b&gt; &amp; Co" in unknown


def test_the_latest_publication_wins_whatever_order_stories_arrive_in(store: Store) -> None:
    store.forward("follow_up", stories.kyiv_follow_up())
    store.forward("seed", stories.seed())  # yesterday's story forwarded late
    reply = store.ask("casualties", "Kyiv")
    assert "• 24 Apr 2025: 16 killed (12 → 16), 90 injured" in reply
    assert "Reuters 24 Apr 2025 (#2); Associated Press 25 Apr 2025 (#1)" in reply


# incidents() over stored-looking rows -----------------------------------------------------------

UTC = dt.UTC


def _article(article_id: int, source: str, published: dt.date, hour: int = 9) -> ArticleRow:
    return ArticleRow(
        id=article_id,
        source=source,
        text="…",
        text_key=str(article_id),
        published=published,
        published_at=dt.datetime.combine(published, dt.time(hour), tzinfo=UTC),
        received_at=dt.datetime(2025, 6, 1, tzinfo=UTC) - dt.timedelta(minutes=article_id),
    )


def _casualty(place: str, day: dt.date, dated: bool = True, **toll: object) -> CasualtyRow:
    return CasualtyRow(
        article_id=0,
        location=place,
        location_key=place.lower(),
        country="Ukraine",
        day=day,
        dated=dated,
        **toll,
    )


APR_24 = dt.date(2025, 4, 24)
APR_25 = dt.date(2025, 4, 25)


def test_incidents_keep_the_latest_figures_and_every_report() -> None:
    first = _article(1, "Reuters", APR_24)
    update = _article(2, "AP", APR_25)
    rows = [
        (_casualty("Kyiv", APR_24, killed=12, injured=90, qualifier="at least"), first),
        (_casualty("Kyiv", APR_24, killed=16), update),
    ]
    for order in (rows, rows[::-1]):
        (incident,) = incidents(order)
        assert (incident.place, incident.day) == ("Kyiv", APR_24)
        assert (incident.killed, incident.injured, incident.qualifier) == (16, 90, None)
        assert [(r.article_id, r.source) for r in incident.reports] == [(1, "Reuters"), (2, "AP")]


def test_an_undated_update_next_day_joins_the_incident() -> None:
    rows = [
        (_casualty("Kyiv", APR_24, killed=12, injured=90), _article(1, "Reuters", APR_24)),
        (_casualty("Kyiv", APR_25, dated=False, killed=16), _article(2, "AP", APR_25)),
    ]
    (incident,) = incidents(rows)
    assert (incident.day, incident.killed, incident.injured) == (APR_24, 16, 90)


def test_an_undated_report_days_later_is_another_incident() -> None:
    later = dt.date(2025, 4, 28)
    rows = [
        (_casualty("Kyiv", APR_24, killed=12), _article(1, "Reuters", APR_24)),
        (_casualty("Kyiv", later, dated=False, killed=2), _article(2, "AP", later)),
        (_casualty("Kharkiv", APR_24, killed=1), _article(3, "AP", APR_24)),
    ]
    found = incidents(rows)
    assert [(i.place, i.day, i.killed) for i in found] == [
        ("Kyiv", later, 2),
        ("Kharkiv", APR_24, 1),  # newest day first; within a day, by place
        ("Kyiv", APR_24, 12),
    ]


def test_toll_text_reads_like_a_wire() -> None:
    assert toll_text(12, 90, "at least") == "at least 12 killed, 90 injured"
    assert toll_text(1500, None, None) == "1,500 killed"
    assert toll_text(None, None, "at least") == "toll not given"


UNDATED_FOLLOW_UP = """\
KYIV (AP) - The death toll from the Russian missile and drone strike on Kyiv rose to 16 on \
Friday, city officials said, as rescue crews pulled more bodies from a collapsed apartment \
block. Emergency workers searched through the night with cranes and sniffer dogs."""


def test_a_follow_up_naming_no_day_of_the_attack_joins_the_incident(store: Store) -> None:
    store.forward("seed", stories.seed())
    store.forward(
        "follow_up",
        Story(
            text=UNDATED_FOLLOW_UP,
            source="Associated Press",
            published_at=dt.datetime(2025, 4, 25, 7, 30, tzinfo=UTC),
        ),
    )
    reply = store.ask("casualties", "Kyiv")
    assert "• 24 Apr 2025: 16 killed (12 → 16), 90 injured" in reply
    assert "Reuters 24 Apr 2025 (#1); Associated Press 25 Apr 2025 (#2)" in reply
    assert "Total" not in reply and "28" not in reply
    # Asked for the day of the attack, the incident reads its latest toll, with both reports.
    on_the_day = store.ask("casualties", "Kyiv", "24", "April", "2025")
    assert "16 killed (12 → 16), 90 injured" in on_the_day and "(#2)" in on_the_day
    assert "No casualty reports" in store.ask("casualties", "Kyiv", "25", "April", "2025")


# A place with a long history -------------------------------------------------------------------

SOURCES = ("Reuters", "AP", "AFP", "BBC", "Suspilne")


def _strike(day: dt.date, killed: int, source: str = "Reuters", origin: int = 0) -> Story:
    text = (
        f"KHARKIV, Ukraine ({source}) - A Russian drone strike on Kharkiv killed {killed} "
        f"people and wounded 4 on {day:%A %d %B %Y}, the regional governor said. The drones "
        f"hit apartment blocks in the {source} report number {origin}."
    )
    return Story(
        text=text,
        source=source,
        published_at=dt.datetime.combine(day, dt.time(18), tzinfo=UTC),
        origin=(-100777, origin or day.toordinal()),
    )


@pytest.fixture(scope="module")
def kharkiv_year(make_store) -> Store:
    """Twelve strikes on Kharkiv, one a month in 2025; the December one reported by five
    outlets, the last with a higher toll."""
    strikes = {f"m{m}": _strike(dt.date(2025, m, 10), m) for m in range(1, 13)}
    repeats = {
        f"r{i}": _strike(dt.date(2025, 12, 10), 12 + i, SOURCES[i], origin=i)
        for i in range(1, len(SOURCES))
    }
    return make_store(**strikes, **repeats)


def test_without_a_period_the_latest_ten_incidents_and_the_way_to_earlier_ones(
    kharkiv_year: Store,
) -> None:
    lines = kharkiv_year.ask("casualties", "Kharkiv").splitlines()
    days = [line.split(":")[0] for line in lines if line.startswith("• ")]
    assert days == [f"• 10 {m} 2025" for m in "Dec Nov Oct Sep Aug Jul Jun May Apr Mar".split()]
    assert not any(line.startswith("Total") for line in lines)  # not the whole history
    assert lines[-1] == (
        "Latest 10 incidents shown. For earlier ones add a period: /casualties Kharkiv 2025-03"
    )
    older = kharkiv_year.ask("casualties", "Kharkiv", "2025-02")
    assert "• 10 Feb 2025: 2 killed, 4 injured" in older


def test_a_period_counts_every_incident_in_it_and_shows_the_latest_ten(
    kharkiv_year: Store,
) -> None:
    lines = kharkiv_year.ask("casualties", "Kharkiv", "2025").splitlines()
    assert len([line for line in lines if line.startswith("• ")]) == 10
    # 1 + 2 + … + 11 killed in January to November, 16 in the last report of December.
    assert "Total, 12 incidents: 82 killed, 48 injured" in lines
    assert lines[-1] == (
        "Latest 10 of 12 incidents shown; the total counts them all. "
        "A shorter period shows the others."
    )


def test_an_incident_many_outlets_reported_cites_the_one_whose_figure_stands(
    kharkiv_year: Store,
) -> None:
    reply = kharkiv_year.ask("casualties", "Kharkiv", "December", "2025")
    first, differ, cited = reply.splitlines()[1:4]
    assert first == "• 10 Dec 2025: 16 killed, 4 injured"
    # Outlets of the same day disagree: the figures are shown side by side, the latest first.
    assert differ == "  ⚠ sources differ: 16 (Suspilne, 10 Dec), 15 (BBC, 10 Dec), 14 (AFP, 10 Dec)"
    names = cited.strip().split("; ")
    assert len(names) == 4 and names[-1] == "+2 more"
    assert any(n.startswith("Suspilne 10 Dec 2025") for n in names)  # its 16 is the toll shown


@pytest.fixture(scope="module")
def round_up(make_store) -> Store:
    return make_store(round_up=stories.round_up())


def test_a_round_up_s_national_total_is_shown_as_one_and_never_added(round_up: Store) -> None:
    receipt = plain_text(round_up.replies["round_up"][0]).splitlines()
    total = "• Ukraine, 3 Jun 2025: at least 14 killed — total over Kharkiv, Odesa, Chuhuyiv"
    assert total in receipt
    lines = round_up.ask("casualties", "Ukraine", "2025").splitlines()
    assert [line for line in lines if line.startswith("• ")] == [
        total,
        "• Chuhuyiv, 3 Jun 2025: 2 killed",
        "• Kharkiv, 3 Jun 2025: 7 killed, 20 injured",
        "• Odesa, 3 Jun 2025: 5 killed",
        "• Sumy, 27 May 2025: 11 killed (cited as background)",
    ]
    # 2 + 7 + 5 + 11: the incidents, the total over three of them left out.
    assert lines[-1] == (
        "Total, 4 incidents: at least 25 killed, 20 injured (totals over several places not added)"
    )
    # The background strike is an incident of its own day, found by its own place.
    assert round_up.ask("casualties", "Sumy").splitlines()[1] == (
        "• 27 May 2025: 11 killed (cited as background)"
    )


def test_a_part_of_a_city_s_toll_is_shown_as_such_and_never_added(make_store) -> None:
    store = make_store(story=stories.city_and_district())
    receipt = plain_text(store.replies["story"][0]).splitlines()
    part = "• Saltivskyi district, Kharkiv, 17 Jun 2025: 14 killed — part of the Kharkiv toll"
    assert part in receipt
    lines = store.ask("casualties", "Kharkiv", "2025").splitlines()
    assert [line for line in lines if line.startswith("• ")] == [
        "• Kharkiv, 17 Jun 2025: at least 19 killed",
        part,
    ]
    assert lines[-1] == "Total, 1 incident: at least 19 killed (parts of a toll not added)"


def test_a_region_holds_its_towns_and_its_capital_is_the_city_alone(round_up: Store) -> None:
    for written in ("Kharkiv region", "kharkiv oblast", "Kharkov Province"):
        lines = round_up.ask("casualties", *written.split(), "2025").splitlines()
        assert lines[0] == "Kharkiv region — casualty reports (2025)", written
        assert [line for line in lines if line.startswith("• ")] == [
            "• Chuhuyiv, 3 Jun 2025: 2 killed",
            "• Kharkiv, 3 Jun 2025: 7 killed, 20 injured",
        ]
    lines = round_up.ask("casualties", "Kharkiv", "2025").splitlines()
    assert lines[1:] == ["• 3 Jun 2025: 7 killed, 20 injured", "  Reuters 3 Jun 2025 (#1)"]
