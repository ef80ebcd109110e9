"""Store commands: ``pma-map store check`` and ``pma-map store repair``.

``check`` says what is wrong in the stored versions (a pointer that cannot be
read, a version file missing or changed since its publication, versions left
pending by an interrupted publish, temporary files) and exits 1 when anything
is; ``repair`` points each layer at its last sound version again, from the
manifests, and removes what interrupted writes left.
"""

from __future__ import annotations

import argparse
import json

from pma_map.catalogue import LAYERS
from pma_map.publish.store import get_store


def _layers(args: argparse.Namespace) -> list[str]:
    return [args.layer] if args.layer else list(LAYERS)


def cmd_check(args: argparse.Namespace) -> int:
    store = get_store()
    problems = [p for layer in _layers(args) for p in store.check(layer)]
    if args.json:
        print(json.dumps({"ok": not problems, "problems": problems}, ensure_ascii=False, indent=2))
    elif problems:
        for p in problems:
            print(f"{p['layer']} [{p['code']}] {p['message']}")
        print("Réparez avec : pma-map store repair")
    else:
        print("Magasin des couches sain : chaque couche montre une version vérifiée.")
    return 1 if problems else 0


def cmd_repair(args: argparse.Namespace) -> int:
    store = get_store()
    done = [line for layer in _layers(args) for line in store.repair(layer, author=args.author)]
    for line in done:
        print(line)
    left = [p for layer in _layers(args) for p in store.check(layer)]
    for p in left:
        print(f"Reste : {p['layer']} [{p['code']}] {p['message']}")
    if not done and not left:
        print("Rien à réparer.")
    return 1 if left else 0


def register(sub) -> None:
    p = sub.add_parser("store", help="vérifier ou réparer le magasin des versions de couches")
    inner = p.add_subparsers(dest="store_command", required=True, metavar="ACTION")
    c = inner.add_parser("check", help="dire ce qui ne va pas (pointeurs, sommes de contrôle, restes)")
    c.add_argument("--layer", choices=list(LAYERS), metavar="NOM")
    c.add_argument("--json", action="store_true")
    c.set_defaults(func=cmd_check)
    r = inner.add_parser("repair", help="revenir à la dernière version saine et nettoyer les restes")
    r.add_argument("--layer", choices=list(LAYERS), metavar="NOM")
    r.add_argument("--author", default="pma-map store repair")
    r.set_defaults(func=cmd_repair)
