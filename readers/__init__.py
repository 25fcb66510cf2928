"""Readers: a sent file's or a fetched page's bytes to an article's text and what the file says of
it (title, author, date, canonical address). Pure: no Telegram, no database, no NLP — the
extractor reads what these give."""

from dataclasses import dataclass
from datetime import date

# The longest article text worth parsing: a long-form feature runs to 60-100k characters. The
# parse costs about 45 µs and 3 KB of memory a character on the 2-core host (100k: 5 s and
# 330 MB; 1M: 63 s and 3 GB), far below spaCy's own nlp.max_length (1M). The Ingestor cuts
# longer texts (service/ingest.py); the document readers stop reading once past it.
MAX_TEXT_CHARS = 100_000


@dataclass(frozen=True)
class Reading:
    """What a reader found: the text, one paragraph a line, and the headline, byline and day the
    file or page gives."""

    text: str
    title: str | None = None
    author: str | None = None
    published: date | None = None
    unread: str | None = None  # what the reader left out ("pages 41–480"), if anything
