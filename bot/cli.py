"""The `newsroom-bot` command line."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path


def _extract(args: argparse.Namespace) -> int:
    from extract.engine import Extractor
    from extract.jsonl import extract_lines
    from extract.pipeline import load_pipeline

    try:
        nlp = load_pipeline(args.model)
    except OSError as exc:  # spaCy raises OSError for a pipeline it cannot find
        print(f"newsroom-bot: cannot load spaCy pipeline {args.model!r}: {exc}", file=sys.stderr)
        return 2
    extractor = Extractor(nlp=nlp)
    for record in extract_lines(sys.stdin, extractor, batch_size=args.batch_size):
        sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
        sys.stdout.flush()
    return 0


def _settings():  # type: ignore[no-untyped-def]
    from pydantic import ValidationError

    from bot.settings import Settings

    try:
        return Settings()
    except ValidationError as exc:
        problems = "; ".join(
            (f"{'.'.join(str(p) for p in e['loc']).upper()}: " if e["loc"] else "")
            + e["msg"].removeprefix("Value error, ")
            for e in exc.errors()
        )
        raise SystemExit(f"newsroom-bot: bad settings: {problems}") from None


def _console(settings, seeds: Path | None) -> int:  # type: ignore[no-untyped-def]
    from bot.app import build_newsroom, configure_logging
    from bot.console import Console

    configure_logging(settings)
    console = Console(build_newsroom(settings))
    if seeds is not None and seeds.is_dir():
        print(f"Loading the stories in {seeds}/ ...")
        console.ingest_paths([seeds])
    console.loop()
    return 0


def _run(args: argparse.Namespace) -> int:
    settings = _settings()
    if settings.telegram_bot_token is None:
        print("TELEGRAM_BOT_TOKEN is not set: starting the console instead (see README).")
        return _console(settings, args.seeds)
    from bot.app import configure_logging, run

    configure_logging(settings)
    run(settings)
    return 0


def _console_command(args: argparse.Namespace) -> int:
    return _console(_settings(), args.seeds)


def _import(args: argparse.Namespace) -> int:
    """Store the articles in files, folders and JSON lines files in batches, with a progress
    bar on stderr and a summary on stdout. Ctrl-C stops after the batch being stored (a second
    Ctrl-C at once); every article is stored whole with its facts or not at all, and already
    stored ones are skipped, so running the same import again goes on where it stopped.
    Exit code 0 when any article was read, 1 when every input failed, 130 after Ctrl-C."""
    import signal
    import threading
    from types import FrameType

    interrupts = 0

    def on_interrupt(signum: int, frame: FrameType | None) -> None:
        # Only note it: the import loop stops after the batch being stored.
        nonlocal interrupts
        interrupts += 1
        if interrupts > 1:
            raise KeyboardInterrupt

    # Caught from the start, loading included; not from a thread, nor when Ctrl-C is ignored
    # (as a background job's is).
    catch = threading.current_thread() is threading.main_thread()
    catch = catch and signal.getsignal(signal.SIGINT) is not signal.SIG_IGN
    previous = signal.signal(signal.SIGINT, on_interrupt) if catch else None
    tally: ImportTally | None = None  # None when stopped before anything was set up
    finished = False
    try:
        from tqdm import tqdm

        from bot.app import build_newsroom, configure_logging
        from service.files import (
            SUFFIXES,
            ImportTally,
            article_files,
            count_articles,
            import_articles,
            read_articles,
        )

        tally = ImportTally()
        settings = _settings()
        configure_logging(settings)
        files = list(article_files(args.paths))
        if not files:
            kinds = ", ".join(sorted(SUFFIXES))
            print(f"newsroom-bot: no article files ({kinds}) found", file=sys.stderr)
        else:
            total = sum(count_articles(path) for path in files)
            print(f"Loading the language pipeline for {total} articles ...", file=sys.stderr)
            newsroom = build_newsroom(settings)
            with tqdm(
                total=total, unit=" articles", file=sys.stderr, miniters=1, dynamic_ncols=True
            ) as bar:
                finished = import_articles(
                    newsroom.ingestor,
                    read_articles(files),
                    tally,
                    batch_size=args.batch_size,
                    stopping=lambda: interrupts > 0,
                    advance=bar.update,
                )
    except KeyboardInterrupt:
        interrupts = max(interrupts, 1)
    finally:
        if catch:
            signal.signal(signal.SIGINT, previous if previous is not None else signal.SIG_DFL)
    print("\n".join(tally.summary() if tally else ["0 new, 0 duplicate, 0 failed"]), flush=True)
    if interrupts:
        if not finished:
            print("Stopped by Ctrl-C: run the same import again to go on where it stopped.")
        return 130
    return 0 if tally.read else 1


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be a positive whole number")
    return value


def build_parser() -> argparse.ArgumentParser:
    """The command line: `newsroom-bot run | console | import PATH... | extract --jsonl |
    db upgrade`."""
    parser = argparse.ArgumentParser(prog="newsroom-bot", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    ex = sub.add_parser("extract", help="extract facts from JSON lines on stdin")
    ex.add_argument(
        "--jsonl",
        action="store_true",
        required=True,
        help='read {"id", "text", "title"?, "published"?} lines, write one facts line each',
    )
    ex.add_argument(
        "--model",
        default=os.environ.get("NLP_MODEL") or None,
        help="spaCy pipeline name (default: $NLP_MODEL, else en_core_web_sm or its re-upload)",
    )
    ex.add_argument(
        "--batch-size", type=_positive_int, default=16, help="articles per nlp.pipe batch"
    )
    ex.set_defaults(func=_extract)

    run = sub.add_parser("run", help="run the bot (the console when no token is set)")
    run.add_argument("--seeds", type=Path, default=Path("seeds"), help=argparse.SUPPRESS)
    run.set_defaults(func=_run)
    con = sub.add_parser("console", help="the bot's commands in this terminal")
    con.add_argument("--seeds", type=Path, default=None, help="load the stories in this folder")
    con.set_defaults(func=_console_command)
    imp = sub.add_parser(
        "import",
        help="store articles from files and folders",
        description="Store the articles in documents (.txt, .html, .htm, .pdf, .docx), folders "
        'of them (searched recursively) and JSON lines files ({"text", "title"?, "published"?, '
        '"url"?, "source"?} a line). Stories already stored are skipped, so an interrupted '
        "import run again goes on where it stopped.",
    )
    imp.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="a file or folder")
    imp.add_argument(
        "--batch-size",
        type=_positive_int,
        default=16,
        help="articles parsed together in one nlp.pipe batch (default 16)",
    )
    imp.set_defaults(func=_import)
    db = sub.add_parser("db", help="the database schema")
    db.add_argument("action", choices=["upgrade"], help="upgrade: apply the migrations")
    db.set_defaults(func=_db)
    return parser


def _db(args: argparse.Namespace) -> int:
    from storage import migrate
    from storage.db import make_engine

    engine = make_engine(_settings().database_url)
    try:
        before = migrate.current(engine)
        migrate.upgrade(engine)
        after = migrate.current(engine)
    finally:
        engine.dispose()
    if before == after:
        print(f"The database schema is up to date (revision {after}).")
    else:
        print(f"The database schema is upgraded from {before or 'nothing'} to revision {after}.")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run the command line; the exit code is non-zero only for an unusable invocation (or a
    database whose schema is out of date)."""
    from storage.migrate import SchemaOutOfDate

    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except SchemaOutOfDate as exc:
        print(f"newsroom-bot: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
