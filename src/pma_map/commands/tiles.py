"""``pma-map tiles seed|status``: the offline basemap of the stand."""

from __future__ import annotations

import argparse
import sys
import time

from pma_map.i18n import fmt_num
from pma_map.tiles import grid, seed
from pma_map.tiles.local import seeded, tiles_dir
from pma_map.tiles.sources import SOURCES


def _mb(nbytes: float) -> str:
    return f"{fmt_num(nbytes / 1024 / 1024, 'fr', 1)} Mo"


class Progress:
    """A one-line progress bar on stderr (tiles, share, megabytes, rate, time left)."""

    def __init__(self, stream=None, width: int = 30):
        self.stream = stream or sys.stderr
        self.width = width
        self.start = time.monotonic()
        self.first = None

    def __call__(self, done: int, total: int, nbytes: int) -> None:
        if self.first is None:
            self.first = done - 1
        share = done / total if total else 1.0
        filled = int(self.width * share)
        elapsed = max(time.monotonic() - self.start, 1e-6)
        speed = (done - self.first) / elapsed
        left = (total - done) / speed if speed > 0 else 0
        self.stream.write(f"\r[{'#' * filled}{'.' * (self.width - filled)}] {done}/{total} tuiles "
                          f"({fmt_num(share * 100, 'fr')} %), {_mb(nbytes)}, {fmt_num(speed, 'fr', 1)}/s, "
                          f"reste {int(left // 60)} min {int(left % 60):02d} s ")
        self.stream.flush()


def describe(p: seed.Plan) -> str:
    zooms = ", ".join(f"z{z} : {n}" for z, n in sorted(p.per_zoom().items()))
    basis = ("moyenne mesurée sur les tuiles déjà présentes" if p.avg_measured
             else "moyenne supposée pour ce fond")
    return (f"{p.key}, zooms {p.zooms[0]} à {p.zooms[1]} : {len(p.tiles)} tuiles couvrent les communes ({zooms}).\n"
            f"Déjà présentes : {p.present} ; sans tuile au serveur : {len(p.absent)} ; "
            f"à télécharger : {len(p.todo)}, environ {fmt_num(p.estimate_mb, 'fr', 1)} Mo "
            f"({fmt_num(p.avg_kb, 'fr', 0)} Ko par tuile, {basis}).")


def cmd_seed(args: argparse.Namespace) -> int:
    from pma_map.layers import load_layer

    zooms = grid.parse_zooms(args.zoom)
    p = seed.plan(load_layer("communes"), args.basemap, zooms, url=args.url)
    print(describe(p))
    if args.dry_run or not p.todo:
        if not p.todo:
            print("Rien à télécharger : le fond est complet pour ces zooms.")
        return 0
    print(f"Téléchargement vers {p.root / p.key}, au plus {fmt_num(args.rate, 'fr', 1)} requêtes par seconde "
          "(Ctrl-C pour interrompre ; relancez la même commande pour reprendre).")
    try:
        fetched = seed.run(p, rate=args.rate, progress=Progress())
    except KeyboardInterrupt:
        print("\nInterrompu : les tuiles reçues sont gardées ; relancez la même commande pour reprendre.",
              file=sys.stderr)
        return 130
    except OSError as exc:
        print(f"\nTéléchargement arrêté ({exc}) : les tuiles reçues sont gardées ; "
              "relancez la même commande pour reprendre.", file=sys.stderr)
        return 1
    print(f"\nTerminé : {fetched} tuiles téléchargées.")
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    found = seeded()
    root = tiles_dir()
    if not found:
        print(f"Aucun fond de carte hors ligne dans {root} : lancez « pma-map tiles seed ».")
        return 0
    for key, info in found.items():
        state = "complet" if info.complete else "incomplet (relancez « pma-map tiles seed » pour reprendre)"
        print(f"{key} : zooms {info.min_zoom} à {info.max_zoom}, {info.tiles} tuiles sur {info.expected} "
              f"({info.absent} absentes du serveur), {_mb(info.bytes)}, téléchargé le {info.seeded_at}, {state}. "
              f"Dossier : {info.folder}")
    return 0


def register(sub) -> None:
    p = sub.add_parser("tiles", help="fond de carte hors ligne (tuiles IGN sur cette machine)")
    tsub = p.add_subparsers(dest="tiles_command", required=True, metavar="ACTION")
    s = tsub.add_parser("seed", help="télécharger les tuiles qui couvrent les communes du territoire")
    s.add_argument("--basemap", choices=tuple(SOURCES), default="ign_plan",
                   help="fond à télécharger (osm est refusé : politique d'usage d'OpenStreetMap)")
    s.add_argument("--zoom", default="8-15", help="niveaux de zoom, par exemple 8-15")
    s.add_argument("--rate", type=float, default=seed.DEFAULT_RATE, help="requêtes par seconde au plus")
    s.add_argument("--url", help="modèle d'adresse des tuiles ({z}, {x}, {y}) : un miroir du WMTS IGN")
    s.add_argument("--dry-run", action="store_true", help="compter les tuiles et les Mo sans rien télécharger")
    s.set_defaults(func=cmd_seed)
    st = tsub.add_parser("status", help="ce qui est téléchargé, quand, et sa taille")
    st.set_defaults(func=cmd_status)
