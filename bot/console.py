"""`newsroom-bot console`: the bot's commands and replies in a terminal, over the same store."""

from __future__ import annotations

import datetime as dt
import shlex
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from service.files import FileFailure, article_files, read_articles
from service.html import plain_text
from service.ingest import MIN_PASTED, Story
from service.newsroom import CONSOLE_KIND, Newsroom
from service.schedule import ChatRef

CONSOLE_CHAT = ChatRef(chat_id=0, kind=CONSOLE_KIND, title="console")
BANNER = """Newsroom bot console. Type /help for the commands, and also:
  /ingest PATH    read a story from a text file (or every .txt in a folder)
  /paste          paste a story, then a line with a single "." to end it
  /quit           leave (Ctrl-D works too)
"""


def _pasted(text: str) -> Story:
    """A story typed or pasted now, as a pasted message in a private chat is."""
    return Story(text=text, published_at=dt.datetime.now(dt.UTC), received_chat_id=0)


class Console:
    def __init__(self, newsroom: Newsroom, out: TextIO = sys.stdout) -> None:
        self.newsroom = newsroom
        self.out = out

    def say(self, messages: list[str]) -> None:
        for text in messages:
            self.out.write(plain_text(text) + "\n\n")
        self.out.flush()

    def ingest_paths(self, paths: list[Path]) -> None:
        """Each story in the files, as `newsroom-bot import` reads them, with its receipt."""
        for entry in read_articles(article_files(paths)):
            if isinstance(entry, FileFailure):
                self.say([f"Cannot read {entry}"])
                continue
            _, messages = self.newsroom.ingest(entry.story)
            self.say([f"{entry.path.name}: {m}" for m in messages])

    def handle(self, line: str, read_line: Callable[[], str | None]) -> bool:
        """Answer one line; False when the user wants to leave."""
        line = line.strip()
        if not line:
            return True
        if line in {"/quit", "/exit"}:
            return False
        if line.startswith("/ingest"):
            try:
                paths = [Path(p) for p in shlex.split(line)[1:]]
            except ValueError:
                paths = []
            if not paths:
                self.say(["Usage: /ingest path/to/story.txt"])
            for path in paths:
                if not path.exists():
                    self.say([f"No such file: {path}"])
            self.ingest_paths([p for p in paths if p.exists()])
            return True
        if line == "/paste":
            lines = []
            while (more := read_line()) is not None and more.strip() != ".":
                lines.append(more)
            self.say(self.newsroom.ingest(_pasted("\n".join(lines)))[1])
            return True
        if line.startswith("/"):
            name, *args = line.split()
            self.say(self.newsroom.answer(name[1:].split("@")[0], args, CONSOLE_CHAT))
            return True
        if len(line) >= MIN_PASTED:
            self.say(self.newsroom.ingest(_pasted(line))[1])
        else:
            self.say([f"Paste a story ({MIN_PASTED}+ characters) or use /paste; /help for more."])
        return True

    def loop(self, stdin: TextIO = sys.stdin) -> None:
        def read_line() -> str | None:
            line = stdin.readline()
            return None if line == "" else line.rstrip("\n")

        interactive = stdin.isatty()
        self.out.write(BANNER + "\n")
        while True:
            if interactive:
                self.out.write("newsroom> ")
                self.out.flush()
            line = read_line()
            if line is None or not self.handle(line, read_line):
                return
