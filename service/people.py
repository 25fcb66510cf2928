"""`/quotes <person> [n]` and `/who <person>`."""

from __future__ import annotations

from sqlmodel import Session

from service.html import bold, day_label, esc, italic, quoted
from storage import queries
from storage.models import ArticleRow

DEFAULT_QUOTES = 5
MAX_QUOTES = 20
_QUOTE_CHARS = 600
_TITLES = 4  # in /who
_CITED = 5  # articles in /who


def cite(article: ArticleRow) -> str:
    """ "Reuters, 24 Apr 2025, #3": where a fact came from, as plain text (escape it)."""
    return f"{article.source or 'unattributed'}, {day_label(article.published)}, #{article.id}"


def _not_found(what: str) -> list[str]:
    return [f"{what} yet. Try a surname (<code>/who Rutte</code>)."]


def quotes_reply(session: Session, person: str, count: int | None) -> list[str]:
    names = queries.names_matching(session, person)
    limit = max(1, min(DEFAULT_QUOTES if count is None else count, MAX_QUOTES))
    rows = queries.quotes_of(session, names, limit) if names else []
    if not rows:
        return _not_found(f"No quotes for {bold(person)}")
    speakers = {q.speaker for q, _ in rows}
    heading = ", ".join(sorted(s for s in speakers if s))
    blocks = [f"{bold(heading)} — latest {len(rows)} quote{'s' if len(rows) > 1 else ''}"]
    for quote, article in rows:
        who = f"{bold(quote.speaker)}: " if len(speakers) > 1 else ""
        blocks.append(f"{who}{quoted(quote.text, _QUOTE_CHARS)}\n{italic(cite(article))}")
    return blocks


def who_reply(session: Session, person: str) -> list[str]:
    names = queries.names_matching(session, person)
    if not names:
        return _not_found(f"No one named {bold(person)}")
    blocks = []
    for name in names[:3]:
        titles = queries.person_titles(session, name, _TITLES)
        quoted = queries.quote_count(session, name)
        count = queries.person_article_count(session, name)
        lines = [bold(name)]
        if titles:
            lines.append(esc("; ".join(titles)))
        lines.append(
            f"Quoted {quoted:,} time{'s' if quoted != 1 else ''} · "
            f"in {count:,} article{'s' if count != 1 else ''}"
        )
        cited = queries.person_articles(session, name, _CITED)
        lines.extend(f"  {esc(cite(a))}" for a in cited)
        if count > len(cited):
            lines.append(f"  …and {count - len(cited):,} more")
        blocks.append("\n".join(lines))
    if len(names) > 3:
        blocks.append(f"Also: {esc(', '.join(names[3:10]))}")
    return blocks
