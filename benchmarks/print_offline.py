"""Printing and the offline basemap (issue 13): PDF seconds, tile counts, the kiosk's first map offline.

- ``print_*_s``: seconds to make the PDF of a view (median of ``repeat`` runs,
  warm layer caches, as a second click in the app): the default view, a CALL
  view, the default view over a seeded basemap, and Lens's commune profile.
- ``tiles_<zooms>_*``: tiles covering the territory's communes (and, for
  comparison, its bounding box), counted, and megabytes estimated from the
  stated average tile size of each basemap (no internet: nothing downloaded).
- ``kiosk_first_map_*_s``: Chromium with every non-loopback request aborted,
  from navigation to the 150 communes drawn *and* 6 basemap tiles loaded from
  the app (seeded), against the same with no seeded tiles (communes only, the
  basemap stays grey): the seeded basemap's cost on the stand.

The seeded tiles are generated PNGs served by a loopback WMTS-like server
(``tests/tiles/tileserver.py``) and seeded with the real seeder.

    .venv/bin/python benchmarks/print_offline.py [--quick] [--no-browser]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(HERE), str(ROOT / "src"), str(ROOT / "tests" / "tiles")]

from pma_map.filters import Filters  # noqa: E402
from pma_map.layers import load_all  # noqa: E402
from pma_map.printing.commune import commune_sheet  # noqa: E402
from pma_map.printing.document import print_view  # noqa: E402
from pma_map.tiles import grid, seed  # noqa: E402
from pma_map.tiles.local import seeded  # noqa: E402
from pma_map.tiles.sources import SOURCES  # noqa: E402

KIOSK_ZOOMS = (8, 13)
LOCAL_TILES = """() => Array.from(document.querySelectorAll('img.leaflet-tile'))
    .filter(i => i.complete && i.naturalWidth > 0 && i.getAttribute('src').startsWith('/app/static/tiles/')).length"""


def _median_s(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return round(statistics.median(times), 3)


def seed_fake(root: Path, communes, zooms) -> int:
    """Seed IGN Plan over ``communes`` for ``zooms`` from the loopback test server; the tile count."""
    from tileserver import TileServer

    with TileServer() as server:
        plan = seed.plan(communes, "ign_plan", zooms, root=root, url=server.url)
        seed.run(plan, rate=2000)
    return len(plan.tiles)


def tile_counts(communes, ranges=((8, 15), (8, 16))) -> dict:
    area = grid.territory_area(communes)
    out = {}
    for z0, z1 in ranges:
        tiles = grid.covering_tiles(area, range(z0, z1 + 1))
        bbox = 0
        for z in range(z0, z1 + 1):
            x0, y0, x1, y1 = grid.tile_range(area.bounds, z)
            bbox += (x1 - x0 + 1) * (y1 - y0 + 1)
        key = f"tiles_{z0}_{z1}"
        out[f"{key}_count"] = len(tiles)
        out[f"{key}_bbox_count"] = bbox
        for name in ("ign_plan", "ign_ortho"):
            out[f"{key}_{name}_mb_estimate"] = round(len(tiles) * SOURCES[name].avg_kb / 1024, 1)
    out["tile_avg_kb_assumed"] = {k: s.avg_kb for k, s in SOURCES.items() if s.seedable}
    return out


def pdf_times(repeat: int, tiles_root: Path) -> dict:
    data = load_all()
    call = Filters(epci=("CALL",))
    print_view(data, Filters(), "fr", basemaps={})  # fonts registered, layer measures cached
    basemaps = seeded(tiles_root)
    out = {
        "print_default_s": _median_s(lambda: print_view(data, Filters(), "fr", basemaps={}), repeat),
        "print_call_s": _median_s(lambda: print_view(data, call, "fr", basemaps={}), repeat),
        "print_call_a3_en_s": _median_s(lambda: print_view(data, call, "en", "a3", basemaps={}), repeat),
        "print_default_seeded_basemap_s": _median_s(lambda: print_view(data, Filters(), "fr",
                                                                        basemaps=basemaps), repeat),
        "commune_sheet_lens_s": _median_s(lambda: commune_sheet(data, "62498", "fr", basemaps={}), repeat),
    }
    out["print_default_bytes"] = len(print_view(data, Filters(), "fr", basemaps={}))
    out["print_default_seeded_basemap_bytes"] = len(print_view(data, Filters(), "fr", basemaps=basemaps))
    return out


@contextmanager
def app_server(static_tiles: Path | None):
    """app.py served from a staged folder with a real static/ (and its tiles, if given)."""
    import browser

    with tempfile.TemporaryDirectory(prefix="pma-bench-tiles-") as tmp:
        stage = Path(tmp)
        shutil.copyfile(ROOT / "app.py", stage / "app.py")
        (stage / "pages").symlink_to(ROOT / "pages", target_is_directory=True)
        shutil.copytree(ROOT / "static", stage / "static", ignore=shutil.ignore_patterns("tiles"))
        if static_tiles is not None:
            shutil.copytree(static_tiles, stage / "static" / "tiles")
        port = browser._free_port()
        url = f"http://127.0.0.1:{port}"
        env = dict(os.environ, PMA_MAP_DATA_DIR=str(stage / "data"), PMA_MAP_TILES_DIR=str(stage / "static" / "tiles"))
        env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), env.get("PYTHONPATH", "")])
        proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(stage / "app.py"), "--server.port", str(port),
             "--server.address", "127.0.0.1", "--server.headless", "true",
             "--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            deadline = time.monotonic() + 90
            while not browser._healthy(url):
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("streamlit did not start")
                time.sleep(0.3)
            yield url
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()


def _kiosk_first_map(chromium, url: str, want_tiles: int, visits: int) -> tuple[float, int]:
    import browser

    times, tiles = [], 0
    for _ in range(visits):
        context = chromium.new_context(viewport={"width": 1366, "height": 900})
        context.route("**/*", lambda r: r.continue_() if urlsplit(r.request.url).hostname in ("127.0.0.1",
                                                                                             "localhost")
                      else r.abort())
        page = context.new_page()
        start = time.perf_counter()
        page.goto(url + "/?mode=kiosk&interval=60", wait_until="commit")
        frame = browser.map_frame(page)
        frame.wait_for_function(f"() => ({browser.COUNT_COMMUNES})() === 150", timeout=browser.TIMEOUT_MS,
                                polling=50)
        if want_tiles:
            frame.wait_for_function(f"() => ({LOCAL_TILES})() >= {want_tiles}", timeout=browser.TIMEOUT_MS,
                                    polling=50)
        times.append(time.perf_counter() - start)
        tiles = frame.evaluate(LOCAL_TILES)
        context.close()
    return round(statistics.median(times), 2), tiles


def kiosk_times(tiles_root: Path, visits: int) -> dict:
    import browser
    from playwright.sync_api import sync_playwright

    out = {}
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=browser.CHROMIUM, args=browser.CHROMIUM_ARGS)
        try:
            with app_server(tiles_root) as url:
                _kiosk_first_map(chromium, url, 6, 1)  # warm the server's caches
                out["kiosk_first_map_seeded_offline_s"], out["kiosk_local_tiles_loaded"] = _kiosk_first_map(
                    chromium, url, 6, visits)
            with app_server(None) as url:
                _kiosk_first_map(chromium, url, 0, 1)
                out["kiosk_first_map_no_tiles_offline_s"], _ = _kiosk_first_map(chromium, url, 0, visits)
        finally:
            chromium.close()
    return out


def measure_all(quick: bool = False, browser_too: bool = True) -> dict:
    data = load_all()
    with tempfile.TemporaryDirectory(prefix="pma-bench-seed-") as tmp:
        root = Path(tmp) / "tiles"
        zooms = (8, 10) if quick else KIOSK_ZOOMS
        start = time.perf_counter()
        n = seed_fake(root, data["communes"], zooms)
        out = {"seed_loopback_tiles": n, "seed_loopback_s": round(time.perf_counter() - start, 2)}
        out.update(tile_counts(data["communes"]))
        out.update(pdf_times(1 if quick else 5, root))
        if browser_too:
            out.update(kiosk_times(root, 1 if quick else 3))
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--no-browser", action="store_true")
    args = parser.parse_args(argv)
    for key, value in measure_all(args.quick, not args.no_browser).items():
        print(f"{key:<42} {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
