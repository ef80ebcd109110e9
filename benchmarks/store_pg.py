"""The shared PostGIS store: one rerun's version check, and publishing a dense layer against the folder store.

Runs on a throw-away cluster (``pma_map.publish.pgtemp``); without PostgreSQL +
PostGIS it says so and returns no figures.

    .venv/bin/python benchmarks/store_pg.py [--quick]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "src")]

import synthetic  # noqa: E402

from pma_map import config  # noqa: E402
from pma_map.catalogue import LAYERS  # noqa: E402
from pma_map.layers import read_layer_file  # noqa: E402
from pma_map.publish import pgstore, pgtemp  # noqa: E402
from pma_map.publish.store import FolderStore  # noqa: E402

FULL_POLYGONS, QUICK_POLYGONS = 10_000, 200


def measure(quick: bool = False) -> dict:
    """``pg_version_check_median_ms``, ``publish_*_s`` and their ratio (None when PostgreSQL is absent)."""
    n = QUICK_POLYGONS if quick else FULL_POLYGONS
    out: dict = {"pg_version_check_median_ms": None, "publish_polygons": n, "publish_folder_s": None,
                 "publish_postgis_s": None, "publish_postgis_vs_folder_ratio": None}
    if not pgtemp.available():
        print(pgtemp.HOW_TO_GET)
        return out
    geo = config.geo_dir()
    communes = read_layer_file(geo / LAYERS["communes"].filename)
    gdf = synthetic.synthetic_polygons(communes, n)
    work = Path(tempfile.mkdtemp(prefix="pma-bench-"))
    cluster = pgtemp.start()
    try:
        url = pgtemp.create_database(cluster, "bench")
        pgstore.upgrade(url)
        pg = pgstore.PostgisStore(url, geo, cache=work / "cache")
        pg.current("communes")  # pool opened, schema checked: what a running replica has done
        checks = []
        for _ in range(20 if quick else 500):
            t0 = time.perf_counter()
            pg.current_versions(LAYERS)
            checks.append(time.perf_counter() - t0)
        out["pg_version_check_median_ms"] = round(statistics.median(checks) * 1000, 3)

        folder = FolderStore(work / "folder", geo)
        repeat = 1 if quick else 3
        times = {"folder": [], "postgis": []}
        for _ in range(repeat):
            for name, store in (("folder", folder), ("postgis", pg)):
                t0 = time.perf_counter()
                store.publish("parcs", gdf, author="bench", note="bench")
                times[name].append(time.perf_counter() - t0)
        out["publish_folder_s"] = round(statistics.median(times["folder"]), 3)
        out["publish_postgis_s"] = round(statistics.median(times["postgis"]), 3)
        out["publish_postgis_vs_folder_ratio"] = round(out["publish_postgis_s"] / out["publish_folder_s"], 2)
    finally:
        pgstore.close_pools()
        cluster.stop()
        shutil.rmtree(work, ignore_errors=True)
    return out


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    for key, value in measure(parser.parse_args().quick).items():
        print(f"{key:36s} {value}")
