"""Browser measures in Debian's headless Chromium (Playwright), app vs baseline.

Each side runs as a real ``streamlit run`` server on 127.0.0.1 (the app's
``app.py``; the baseline's ``naive_app.py`` staged beside a link to
``static/`` so that both serve the front-end files locally).

Reruns are counted from the websocket: every message the page sends to the
server is a protobuf ``BackMsg`` (Streamlit's own classes decode it); a rerun
request is one whose ``type`` is ``rerun_script``. Counting them in the browser
needs no hook in the app and counts exactly what makes the server rerun.

Iframe remounts: a marker is set on the map iframe's ``window`` before the
filter change; if it is gone after, the iframe was remounted.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import ExitStack, contextmanager
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update"]
TIMEOUT_MS = 120_000
SETTLE_MS = 2_500  # streamlit-folium debounces map events; wait past it before counting

#: Communes drawn: the app's polygons carry a 5-digit ``id``, the baseline's an ``epci``.
COUNT_COMMUNES = """() => {
    let n = 0;
    if (typeof map_div === 'undefined' || !map_div.eachLayer) return -1;
    map_div.eachLayer(l => {
        const f = l.feature, p = f && f.properties;
        if (p && f.geometry && f.geometry.type.endsWith('Polygon')
            && (p.epci !== undefined || /^[0-9]{5}$/.test(p.id))) n++;
    });
    return n;
}"""

#: Features of a synthetic layer drawn or clustered (ids start with its prefix).
COUNT_PREFIX = """prefix => {
    let n = 0;
    if (typeof map_div === 'undefined' || !map_div.eachLayer) return -1;
    map_div.eachLayer(l => {
        const p = l.feature && l.feature.properties;
        if (p && String(p.id).startsWith(prefix)) n++;
        if (l.pmaDrawn) n += l.pmaIds.filter(id => String(id).startsWith(prefix)).length;  // WebGL
    });
    return n;
}"""

#: Points held by the marker cluster groups on the map.
COUNT_CLUSTERED = """() => {
    let n = 0;
    if (typeof map_div === 'undefined' || !map_div.eachLayer) return -1;
    map_div.eachLayer(l => {
        if (L.MarkerClusterGroup && l instanceof L.MarkerClusterGroup) n += l.getLayers().length;
    });
    return n;
}"""

#: Layers drawn from vector tiles: every selected row of ``layer`` drawn and its tiles loaded.
TILES_DRAWN = """([layer, n]) => { const s = window.pmaTileStats && window.pmaTileStats()[layer];
    return !!s && s.loaded && s.selected === n && s.drawn === n; }"""


def tiles_on() -> bool:
    """Whether the app servers of this run draw dense layers from vector tiles (``PMA_MAP_TILES``)."""
    return os.environ.get("PMA_MAP_TILES", "1") != "0"


#: Ten pans without animation, each timed until two animation frames have passed (redrawn).
PAN_TIMES = """async () => {
    const frame = () => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
    const times = [];
    for (let i = 0; i < 10; i++) {
        const t0 = performance.now();
        map_div.panBy([i % 2 ? -240 : 240, i % 3 ? 120 : -120], {animate: false});
        await frame();
        times.push(performance.now() - t0);
    }
    return times;
}"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as resp:
            return resp.status == 200
    except OSError:
        return False


