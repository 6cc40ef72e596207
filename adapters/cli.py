"""The `resfri` command. Each subcommand lives in its own module and registers itself here."""

from __future__ import annotations

import argparse
import importlib
import sys

# Modules that expose `register(subparsers)`; each adds its subcommand(s) and sets `func`.
COMMAND_MODULES = (
    "adapters.cli_parse",
    "adapters.cli_report",
    "adapters.cli_serve",
    "adapters.cli_sources",
    "adapters.cli_teams",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="resfri", description="resfri: meet without travelling")
    sub = parser.add_subparsers(dest="command", required=True)
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
