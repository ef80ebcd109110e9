"""The ``pma-map`` command line: the same core as the app, for staff and scripts.

Each group of commands lives in its own module with a ``register(subparsers)``
function; this module only assembles them.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys

COMMAND_MODULES = (
    "pma_map.commands.explore",
    "pma_map.commands.publish",
    "pma_map.commands.investor",
    "pma_map.commands.database",
    "pma_map.commands.tiles",
    "pma_map.commands.printing",
    "pma_map.commands.store",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pma-map",
        description="Carte des atouts du Pôle Métropolitain de l'Artois.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMANDE")
    for module in COMMAND_MODULES:
        importlib.import_module(module).register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except ValueError as exc:
        print(f"Erreur : {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # The reader stopped early (``pma-map indicators --json | head``): not an error of ours.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
