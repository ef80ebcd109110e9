"""Issue 14: each hostile or unlucky case, its outcome and its time, for the code on PYTHONPATH.

    PYTHONPATH=src .venv/bin/python benchmarks/hardening.py              # this branch
    PYTHONPATH=/path/to/main/src .venv/bin/python benchmarks/hardening.py --cap 60   # before

Every case runs in its own process, killed after ``--cap`` seconds (reported as "> cap").
Files are made in a temporary folder; the bundled communes are the territory. Only APIs
that exist before and after the hardening are used, so both runs measure the same thing.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CASES = ["many_keys_50k", "many_keys_200k", "gpkg_forged_count", "gpkg_recursive_view", "text_sample_20k",
         "legit_19999_points", "point_1e308", "point_infinity", "attribute_1mb", "kml_error_path",
         "corrupt_pointer", "territory_change", "long_logins", "signin_unknown_vs_bcrypt"]


def _geojson_points(path: Path, n: int, props=None) -> None:
    feats = [{"type": "Feature", "properties": props(i) if props else {"id": f"p{i}", "nom": f"Site n°{i} à Lens"},
              "geometry": {"type": "Point", "coordinates": [2.7 + (i % 1000) * 1e-4, 50.4 + (i // 1000) * 1e-4]}}
             for i in range(n)]
    path.write_text(json.dumps({"type": "FeatureCollection", "features": feats}), encoding="utf-8")


def _read(path: Path, **kw) -> str:
    from pma_map.publish.ingest import IngestError, read_upload

    try:
        up = read_upload(path, **kw)
        return f"read, {len(up.gdf)} features"
    except IngestError as exc:
        return f"refused: {exc.code}"


def _prepare(path: Path, layer: str) -> str:
    from pma_map.publish import publishing

    p = publishing.prepare(path, layer)
    errors = [e.code for e in p.report.errors]
    warnings = [w.code for w in p.report.warnings]
    return ("refused: " + ",".join(errors)) if errors else ("publishable; warnings: " + ",".join(warnings))


def run_case(name: str, tmp: Path):
    """Build the case's files (not timed) and return the operation to time."""
    os.environ["PMA_MAP_DATA_DIR"] = str(tmp / "data")
    if name.startswith("many_keys"):
        n = 50_000 if name.endswith("50k") else 200_000
        path = tmp / "keys.geojson"
        path.write_text(json.dumps({"type": "FeatureCollection", "features": [
            {"type": "Feature", "properties": {f"k{i}": i for i in range(n)},
             "geometry": {"type": "Point", "coordinates": [2.7, 50.4]}}]}), encoding="utf-8")
        return lambda: _read(path)
    if name.startswith("gpkg"):
        import sqlite3

        import geopandas as gpd
        from shapely.geometry import Point

        path = tmp / "x.gpkg"
        n = 100_000 if name == "gpkg_forged_count" else 1
        gpd.GeoDataFrame({"id": [f"p{i}" for i in range(n)]}, geometry=[Point(2.7 + i * 1e-7, 50.4) for i in range(n)],
                         crs="EPSG:4326").to_file(path, layer="base", driver="GPKG", engine="pyogrio")
        con = sqlite3.connect(path)
        if name == "gpkg_forged_count":
            con.execute("UPDATE gpkg_ogr_contents SET feature_count = 3")
            con.commit()
            return lambda: _read(path)
        con.execute("""CREATE VIEW sites AS WITH RECURSIVE c(x) AS
                       (SELECT 1 UNION ALL SELECT x + 1 FROM c LIMIT 1000000000)
                       SELECT x AS fid, 'p' || x AS id, (SELECT geom FROM base LIMIT 1) AS geom FROM c""")
        con.execute("INSERT INTO gpkg_contents (table_name, data_type, identifier, srs_id) "
                    "VALUES ('sites', 'features', 'sites', 4326)")
        con.execute("INSERT INTO gpkg_geometry_columns VALUES ('sites', 'geom', 'POINT', 4326, 0, 0)")
        con.commit()
        from pma_map.publish.ingest import ReadOptions

        return lambda: _read(path, options=ReadOptions(source_layer="sites"))
    if name == "text_sample_20k":
        import pandas as pd

        from pma_map.publish.ingest import text_sample

        df = pd.DataFrame({"nom": [f"site {i}" for i in range(20_000)]})
        return lambda: f"{len(text_sample(df))} values"
    if name == "legit_19999_points":
        path = tmp / "legit.geojson"
        _geojson_points(path, 19_999)
        return lambda: _read(path)
    if name in ("point_1e308", "point_infinity"):
        path = tmp / "p.geojson"
        v = "1e308" if name == "point_1e308" else "Infinity"
        path.write_text('{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"a","nom":"A",'
                        '"insee":"62498","source":"PMA","source_date":"2024","precision":"approximate",'
                        '"statut":"en service"},"geometry":{"type":"Point","coordinates":[' + v + "," + v + "]}}]}",
                        encoding="utf-8")
        def op():
            try:
                return _prepare(path, "sites_solaires")
            except Exception as exc:
                return f"crash: {type(exc).__name__}"
        return op
    if name == "attribute_1mb":
        path = tmp / "long.geojson"
        _geojson_points(path, 3, props=lambda i: {"id": f"p{i}", "nom": "x" * 1_000_000 if i == 0 else "court"})
        return lambda: _read(path)
    if name == "kml_error_path":
        path = tmp / "broken.kml"
        path.write_text('<?xml version="1.0"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document><Placemark>'
                        "<Point><coordinates>2.7,50.4</coordinates></Point></Placemark>", encoding="utf-8")
        from pma_map.publish.ingest import IngestError, read_upload

        def op():
            try:
                read_upload(path)
                return "read"
            except IngestError as exc:
                return "path shown" if tempfile.gettempdir() in str(exc) else "no path in message"
        return op
    if name == "corrupt_pointer":
        folder = tmp / "data" / "store" / "communes"
        folder.mkdir(parents=True)
        (folder / "current.json").write_text('{"version": "abc"}', encoding="utf-8")
        from pma_map.layers import load_layer

        def op():
            try:
                return f"served {len(load_layer('communes'))} communes"
            except Exception as exc:
                return f"crash: {type(exc).__name__}"
        return op
    if name == "territory_change":
        import geopandas as gpd
        import pandas as pd
        from shapely.geometry import box

        from pma_map import config

        communes = gpd.read_file(config.geo_dir() / "communes.geojson")
        extra = communes.iloc[[0] * 741].copy()
        extra["insee"] = [f"6{i:04d}" for i in range(741)]
        extra["geometry"] = [box(1.6 + (i % 30) * 0.03, 50.0 + (i // 30) * 0.03, 1.63 + (i % 30) * 0.03,
                                 50.03 + (i // 30) * 0.03) for i in range(741)]
        path = tmp / "dept.geojson"
        gpd.GeoDataFrame(pd.concat([communes, extra], ignore_index=True), crs=communes.crs).to_file(path)
        return lambda: _prepare(path, "communes")
    if name == "long_logins":
        from pma_map.publish import auth

        def op():
            for _ in range(3):
                auth.sign_in("A" * 200_000, "x", {})
            size = sum(p.stat().st_size for p in (tmp / "data").iterdir() if p.is_file())
            return f"{size / 1024:.1f} KB written"
        return op
    if name == "signin_unknown_vs_bcrypt":
        import bcrypt

        from pma_map.publish import auth

        accounts = {"alice": bcrypt.hashpw(b"correct-horse-battery", bcrypt.gensalt(12)).decode()}
        def op():
            out = []
            for login in ("alice", "nobody") * 3:
                t0 = time.perf_counter()
                auth.sign_in(login, "wrong-password", accounts, auth.Lockout(max_failures=100))
                out.append((login, time.perf_counter() - t0))
            known = min(s for who, s in out if who == "alice")
            unknown = min(s for who, s in out if who == "nobody")
            return f"wrong password {known * 1000:.0f} ms, unknown login {unknown * 1000:.0f} ms"
        return op
    raise SystemExit(f"unknown case {name}")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--case")
    parser.add_argument("--cap", type=float, default=120)
    parser.add_argument("--only", nargs="*")
    args = parser.parse_args()
    if args.case:
        import pma_map.layers  # noqa: F401 - imports are not part of the timings
        import pma_map.publish.publishing  # noqa: F401

        with tempfile.TemporaryDirectory(prefix="pma-bench-") as tmp:
            # Steady state of a running app: one small upload read first (GDAL loaded, and after
            # the hardening the reading fork server started), not timed.
            warm = Path(tmp) / "warm.geojson"
            _geojson_points(warm, 2)
            _read(warm)
            op = run_case(args.case, Path(tmp))
            t0 = time.perf_counter()
            outcome = op()
            print(json.dumps({"case": args.case, "outcome": outcome, "seconds": time.perf_counter() - t0}))
        return 0
    rows = []
    for name in args.only or CASES:
        t0 = time.perf_counter()
        try:
            r = subprocess.run([sys.executable, __file__, "--case", name], capture_output=True, text=True,
                               timeout=args.cap)
            last = (r.stdout.strip().splitlines() or ["{}"])[-1]
            row = json.loads(last) if last.startswith("{") else {
                "case": name, "outcome": "error: " + (r.stderr.strip().splitlines() or ["?"])[-1][:80],
                "seconds": None}
        except subprocess.TimeoutExpired:
            row = {"case": name, "outcome": f"killed after {args.cap:.0f} s (setup included)", "seconds": None}
        rows.append(row)
        secs = "—" if row["seconds"] is None else f"{row['seconds']:.2f} s"
        print(f"{name:28} {secs:>10}  {row['outcome']}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
