"""``framing`` console script: a thin shell over the library.

Each subcommand lives in its own module (``score``, ``train``, ``report``) exposing
``add_parser(subparsers)``; the parser it adds sets ``func(args) -> int``.
Exit codes: 0 success, 1 some documents failed (their rows are still written), 2 usage error.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys

from ..version import __version__
from ..errors import FramingError

SUBCOMMANDS = ("score", "train", "report")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse exits 2 on usage errors; keep that, name the fix
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {message}\n(run '{self.prog} --help' for the options)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="framing",
        description="Score news documents for attribution, loaded terms and framing; "
        "label them wire / state / partisan.",
    )
    parser.add_argument("--version", action="version", version=f"framing {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug messages")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in SUBCOMMANDS:
        importlib.import_module(f".{name}", __package__).add_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return 2
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING,
        format="framing: %(levelname)s: %(message)s",
    )
    try:
        return int(args.func(args))
    except FramingError as exc:
        print(f"framing {args.command}: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"framing {args.command}: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
