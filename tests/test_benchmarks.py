"""The benchmark script runs end to end (tiny sizes, no browser) and writes every key."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REQUIRED = ("payload_ratio", "filter_change_server_ratio", "iframe_remounts_on_filter",
            "reruns_on_pan_zoom", "build_10k_polygons_s", "indicators_100k_s",
            "first_load_server_ratio", "build_1k_polygons_s", "build_50k_polygons_s",
            "build_100k_points_s", "payload_10k_polygons_bytes", "payload_100k_points_bytes",
            "indicators_1k_s", "indicators_10k_s", "pg_version_check_median_ms",
            "publish_postgis_vs_folder_ratio", "print_default_s", "print_call_s",
            "tiles_8_15_count", "tiles_8_16_count")


def test_quick_benchmark_writes_the_keys(tmp_path):
    """`benchmarks/run.py --quick --no-browser` prints a table and writes the JSON keys."""
    out = tmp_path / "latest.json"
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--quick", "--no-browser",
         "--out", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "payload_ratio" in result.stdout
    results = json.loads(out.read_text("utf-8"))
    missing = [k for k in REQUIRED if k not in results]
    assert not missing, missing
    assert results["meta"]["quick"] is True
    # dense points: drawn from vector tiles (issue 10), or clustered when tiles are off
    assert results["clustered_100k_points"] is True or results["tiled_100k_points"] is True
    assert all(results[f"indicators_{n}_same_values"] for n in ("1k", "10k", "100k"))
    assert 0 < results["payload_app_bytes"] and 0 < results["payload_naive_bytes"]
