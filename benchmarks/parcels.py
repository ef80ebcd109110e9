"""The ``parcels_500k`` case (issue 10): a cadastre-sized layer published by the CLI, then drawn.

1. ``synthetic.synthetic_parcels``: N parcel-sized rectangles inside the territory (seeded,
   never stored), written as a GeoPackage in a temporary folder;
2. published as layer ``parcelles`` by the real command line (``pma-map publish``) into a
   throw-away data folder: reading, validation, store, and the vector tiles and popups built at
   publish time (``parcels_500k_publish_s``, the whole command);
3. the app started on that data folder; one visitor opens the explorer with the layer ticked
   (``/?layers=parcelles``: the explorer is the router's default page, at the root). Parcels exist
   from zoom 14 (``tiles_min_zoom``): at the default view the map says how many there are and
   asks to zoom in. Timed from navigation:
   ``parcels_500k_default_view_s`` until that view is drawn (hint shown), then
   ``parcels_500k_first_map_s`` until, the map set on a parcel at zoom 16 as soon as the view
   was drawn, every tile of that view is painted with parcels;
4. ten pans at zoom 16 (``parcels_500k_pan_ms_median`` / ``_max``, as the dense case), a real
   mouse click on a parcel (``parcels_500k_click_popup``: its popup shows its name);
5. ``parcels_500k_rss_mb``: resident memory of the server process after that first visitor
   (``/proc/<pid>/status``, VmRSS), with ``parcels_500k_rss_start_mb`` before any visitor;
6. ``parcels_500k_first_map_warm_s``: a later visitor, as step 3 (the server has read the version).

    PYTHONPATH=src .venv/bin/python benchmarks/run.py --dense-only --parcels 500000
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import browser

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PAN_ZOOM = 16


def rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        return None
    return None


def publish(n: int, data_dir: Path, work: Path) -> dict:
    """Generate ``n`` parcels and publish them with the CLI; seconds and sizes."""
    import synthetic

    from pma_map.catalogue import LAYERS
    from pma_map.config import geo_dir
    from pma_map.layers import read_layer_file

    communes = read_layer_file(geo_dir() / LAYERS["communes"].filename)
    start = time.perf_counter()
    gdf = synthetic.synthetic_parcels(communes, n)
    source = work / "parcelles.gpkg"
    gdf.to_file(source, driver="GPKG", engine="pyogrio")
    generated = time.perf_counter() - start
    env = dict(os.environ, PMA_MAP_DATA_DIR=str(data_dir))
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), env.get("PYTHONPATH", "")])
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "pma_map.cli", "publish", "--layer", "parcelles", str(source),
                           "--author", "banc-d-essai", "--note", f"{n} parcelles synthétiques"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=3600)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"pma-map publish failed: {done.stdout[-2000:]} {done.stderr[-2000:]}")
    centre = gdf.geometry.iloc[n // 2].centroid
    return {"parcels_500k_features": n, "parcels_500k_generate_s": round(generated, 1),
            "parcels_500k_file_mb": round(source.stat().st_size / 1e6, 1),
            "parcels_500k_publish_s": round(seconds, 1),
            "_centre": (centre.y, centre.x), "_name": gdf["nom"].iloc[n // 2]}


def measure(n: int = 500_000) -> dict:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="pma-bench-parcels-") as tmp:
        work = Path(tmp)
        data_dir = work / "data"
        out = publish(n, data_dir, work)
        centre, name = out.pop("_centre"), out.pop("_name")
        port = browser._free_port()
        url = f"http://127.0.0.1:{port}"
        env = dict(os.environ, PMA_MAP_DATA_DIR=str(data_dir))
        env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), str(HERE), env.get("PYTHONPATH", "")])
        log = open(work / "server.log", "wb")
        # As `make run` starts it (its warm-up reads and prepares the layers); PMA_MAP_BENCH_DENSE_PLAIN=1:
        # `streamlit run`. The visit opens the root: `/explorer` opened a "page not found" dialog
        # there, which took the click of step 4 (benchmarks/README.md).
        plain = ["-m", "streamlit", "run", str(ROOT / "app.py")]
        launch = ["-m", "pma_map.ui.serve"] if browser.DENSE_WARMED else plain
        proc = subprocess.Popen(
            [sys.executable, *launch, "--server.port", str(port),
             "--server.address", "127.0.0.1", "--server.headless", "true",
             "--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + 90
            while not browser._healthy(url):
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError((work / "server.log").read_text("utf-8", "replace")[-3000:])
                time.sleep(0.3)
            out["parcels_500k_rss_start_mb"] = rss_mb(proc.pid)
            with sync_playwright() as pw:
                chromium = pw.chromium.launch(executable_path=browser.CHROMIUM, args=browser.CHROMIUM_ARGS)
                try:
                    out.update(visit(chromium, url, n, centre, name))
                    out["parcels_500k_rss_mb"] = rss_mb(proc.pid)
                    out["parcels_500k_first_map_warm_s"] = later_visit(chromium, url, n, centre)
                finally:
                    chromium.close()
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
            log.close()
    return out


LOADED = """n => { const s = window.pmaTileStats && window.pmaTileStats().parcelles;
    return !!s && s.loaded && s.selected === n; }"""
HINT = "() => !!document.querySelector('.pma-zoom-hint')"
DRAWN_AT_ZOOM = """z => { const s = window.pmaTileStats && window.pmaTileStats().parcelles;
    return !!s && s.loaded && s.drawn > 0 && map_div.getZoom() === z; }"""


def later_visit(chromium, url: str, n: int, centre: tuple[float, float]) -> float:
    """A later visitor (the version already read by the server): until the parcel view is painted."""
    context = chromium.new_context(viewport={"width": 1400, "height": 900})
    try:
        page = context.new_page()
        start = time.perf_counter()
        page.goto(url + "/?layers=parcelles", wait_until="commit")
        frame = browser.map_frame(page)
        frame.wait_for_function(LOADED, arg=n, timeout=browser.TIMEOUT_MS * 2, polling=50)
        frame.evaluate(f"([lat, lon]) => {{ map_div.setView([lat, lon], {PAN_ZOOM}, {{animate: false}}); }}",
                       list(centre))
        frame.wait_for_function(DRAWN_AT_ZOOM, arg=PAN_ZOOM, timeout=browser.TIMEOUT_MS, polling=50)
        return round(time.perf_counter() - start, 3)
    finally:
        context.close()


def visit(chromium, url: str, n: int, centre: tuple[float, float], name: str) -> dict:
    context = chromium.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    out: dict = {}
    try:
        start = time.perf_counter()
        page.goto(url + "/?layers=parcelles", wait_until="commit")
        frame = browser.map_frame(page)
        frame.wait_for_function(LOADED, arg=n, timeout=browser.TIMEOUT_MS * 2, polling=50)
        frame.wait_for_function(HINT, timeout=browser.TIMEOUT_MS)
        out["parcels_500k_default_view_s"] = round(time.perf_counter() - start, 3)
        out["parcels_500k_hint"] = frame.inner_text(".pma-zoom-hint")
        frame.evaluate(f"([lat, lon]) => {{ map_div.setView([lat, lon], {PAN_ZOOM}, {{animate: false}}); }}",
                       list(centre))
        frame.wait_for_function(DRAWN_AT_ZOOM, arg=PAN_ZOOM, timeout=browser.TIMEOUT_MS, polling=50)
        out["parcels_500k_first_map_s"] = round(time.perf_counter() - start, 3)
        out["parcels_500k_drawn_in_view"] = frame.evaluate("() => window.pmaTileStats().parcelles.drawn")
        page.wait_for_timeout(1_000)
        times = frame.evaluate(browser.PAN_TIMES)
        out["parcels_500k_pan_ms_median"] = round(sorted(times)[len(times) // 2], 1)
        out["parcels_500k_pan_ms_max"] = round(max(times), 1)
        # back on the parcel; a real click at its centre
        at = frame.evaluate(f"""([lat, lon]) => {{ map_div.setView([lat, lon], {PAN_ZOOM + 1}, {{animate: false}});
            return map_div.latLngToContainerPoint([lat, lon]); }}""", list(centre))
        frame.wait_for_function(DRAWN_AT_ZOOM, arg=PAN_ZOOM + 1, timeout=browser.TIMEOUT_MS, polling=50)
        box = page.locator('iframe[title*="streamlit_folium"]').first.bounding_box()
        page.mouse.move(box["x"] + at["x"], box["y"] + at["y"])
        start = time.perf_counter()
        page.mouse.click(box["x"] + at["x"], box["y"] + at["y"])
        try:
            frame.wait_for_function("name => Array.from(document.querySelectorAll('.leaflet-popup-content'))"
                                    ".some(p => p.innerText.includes(name))", arg=name, timeout=20_000)
            out["parcels_500k_click_popup"] = True
            out["parcels_500k_click_popup_s"] = round(time.perf_counter() - start, 3)
        except Exception:  # noqa: BLE001 - reported as a failed click
            out["parcels_500k_click_popup"] = False
    finally:
        context.close()
    return out
