"""`prikaz` command line: each subcommand is one module under `pipeline/commands/`."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from prikaz import __version__

# Subcommand modules, in the order `prikaz --help` lists them. Each module exposes
# `add_parser(subparsers) -> None` and `run(args) -> int`.
COMMANDS: tuple[str, ...] = ("run", "extract", "deadline", "status", "verify", "report")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="prikaz", description="Russian official orders into structured data."
    )
    parser.add_argument("--version", action="version", version=f"prikaz {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    for name in COMMANDS:
        try:
            module = importlib.import_module(f"prikaz.pipeline.commands.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"prikaz.pipeline.commands.{name}":
                continue  # command not built yet
            raise
        module.add_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help
        return int(exc.code or 0)
    return int(args.handler(args))


if __name__ == "__main__":
    sys.exit(main())
