"""Benchmark of the map against a naive baseline built in the same run (``make bench``).

Prints a table and writes ``benchmarks/results/latest.json`` (git-ignored).
What is measured and how: see ``benchmarks/README.md``.

    .venv/bin/python benchmarks/run.py            # everything (a few minutes)
    .venv/bin/python benchmarks/run.py --quick --no-browser   # tiny sizes, smoke test
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(HERE), str(ROOT / "src")]

import streamlit.logger  # noqa: E402

streamlit.logger.get_logger("streamlit").setLevel("ERROR")
for _name in ("streamlit.runtime.scriptrunner_utils.script_run_context",
              "streamlit.runtime.state.session_state_proxy"):
    streamlit.logger.get_logger(_name).setLevel("ERROR")

import serverside as ss  # noqa: E402
import synthetic  # noqa: E402

from pma_map import config, framecache, layers, text  # noqa: E402
from pma_map.filters import Filters, apply_filters  # noqa: E402
from pma_map.indicators import compute_indicators  # noqa: E402
from pma_map.map import prepare  # noqa: E402

RESULTS = HERE / "results" / "latest.json"
FULL_SIZES = {"1k": 1_000, "10k": 10_000, "50k": 50_000, "100k": 100_000, "parcels": 500_000}
#: --quick: same keys, tiny sizes (points above the cluster threshold), for the smoke test.
QUICK_SIZES = {"1k": 60, "10k": 120, "50k": 240, "100k": 2_500, "parcels": 3_000}
FILTER_CHANGE = Filters(epci=("CAHC",))
SYNTH_FILTER = Filters(epci=("CALL",))


def ratio(a: float, b: float) -> float | None:
    return round(a / b, 4) if b else None


def default_map(repeat: int) -> dict:
    """Bundled layers: first load (cold server) and a filter change, app vs baseline."""
    geo = config.geo_dir()
    first = ss.measure_pair(lambda: ss.app_rerun(Filters()), lambda: ss.naive_rerun(Filters(), geo),
                            repeat, app_before=ss.clear_app_caches)
    ss.app_rerun(Filters())  # warm, as after the first load
    change = ss.measure_pair(lambda: ss.app_rerun(FILTER_CHANGE),
                             lambda: ss.naive_rerun(FILTER_CHANGE, geo), repeat)
    with ss.captured_component() as sent:
        ss.app_rerun(Filters())
        popup_file, script_file = ss.popup_file_bytes(sent), ss.script_file_bytes(sent)
    fresh = {k: v.copy() for k, v in layers.load_all().items()}
    build = ss.measure_pair(lambda: ss.app_rerun(FILTER_CHANGE),
                            lambda: ss.naive_rerun(FILTER_CHANGE, data=fresh), repeat)
    return {
        "payload_app_bytes": first["app_bytes"],
        "payload_naive_bytes": first["naive_bytes"],
        "payload_ratio": ratio(first["app_bytes"], first["naive_bytes"]),
        "payload_app_popup_file_bytes": popup_file,  # fetched on the first hover or popup only
        "payload_app_script_file_bytes": script_file,  # constant, cached, like the vendor scripts
        "first_load_app_s": first["app_s"],
        "first_load_naive_s": first["naive_s"],
        "first_load_server_ratio": ratio(first["app_s"], first["naive_s"]),
        "filter_change_app_s": change["app_s"],
        "filter_change_naive_s": change["naive_s"],
        "filter_change_server_ratio": ratio(change["app_s"], change["naive_s"]),
        "filter_change_naive_build_only_s": build["naive_s"],
        "filter_change_build_only_ratio": ratio(build["app_s"], build["naive_s"]),
        "filter_change_payload_app_bytes": change["app_bytes"],
        "filter_change_payload_naive_bytes": change["naive_bytes"],
    }


def with_layer(name: str, gdf) -> dict:
    data = dict(layers.load_all())
    data[name] = gdf
    return data


def synthetic_layers(sizes: dict[str, int], naive_too: bool) -> dict:
    """Build time (cold: layer prepared) and payload of dense layers, then a filter change."""
    out: dict = {}
    communes = layers.load_all()["communes"]
    cases = [(label, "polygons", "parcs", synthetic.synthetic_polygons)
             for label in ("1k", "10k", "50k")]
    cases.append(("100k", "points", "sites_solaires", synthetic.synthetic_points))
    for label, kind, layer, make in cases:
        gdf = make(communes, sizes[label])
        data = with_layer(layer, gdf)
        key = f"{label}_{kind}"

        def cold():
            framecache.clear()
            text.number_text.cache_clear()

        with ss.captured_component() as sent:
            out[f"build_{key}_s"] = ss.median_time(lambda: ss.app_rerun(Filters(), data), 1, cold)
            out[f"payload_{key}_bytes"] = ss.first_visit_bytes(sent)  # layer files included
            out[f"payload_{key}_file_bytes"] = ss.layer_file_bytes(sent)
            if kind == "points":
                sent_groups = sent.get("feature_group") or ""
                out[f"clustered_{key}"] = ("markerClusterGroup" in sent_groups
                                           or '"kind": "cluster"' in sent_groups)
                out[f"tiled_{key}"] = '"kind": "tiles"' in sent_groups  # every point drawn from tiles
            out[f"filter_change_{key}_s"] = ss.median_time(lambda: ss.app_rerun(SYNTH_FILTER, data), 1)
            out[f"filter_change_payload_{key}_bytes"] = ss.payload_bytes(sent)
            if naive_too:
                out[f"naive_build_{key}_s"] = ss.timed(lambda: ss.naive_rerun(Filters(), data=data))
                out[f"naive_payload_{key}_bytes"] = ss.payload_bytes(sent)
        out[f"features_{key}"] = len(gdf)
    return out


def indicators(sizes: dict[str, int]) -> dict:
    """Indicators for a filter (one agglomeration) on synthetic polygon layers."""
    out: dict = {}
    communes = layers.load_all()["communes"]
    f = Filters(epci=("CALL",))
    for label in ("1k", "10k", "100k"):
        data = with_layer("parcs", synthetic.synthetic_polygons(communes, sizes[label], seed=7))
        out[f"filter_{label}_s"] = ss.timed(lambda: apply_filters(data, f))
        filtered = apply_filters(data, f)
        out[f"indicators_{label}_naive_s"] = ss.timed(lambda: compute_indicators(filtered))
        out[f"indicators_{label}_first_s"] = ss.timed(lambda: compute_indicators(filtered, data))
        out[f"indicators_{label}_s"] = ss.median_time(lambda: compute_indicators(filtered, data), 5)
        same = compute_indicators(filtered) == compute_indicators(filtered, data)
        naive_ha, fast_ha = compute_indicators(filtered)["parcs_ha"], compute_indicators(filtered, data)["parcs_ha"]
        out[f"indicators_{label}_same_values"] = same or abs(naive_ha - fast_ha) < 1e-6 * max(1.0, naive_ha)
    return out


def _payload_and_time(data, patch: dict) -> tuple[int, float]:
    """Cold build of the default view with module constants patched (``{(module, name): value}``)."""
    saved = {key: getattr(*key) for key in patch}
    try:
        for (module, name), value in patch.items():
            setattr(module, name, value)
        framecache.clear()
        with ss.captured_component() as sent:
            seconds = ss.timed(lambda: ss.app_rerun(Filters(), data))
            return ss.first_visit_bytes(sent), seconds
    finally:
        for (module, name), value in saved.items():
            setattr(module, name, value)
        framecache.clear()


def ablations(sizes: dict[str, int]) -> dict:
    """What each optional technique wins: the same build with it switched off."""
    from pma_map.map import cluster, mapscript, popup_files

    out: dict = {}
    data = dict(layers.load_all())
    on = _payload_and_time(data, {})
    off = _payload_and_time(data, {(prepare, "COMMUNES_TOLERANCE_M"): 0.0})
    out["ablation_communes_simplified_bytes"], out["ablation_communes_unsimplified_bytes"] = on[0], off[0]
    # issue 10: popup strings and the constant script as files, each switched off, then both
    out["ablation_default_files_bytes"] = on[0]
    out["ablation_default_popups_inline_bytes"] = _payload_and_time(data, {(popup_files, "FILES"): False})[0]
    out["ablation_default_script_inline_bytes"] = _payload_and_time(data, {(mapscript, "FILE"): False})[0]
    out["ablation_default_both_inline_bytes"] = _payload_and_time(
        data, {(popup_files, "FILES"): False, (mapscript, "FILE"): False})[0]
    communes = data["communes"]
    polys = with_layer("parcs", synthetic.synthetic_polygons(communes, sizes["10k"]))
    on = _payload_and_time(polys, {(prepare, "LARGE_LAYER_FEATURES"): min(5_000, sizes["10k"] - 1),
                                   (prepare, "LARGE_LAYER_MIN_VERTICES"): 0})
    off = _payload_and_time(polys, {(prepare, "LARGE_LAYER_FEATURES"): 10**9})
    out["ablation_10k_simplified_bytes"], out["ablation_10k_simplified_s"] = on
    out["ablation_10k_unsimplified_bytes"], out["ablation_10k_unsimplified_s"] = off
    points = with_layer("sites_solaires", synthetic.synthetic_points(communes, sizes["100k"]))
    on = _payload_and_time(points, {(cluster, "CLUSTER_THRESHOLD"): min(2_000, sizes["100k"] - 1)})
    off = _payload_and_time(points, {(cluster, "CLUSTER_THRESHOLD"): 10**9})
    out["ablation_100k_points_clustered_bytes"], out["ablation_100k_points_clustered_s"] = on
    out["ablation_100k_points_geojson_bytes"], out["ablation_100k_points_geojson_s"] = off
    return out


def table(results: dict) -> str:
    rows = []
    width = max(len(k) for k in results)
    for key, value in results.items():
        if isinstance(value, float):
            text = f"{value:.4f}"
        elif isinstance(value, int) and not isinstance(value, bool) and value > 10_000:
            text = f"{value:,}"
        else:
            text = str(value)
        rows.append(f"{key:<{width}}  {text}")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="tiny sizes and one repetition (smoke test)")
    parser.add_argument("--no-browser", action="store_true", help="skip the Chromium measures")
    parser.add_argument("--out", type=Path, default=RESULTS, help="JSON file to write")
    parser.add_argument("--repeat", type=int, default=None, help="repetitions of each timing (median)")
    parser.add_argument("--dense-only", action="store_true",
                        help="only the dense layers in the browser (targeted run)")
    parser.add_argument("--parcels", type=int, default=None, metavar="N",
                        help="parcels of the parcels_500k case (default: 500000, --quick 3000; 0: skip it)")
    args = parser.parse_args(argv)
    sizes = QUICK_SIZES if args.quick else FULL_SIZES
    repeat = args.repeat or (1 if args.quick else 5)
    if args.dense_only:
        import browser

        results = browser.measure_dense_only(sizes)
        n = sizes["parcels"] if args.parcels is None else args.parcels
        if n:
            import parcels

            results.update(parcels.measure(n))
        print(table(results))
        out = args.out if args.out != RESULTS else RESULTS.with_name("dense.json")
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"\nwritten: {out}")
        return 0

    started = time.perf_counter()
    results: dict = {}
    results.update(default_map(repeat))
    results.update(synthetic_layers(sizes, naive_too=True))
    results.update(indicators(sizes))
    results.update(ablations(sizes))
    import store_pg  # the shared PostGIS store (no figures, and a line saying why, without PostgreSQL)

    results.update(store_pg.measure(quick=args.quick))

    import print_offline  # issue 13: PDF seconds, tile counts, the kiosk's first map offline

    results.update(print_offline.measure_all(args.quick, browser_too=not args.no_browser))
    if not args.no_browser:
        import browser

        results.update(browser.measure_all(sizes, quick=args.quick))
        if args.parcels != 0:
            import parcels  # issue 10: a cadastre-sized layer published by the CLI, then drawn

            results.update(parcels.measure(sizes["parcels"] if args.parcels is None else args.parcels))
    else:
        results.update({"iframe_remounts_on_filter": None, "reruns_on_pan_zoom": None})
    meta = {
        "date_utc": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "quick": args.quick,
        "browser": not args.no_browser,
        "repeat": repeat,
        "sizes": sizes,
        "python": platform.python_version(),
        "machine": platform.machine(),
        "bench_seconds": round(time.perf_counter() - started, 1),
    }
    print(table(results))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({**results, "meta": meta}, indent=2, ensure_ascii=False) + "\n",
                        encoding="utf-8")
    print(f"\nwritten: {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
