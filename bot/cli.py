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
            f"{'.'.join(str(p) for p in e['loc']).upper()}: {e['msg']}" for e in exc.errors()
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
    from bot.app import configure_logging, run_polling

    configure_logging(settings)
    run_polling(settings)
    return 0


def _console_command(args: argparse.Namespace) -> int:
    return _console(_settings(), args.seeds)


def _import(args: argparse.Namespace) -> int:
    from bot.app import build_newsroom, configure_logging
    from service.files import article_files, submission_from_file

    settings = _settings()
    configure_logging(settings)
    newsroom = build_newsroom(settings)
    counts = {"new": 0, "duplicate": 0, "failed": 0}
    for path in article_files(args.paths):
        try:
            receipt = newsroom.ingestor.ingest(submission_from_file(path))
        except OSError as exc:
            counts["failed"] += 1
            print(f"{path}: cannot read ({exc.strerror or exc})", file=sys.stderr)
            continue
        if receipt.article_id is None:
            counts["failed"] += 1
            print(f"{path}: no text", file=sys.stderr)
        elif receipt.duplicate:
            counts["duplicate"] += 1
        else:
            counts["new"] += 1
            print(f"{path}: stored as #{receipt.article_id}")
    print(", ".join(f"{n} {k}" for k, n in counts.items()))
    return 1 if counts["failed"] and not counts["new"] and not counts["duplicate"] else 0


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be a positive whole number")
    return value


def build_parser() -> argparse.ArgumentParser:
    """The command line: `newsroom-bot run | console | import PATH... | extract --jsonl`."""
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
    imp = sub.add_parser("import", help="store article files (.txt, or folders of them)")
    imp.add_argument("paths", nargs="+", type=Path)
    imp.set_defaults(func=_import)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; the exit code is non-zero only for an unusable invocation."""
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
