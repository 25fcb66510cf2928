"""The `newsroom-bot` command line."""

from __future__ import annotations

import argparse
import json
import os
import sys


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


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be a positive whole number")
    return value


def build_parser() -> argparse.ArgumentParser:
    """The command line: `newsroom-bot extract --jsonl [--model NAME] [--batch-size N]`."""
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
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; the exit code is non-zero only for an unusable invocation."""
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