@contextmanager
def streamlit_server(script: Path, env_extra: dict[str, str] | None = None, warmed: bool = False):
    """``streamlit run script`` on a free local port; yields its base URL.

    ``warmed``: the app started as ``make run`` starts it (``python -m pma_map.ui.serve``: the
    same server, warming up in a thread once it listens). The URL is yielded as soon as the
    server answers its health check, as before: a visitor arriving then waits for what is not
    warm yet.
    """
    with tempfile.TemporaryDirectory(prefix="pma-bench-") as tmp:
        main = Path(script)
        if main.parent != ROOT:
            main = Path(tmp) / script.name
            shutil.copyfile(script, main)
            (Path(tmp) / "static").symlink_to(ROOT / "static", target_is_directory=True)
        port = _free_port()
        url = f"http://127.0.0.1:{port}"
        env = dict(os.environ)
        env.setdefault("PMA_MAP_DATA_DIR", str(Path(tmp) / "data"))
        env.update(env_extra or {})
        env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), str(HERE), env.get("PYTHONPATH", "")])
        log = open(Path(tmp) / "server.log", "wb")
        launch = ["-m", "pma_map.ui.serve"] if warmed else ["-m", "streamlit", "run", str(main)]
        proc = subprocess.Popen(
            [sys.executable, *launch, "--server.port", str(port),
             "--server.address", "127.0.0.1", "--server.headless", "true",
             "--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + 90
            while not _healthy(url):
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError((Path(tmp) / "server.log").read_text("utf-8", "replace")[-3000:])
                time.sleep(0.3)
            yield url
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
            log.close()


class RerunCounter:
    """Counts ``rerun_script`` BackMsgs the page sends over its websocket."""

    def __init__(self, page):
        from streamlit.proto.BackMsg_pb2 import BackMsg

        self._decode = BackMsg.FromString
        self.count = 0
        page.on("websocket", lambda ws: ws.on("framesent", self._on_frame))

    def _on_frame(self, payload) -> None:
        if isinstance(payload, str):
            payload = payload.encode("latin-1")
        try:
            msg = self._decode(payload)
        except Exception:  # noqa: BLE001 - not a BackMsg
            return
        if msg.WhichOneof("type") == "rerun_script":
            self.count += 1


def map_frame(page, timeout_ms: int = TIMEOUT_MS):
    deadline = time.monotonic() + timeout_ms / 1000
    while True:
        frame = next((f for f in page.frames if "streamlit_folium" in f.url), None)
        if frame is not None:
            try:
                frame.wait_for_function("() => typeof map_div !== 'undefined' && !!map_div.eachLayer",
                                       timeout=timeout_ms)
                return frame
            except Exception:  # noqa: BLE001 - frame replaced while loading
                pass
        if time.monotonic() > deadline:
            raise TimeoutError("no streamlit-folium map")
        page.wait_for_timeout(100)


def pick_epci(page, code: str, on_choice=None) -> None:
    """Type ``code`` in the agglomeration filter and choose it (Enter).

    ``on_choice`` is called once the option is listed, just before Enter: the moment the person
    chooses (typing is the person's time, not the app's; both sides are timed the same way).
    """
    box = page.locator('[data-testid="stMultiSelect"]', has_text="Agglomération").first
    box.locator("input").click()
    page.keyboard.type(code)
    if on_choice is not None:
        page.locator('[role="option"]', has_text=code).first.wait_for(timeout=TIMEOUT_MS)
        on_choice()
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")


def wait_for_communes(page, frame, n: int):
    """Wait until the map holds exactly ``n`` communes; the map's frame (the baseline's is remounted).

    Checked at every animation frame inside the map's frame while it stays; found again if it is
    replaced.
    """
    deadline = time.monotonic() + TIMEOUT_MS / 1000
    while True:
        try:
            frame.wait_for_function(f"() => ({COUNT_COMMUNES})() === {n}", timeout=TIMEOUT_MS, polling="raf")
            return frame
        except Exception:  # noqa: BLE001 - frame detached (remounted): find the new one
            if time.monotonic() > deadline:
                raise TimeoutError("the filter change never reached the map") from None
            frame = map_frame(page)


WARM_VISITS = 5
#: The app side started as `make run` does (``pma_map.ui.serve``); ``PMA_MAP_BENCH_PLAIN=1``: as
#: ``streamlit run app.py`` (the ablation of the warm start).
WARMED = os.environ.get("PMA_MAP_BENCH_PLAIN") != "1"
#: The dense and parcels cases' servers as `make run` starts them; ``PMA_MAP_BENCH_DENSE_PLAIN=1``: as
#: ``streamlit run app.py``.
DENSE_WARMED = os.environ.get("PMA_MAP_BENCH_DENSE_PLAIN") != "1"
#: Filter changes timed on each side (median): CAHC chosen, then back to every commune.
FILTER_CHANGES = 5


def time_to_first_map(page, url: str):
    """(seconds from navigating to ``url`` until the 150 communes are drawn, the map's frame)."""
    start = time.perf_counter()
    page.goto(url, wait_until="commit")
    frame = map_frame(page)
    frame.wait_for_function(f"() => ({COUNT_COMMUNES})() === 150", timeout=TIMEOUT_MS, polling=50)
    return time.perf_counter() - start, frame


def warm_first_map(browser, url: str, visits: int = WARM_VISITS) -> float:
    """Median first drawn map of later visitors (new browser contexts, server already warm)."""
    times = []
    for _ in range(visits):
        context = browser.new_context(viewport={"width": 1400, "height": 900})
        try:
            times.append(time_to_first_map(context.new_page(), url)[0])
        finally:
            context.close()
    return statistics.median(times)


#: A phone on 4G or a stand's busy Wi-Fi, as Chromium emulates it (DevTools network conditions):
#: 150 ms round trip, 4 Mbit/s down, 1 Mbit/s up. Both sides are timed under the same conditions.
SLOW_NETWORK = {"offline": False, "latency": 150, "downloadThroughput": 4e6 / 8, "uploadThroughput": 1e6 / 8}
SLOW_VISITS = 3


def slow_first_map(browser, url: str, visits: int = SLOW_VISITS) -> float:
    """Median first drawn map of later visitors on :data:`SLOW_NETWORK` (new contexts, empty cache)."""
    times = []
    for _ in range(visits):
        context = browser.new_context(viewport={"width": 1400, "height": 900})
        try:
            page = context.new_page()
            cdp = context.new_cdp_session(page)
            cdp.send("Network.enable")
            cdp.send("Network.emulateNetworkConditions", SLOW_NETWORK)
            times.append(time_to_first_map(page, url)[0])
        finally:
            context.close()
    return statistics.median(times)


def measure_side(browser, url: str) -> dict:
    """First drawn map (cold server, then later visitors), filter change, remount, reruns on pan and zoom."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    reruns = RerunCounter(page)
    out: dict = {}
    try:
        out["first_map_s"], frame = time_to_first_map(page, url)
        page.wait_for_timeout(SETTLE_MS)

        frame.evaluate("() => { window.__pma_marker = 'first mount'; }")
        changes = []
        for i in range(FILTER_CHANGES):
            chosen = []
            pick_epci(page, "CAHC", on_choice=lambda: chosen.append(time.perf_counter()))
            frame = wait_for_communes(page, frame, 14)
            changes.append(time.perf_counter() - chosen[0])
            if i == 0:
                kept = frame.evaluate("() => window.__pma_marker === 'first mount'")
                out["iframe_remounts_on_filter"] = 0 if kept else 1
            page.wait_for_timeout(SETTLE_MS)
            if i < FILTER_CHANGES - 1:  # back to every commune (Backspace removes CAHC), then again
                box = page.locator('[data-testid="stMultiSelect"]', has_text="Agglomération").first
                box.locator("input").click()
                page.keyboard.press("Backspace")
                page.keyboard.press("Escape")
                frame = wait_for_communes(page, frame, 150)
                page.wait_for_timeout(SETTLE_MS)
        out["filter_change_s"] = statistics.median(changes)
        out["filter_change_runs_s"] = [round(c, 3) for c in changes]

        before = reruns.count
        iframe = page.locator('iframe[title*="streamlit_folium"]').first
        box = iframe.bounding_box()
        cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        page.mouse.move(cx, cy)
        page.mouse.down()
        page.mouse.move(cx + 150, cy + 80, steps=12)
        page.mouse.up()
        page.wait_for_timeout(SETTLE_MS)
        out["reruns_on_pan"] = reruns.count - before
        before = reruns.count
        frame.click(".leaflet-control-zoom-in")
        page.wait_for_timeout(SETTLE_MS)
        out["reruns_on_zoom"] = reruns.count - before
        out["reruns_on_pan_zoom"] = out["reruns_on_pan"] + out["reruns_on_zoom"]
    finally:
        context.close()
    out["first_map_warm_s"] = warm_first_map(browser, url)
    out["first_map_slow_net_s"] = slow_first_map(browser, url)
    return out


def forward_msg_parts(payload) -> dict[str, int]:
    """What one websocket frame from the server is made of: its bytes split by kind, the frame
    decoded with Streamlit's own protobuf classes (``ForwardMsg``). A component's arguments are
    split by argument (``component:<arg>``: the UTF-8 size of its JSON value); any other element
    counts whole under its type (``element:<type>``); other messages under their type."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    data = payload if isinstance(payload, bytes) else payload.encode("utf-8")
    msg = ForwardMsg()
    try:
        msg.ParseFromString(data)
    except Exception:  # noqa: BLE001 - not a ForwardMsg
        return {"unknown": len(data)}
    kind = msg.WhichOneof("type") or "none"
    if kind != "delta":
        return {f"msg:{kind}": len(data)}
    delta = msg.delta.WhichOneof("type") or "none"
    if delta != "new_element":
        return {f"delta:{delta}": len(data)}
    element = msg.delta.new_element
    etype = element.WhichOneof("type") or "none"
    if etype != "component_instance":
        return {f"element:{etype}": len(data)}
    parts: dict[str, int] = {}
    try:
        args = json.loads(element.component_instance.json_args or "{}")
    except ValueError:
        args = {}
    for key, value in args.items():
        parts[f"component:{key}"] = len(json.dumps(value, ensure_ascii=False).encode("utf-8"))
    parts["component:other"] = len(data) - sum(parts.values())
    return parts


class BytesReceived:
    """Bytes the page receives: websocket frames from the server, and layer files fetched
    (each request's body size kept with its file and byte range, and whether that range had
    been fetched before by this page)."""

    def __init__(self, page):
        self.websocket = 0
        self.layer_files = 0
        self.layer_fetches = 0
        self.ranges: list[tuple[str, str | None]] = []
        self.frames: list[bytes | str] = []
        self.bodies: list[tuple[tuple[str, str | None], int]] = []
        page.on("websocket", lambda ws: ws.on("framereceived", self._on_frame))
        page.context.on("response", self._on_response)
        page.context.on("request", lambda r: "/app/static/layers/" in r.url
                        and self.ranges.append((r.url, r.headers.get("range"))))

    def repeated_ranges(self) -> int:
        """Layer requests (file, byte range) made more than once: data fetched again."""
        return len(self.ranges) - len(set(self.ranges))

    def websocket_parts(self, since: int = 0) -> dict[str, int]:
        """The websocket bytes received since frame ``since``, split by :func:`forward_msg_parts`."""
        out: dict[str, int] = {}
        for frame in self.frames[since:]:
            for key, size in forward_msg_parts(frame).items():
                out[key] = out.get(key, 0) + size
        return dict(sorted(out.items(), key=lambda kv: -kv[1]))

    def layer_bytes_split(self, since: int = 0) -> tuple[int, int]:
        """Layer bytes received since response ``since``: (fetched again: a file and range this page
        had received before, new: data it had never received, e.g. the tiles of a new view)."""
        seen = {key for key, _ in self.bodies[:since]}
        again = new = 0
        for key, size in self.bodies[since:]:
            if key in seen:
                again += size
            else:
                new += size
                seen.add(key)
        return again, new

    def _on_frame(self, payload) -> None:
        self.websocket += len(payload)
        self.frames.append(payload)

    def _on_response(self, response) -> None:
        if "/app/static/layers/" in response.url:
            self.layer_fetches += 1
            try:
                size = len(response.body())
            except Exception:  # noqa: BLE001 - served from the browser cache: no body
                return
            self.layer_files += size
            self.bodies.append(((response.url, response.request.headers.get("range")), size))

    def total(self) -> int:
        return self.websocket + self.layer_files


def dense_filter_count(geo: Path, code: str = "CAHC") -> int:
    """Synthetic polygons the agglomeration filter keeps (as the app filters them)."""
    from pma_map.catalogue import LAYERS
    from pma_map.filters import Filters, apply_filters
    from pma_map.layers import read_layer_file

    data = {name: read_layer_file(geo / spec.filename) for name, spec in LAYERS.items()}
    return len(apply_filters(data, Filters(epci=(code,)))["parcs"])


def dense_filter_change(page, frame, expected: int, received: BytesReceived) -> dict:
    """Bytes and layer fetches of one filter change on the dense layers."""
    page.wait_for_timeout(SETTLE_MS)
    ws0, files0, fetches0 = received.websocket, received.layer_files, received.layer_fetches
    frames0, bodies0 = len(received.frames), len(received.bodies)
    start = time.perf_counter()
    pick_epci(page, "CAHC")
    if tiles_on():
        frame.wait_for_function(TILES_DRAWN, arg=["parcs", expected], timeout=TIMEOUT_MS * 2, polling=100)
    else:
        frame.wait_for_function(f"() => ({COUNT_PREFIX})('parcelle-') === {expected}",
                                timeout=TIMEOUT_MS * 2, polling=100)
    seconds = time.perf_counter() - start
    page.wait_for_timeout(SETTLE_MS)
    again, new_view = received.layer_bytes_split(bodies0)
    websocket = received.websocket - ws0
    return {"dense_filter_change_s": round(seconds, 3),
            "dense_rerun_bytes": websocket + received.layer_files - files0,
            "dense_rerun_websocket_bytes": websocket,
            # what the goal means by "sent again": the websocket (page and selection) and any
            # layer data this page had already received; the tiles of the new view are not in it
            "dense_rerun_resent_bytes": websocket + again,
            "dense_rerun_layer_bytes_again": again,
            "dense_rerun_new_view_tile_bytes": new_view,
            "dense_rerun_layer_fetches": received.layer_fetches - fetches0,
            "dense_rerun_ranges_fetched_again": received.repeated_ranges(),
            "dense_rerun_websocket_parts": received.websocket_parts(frames0),
            }


def measure_dense(browser, url: str, polygons: int, points: int, filtered: int | None = None) -> dict:
    """The app on dense synthetic layers: first drawn map, pans timed frame by frame, then
    the bytes of one filter change (``filtered``: polygons the filter keeps)."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    received = BytesReceived(page)
    out: dict = {}
    try:
        start = time.perf_counter()
        page.goto(url, wait_until="commit")
        frame = map_frame(page)
        framed = time.perf_counter()
        wait_dense_drawn(page, polygons, points)
        out["dense_first_map_s"] = time.perf_counter() - start
        out["dense_map_after_frame_s"] = round(time.perf_counter() - framed, 3)
        out["dense_drawing"] = "tiles" if tiles_on() else "files"
        if tiles_on():
            stats = frame.evaluate("() => window.pmaTileStats()")
            out["dense_polygons_drawn"] = stats["parcs"]["drawn"]
            out["dense_points_drawn"] = stats["sites_solaires"]["drawn"]
        else:
            out["dense_clustered_points"] = frame.evaluate(COUNT_CLUSTERED)
            out["dense_clusters_drawn"] = frame.evaluate(
                "() => document.querySelectorAll('.marker-cluster').length")
        page.wait_for_timeout(SETTLE_MS)
        times = frame.evaluate(PAN_TIMES)
        out["dense_pan_ms_median"] = sorted(times)[len(times) // 2]
        out["dense_pan_ms_max"] = max(times)
        out["dense_first_bytes"] = received.total()
        out["dense_first_layer_file_bytes"] = received.layer_files
        if filtered is not None:
            out.update(dense_filter_change(page, frame, filtered, received))
            out["dense_rerun_ratio"] = round(out["dense_rerun_bytes"] / out["dense_first_bytes"], 4)
            out["dense_rerun_resent_ratio"] = round(out["dense_rerun_resent_bytes"] / out["dense_first_bytes"], 4)
    finally:
        context.close()
    return out


def wait_dense_drawn(page, polygons: int, points: int):
    """Wait until every synthetic polygon and point is drawn (tiles) or on the map (files); the frame."""
    frame = map_frame(page)
    if tiles_on():
        frame.wait_for_function(TILES_DRAWN, arg=["parcs", polygons], timeout=TIMEOUT_MS * 2, polling=50)
        frame.wait_for_function(TILES_DRAWN, arg=["sites_solaires", points], timeout=TIMEOUT_MS * 2,
                                polling=50)
        return frame
    frame.wait_for_function(f"() => ({COUNT_PREFIX})('parcelle-') >= {polygons}",
                            timeout=TIMEOUT_MS * 2, polling=200)
    frame.wait_for_function(f"() => ({COUNT_CLUSTERED})() >= {points}",
                            timeout=TIMEOUT_MS * 2, polling=200)
    frame.wait_for_function("() => document.querySelectorAll('.marker-cluster').length > 0",
                            timeout=TIMEOUT_MS)
    return frame


def dense_warm_first_map(browser, url: str, polygons: int, points: int) -> float:
    """A later visitor (the server's caches and the layer files already made): until all drawn."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    try:
        page = context.new_page()
        start = time.perf_counter()
        page.goto(url, wait_until="commit")
        wait_dense_drawn(page, polygons, points)
        return round(time.perf_counter() - start, 3)
    finally:
        context.close()


def prebuild_tiles(folder: Path, data_dir: Path | None = None) -> dict:
    """Prepare the dense layers of ``folder`` as publishing them would (before the server starts):
    their vector tiles (seconds, and the archives' bytes; none when tiles are off) and, with
    ``data_dir`` (the server's), the columnar copy of every layer (``pma_map.columnar``;
    ``PMA_MAP_COLUMNAR=0``: none, the ablation)."""
    out: dict = {}
    if data_dir is not None:
        out.update(write_copies(folder, data_dir))
    if not tiles_on():
        return out
    from pma_map.catalogue import LAYERS
    from pma_map.layers import read_layer_file
    from pma_map.map import vector_tiles
    from pma_map.map.static_layers import layers_dir

    communes = read_layer_file(folder / LAYERS["communes"].filename)
    frames = {name: read_layer_file(folder / LAYERS[name].filename) for name in ("parcs", "sites_solaires")}
    with tempfile.TemporaryDirectory(prefix="pma-bench-tiles-") as cold:  # timed from scratch...
        start = time.perf_counter()
        built = {name: vector_tiles.build_layer_tiles(name, gdf, communes, ("fr",), Path(cold))[0]
                 for name, gdf in frames.items()}
        seconds = time.perf_counter() - start
        layers_dir().mkdir(parents=True, exist_ok=True)
        for b in built.values():  # ...then moved where the app serves them
            for path in (b.tiles, b.popups):
                target = layers_dir() / path.name
                if not target.exists():
                    shutil.move(str(path), str(target))
    if data_dir is not None:  # the tiles' checksums kept beside the copies, as publishing does
        with _data_dir(data_dir):
            for name, gdf in frames.items():
                vector_tiles.tiles_checksum(name, gdf)
                vector_tiles.popups_checksum(name, gdf, "fr", vector_tiles.commune_names_of(communes))
    out.update({"dense_tiles_build_s": round(seconds, 2), "dense_tiles_bytes": sum(b.size for b in built.values())})
    return out


@contextmanager
def _data_dir(path: Path):
    saved = os.environ.get("PMA_MAP_DATA_DIR")
    os.environ["PMA_MAP_DATA_DIR"] = str(path)
    try:
        yield
    finally:
        if saved is None:
            os.environ.pop("PMA_MAP_DATA_DIR", None)
        else:
            os.environ["PMA_MAP_DATA_DIR"] = saved


def write_copies(folder: Path, data_dir: Path) -> dict:
    """The columnar copy of every layer file of ``folder`` in ``data_dir`` (what publishing writes)."""
    from pma_map import columnar
    from pma_map.catalogue import LAYERS
    from pma_map.layers import keep_columnar

    if not columnar.ENABLED:
        return {"dense_columnar": False}
    start = time.perf_counter()
    with _data_dir(data_dir):
        done = all(keep_columnar(folder / spec.filename) for spec in LAYERS.values()
                   if (folder / spec.filename).exists())
    return {"dense_columnar": done, "dense_columnar_write_s": round(time.perf_counter() - start, 2)}


def write_dense_geo_dir(folder: Path, polygons: int, points: int) -> None:
    """Bundled layers with ``parcs`` and ``sites_solaires`` replaced by synthetic ones."""
    import synthetic

    from pma_map.catalogue import BUNDLED_LAYERS, LAYERS
    from pma_map.config import geo_dir
    from pma_map.layers import read_layer_file

    communes = read_layer_file(geo_dir() / LAYERS["communes"].filename)
    for spec in BUNDLED_LAYERS.values():
        shutil.copyfile(geo_dir() / spec.filename, folder / spec.filename)
    synthetic.synthetic_polygons(communes, polygons).to_file(
        folder / LAYERS["parcs"].filename, driver="GeoJSON", engine="pyogrio")
    synthetic.synthetic_points(communes, points).to_file(
        folder / LAYERS["sites_solaires"].filename, driver="GeoJSON", engine="pyogrio")


def measure_dense_only(sizes: dict[str, int]) -> dict:
    """Only the dense case (``run.py --dense-only``): for targeted runs on a loaded machine."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            with tempfile.TemporaryDirectory(prefix="pma-bench-geo-") as tmp:
                write_dense_geo_dir(Path(tmp), sizes["10k"], sizes["100k"])
                filtered = dense_filter_count(Path(tmp))
                data_dir = Path(tmp) / "data"
                out = prebuild_tiles(Path(tmp), data_dir)
                env = {"PMA_MAP_GEO_DIR": tmp, "PMA_MAP_DATA_DIR": str(data_dir)}
                with streamlit_server(ROOT / "app.py", env, warmed=DENSE_WARMED) as url:
                    out.update(measure_dense(browser, url, sizes["10k"], sizes["100k"], filtered))
                    out["dense_first_map_warm_s"] = dense_warm_first_map(browser, url, sizes["10k"],
                                                                         sizes["100k"])
                return out
        finally:
            browser.close()


def measure_all(sizes: dict[str, int], quick: bool = False) -> dict:
    from playwright.sync_api import sync_playwright

    out: dict = {}
    with ExitStack() as stack:
        pw = stack.enter_context(sync_playwright())
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        stack.callback(browser.close)
        for side, script in (("app", ROOT / "app.py"), ("naive", HERE / "naive_app.py")):
            # The app as `make run` starts it (warming up once it listens); the baseline as before.
            with streamlit_server(script, warmed=side == "app" and WARMED) as url:
                for key, value in measure_side(browser, url).items():
                    out[f"{key}_{side}" if side == "naive" else key] = value
        out["first_map_ratio"] = round(out["first_map_s"] / out["first_map_s_naive"], 4)
        out["first_map_warm_ratio"] = round(out["first_map_warm_s"] / out["first_map_warm_s_naive"], 4)
        out["first_map_slow_net_ratio"] = round(out["first_map_slow_net_s"] / out["first_map_slow_net_s_naive"], 4)
        out["filter_change_browser_ratio"] = round(out["filter_change_s"] / out["filter_change_s_naive"], 4)
        polygons, points = sizes["10k"], sizes["100k"]
        with tempfile.TemporaryDirectory(prefix="pma-bench-geo-") as tmp:
            write_dense_geo_dir(Path(tmp), polygons, points)
            filtered = dense_filter_count(Path(tmp))
            data_dir = Path(tmp) / "data"
            out.update(prebuild_tiles(Path(tmp), data_dir))
            env = {"PMA_MAP_GEO_DIR": tmp, "PMA_MAP_DATA_DIR": str(data_dir)}
            with streamlit_server(ROOT / "app.py", env, warmed=DENSE_WARMED) as url:
                out.update(measure_dense(browser, url, polygons, points, filtered))
                out["dense_first_map_warm_s"] = dense_warm_first_map(browser, url, polygons, points)
    return out
