"""End-to-end fixtures: a real Streamlit server and Debian's headless Chromium.

- ``start_streamlit(script)`` starts ``streamlit run script`` on a free port of
  127.0.0.1 (once per script and session) and returns its base URL;
  ``streamlit_server`` is that for the app's ``app.py``.
- ``browser`` drives /usr/bin/chromium through Playwright (no browser download).
- ``page`` is a fresh context per test; ``traffic`` lists what it requested
  outside this machine, tile requests apart, and local failures.
- ``screenshot(page, name)`` saves ``tests/screenshots/<name>.png``;
  ``map_frame(page, min_paths)`` waits for the streamlit-folium iframe to draw.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import servers
from servers import REPO, free_port

SCREENSHOTS = REPO / "tests" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
MAP_TIMEOUT_MS = 45_000
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}
#: Map tiles: .../{z}/{x}/{y}.png and WMS GetMap. They may fail (no internet).
TILE_PATH = re.compile(r"/\d+/\d+/\d+(?:@2x)?\.(?:png|jpe?g|webp|pbf|mvt)$", re.IGNORECASE)


@pytest.fixture(scope="session")
def start_streamlit(tmp_path_factory) -> Iterator[Callable[[Path], str]]:
    """Factory: ``start_streamlit(script_path) -> base URL``, stopped at session end.

    Run from the repo root so ``.streamlit/config.toml`` (static serving) applies.
    Streamlit serves ``static/`` beside the main script: a script elsewhere than
    the repo root is staged in a temporary folder next to a link to ``static/``.
    """
    started: dict[Path, tuple[subprocess.Popen, str]] = {}
    data_dir = tmp_path_factory.mktemp("data")

    def start(script: Path) -> str:
        script = Path(script).resolve()
        if script in started:
            return started[script][1]
        if not script.is_file():
            pytest.fail(f"no Streamlit script at {script}")
        main = script
        if script.parent != REPO:
            stage = tmp_path_factory.mktemp(script.stem)
            main = stage / script.name
            shutil.copyfile(script, main)
            (stage / "static").symlink_to(REPO / "static", target_is_directory=True)
        port = free_port()
        base_url = f"http://127.0.0.1:{port}"
        log = tmp_path_factory.mktemp("logs") / f"{script.stem}.log"
        proc = servers.launch(main, port, servers.app_env(PMA_MAP_DATA_DIR=str(data_dir)), log)
        started[script] = (proc, base_url)
        servers.wait_healthy([base_url], [proc], [log], f"streamlit for {script}")
        return base_url

    yield start

    servers.stop(proc for proc, _ in started.values())


@pytest.fixture(scope="session")
def streamlit_server(start_streamlit) -> str:
    """Base URL of the app (``app.py``) served for the whole session."""
    return start_streamlit(REPO / "app.py")


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, headless, through Playwright (never a downloaded browser)."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium (see .ci/run)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@dataclass
class Traffic:
    """What one page asked for: off-machine requests, tiles, local failures."""

    external: list[str] = field(default_factory=list)
    tiles: list[str] = field(default_factory=list)
    local_failures: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)


def is_tile_request(url: str) -> bool:
    parts = urlsplit(url)
    return bool(TILE_PATH.search(parts.path)) or "service=wms" in parts.query.lower()


@pytest.fixture
def traffic() -> Traffic:
    return Traffic()


@pytest.fixture
def page(browser, traffic):
    """A page in a new 1400x900 context, its requests sorted into ``traffic``."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})

    def on_request(request):
        parts = urlsplit(request.url)
        if parts.scheme not in ("http", "https", "ws", "wss"):
            return  # data:, blob:, about:
        if parts.hostname in LOCAL_HOSTS:
            return
        if is_tile_request(request.url):
            traffic.tiles.append(request.url)
        else:
            traffic.external.append(request.url)

    def on_response(response):
        host = urlsplit(response.url).hostname
        if host in LOCAL_HOSTS and response.status >= 400:
            traffic.local_failures.append(f"{response.status} {response.url}")

    def on_failed(request):
        if urlsplit(request.url).hostname in LOCAL_HOSTS:
            traffic.local_failures.append(f"{request.failure} {request.url}")

    context.on("request", on_request)
    context.on("response", on_response)
    context.on("requestfailed", on_failed)
    pg = context.new_page()
    pg.on("console", lambda msg: msg.type == "error" and traffic.console_errors.append(msg.text))
    pg.on("pageerror", lambda err: traffic.console_errors.append(f"pageerror: {err}"))
    yield pg
    context.close()


def take_screenshot(page, name: str) -> Path:
    """Save a full-page PNG as tests/screenshots/<name>.png (git-ignored)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def find_map_frame(page, min_paths: int = 1, timeout_ms: int = MAP_TIMEOUT_MS):
    """The streamlit-folium iframe's Frame, once Leaflet has drawn ``min_paths`` shapes.

    Counts SVG paths in ``.leaflet-overlay-pane``; with ``prefer_canvas=True``
    shapes are pixels on a canvas, so a drawn (non-empty) canvas satisfies it.
    """
    page.wait_for_selector("iframe", timeout=timeout_ms)
    deadline = time.monotonic() + timeout_ms / 1000
    frame = None
    while frame is None:
        frame = next((f for f in page.frames if "streamlit_folium" in f.url), None)
        if frame is None:
            if time.monotonic() > deadline:
                urls = [f.url for f in page.frames]
                raise AssertionError(f"no streamlit-folium iframe among frames {urls}")
            page.wait_for_timeout(200)
    frame.wait_for_selector(".leaflet-container", timeout=timeout_ms)
    frame.wait_for_function(
        """n => {
            const pane = document.querySelector('.leaflet-overlay-pane');
            if (!pane) return false;
            const canvas = pane.querySelector('canvas');
            if (canvas && canvas.width > 0 && canvas.height > 0) return true;
            return pane.querySelectorAll('path').length >= n;
        }""",
        arg=min_paths,
        timeout=timeout_ms,
    )
    return frame


#: How many commune polygons the map in the streamlit-folium iframe holds.
COUNT_COMMUNES = """() => {
    let n = 0;
    map_div.eachLayer(l => {
        const p = l.feature && l.feature.properties;
        if (p && /^[0-9]{5}$/.test(p.id) && l.feature.geometry.type.endsWith('Polygon')) n++;
    });
    return n;
}"""


def wait_for_communes(frame, count: int, timeout_ms: int = MAP_TIMEOUT_MS) -> None:
    """Wait until the map of ``frame`` holds exactly ``count`` commune polygons."""
    frame.wait_for_function(f"() => ({COUNT_COMMUNES})() === {int(count)}", timeout=timeout_ms)


def pick_agglomeration(page, code: str) -> None:
    """Type ``code`` in the explorer's (French) agglomeration filter, pick it with Enter, close the list."""
    box = page.locator('[data-testid="stMultiSelect"]', has_text="Agglomération").first
    box.locator("input").click()
    page.keyboard.type(code)
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")


def wait_for_communes_metric(page, count: int, timeout_ms: int = MAP_TIMEOUT_MS) -> None:
    """Wait until the explorer's "Communes" indicator reads ``count``."""
    page.wait_for_function(
        f"""() => [...document.querySelectorAll('.pma-indicator[data-key="communes"] .pma-ind-value')]
              .some(v => /^{int(count)}\\b/.test(v.innerText))""",
        timeout=timeout_ms)


def click_feature(page, frame, feature_id: str, timeout_ms: int = 15_000):
    """Click the map feature whose ``id`` is ``feature_id`` (at its centre, as a person would) and
    return the opened popup's locator. The map may still be moving to the view the page asked for
    (a filter or a link sets its centre and zoom after the features are drawn), so the point is
    measured again before each of a few taps."""
    popup = frame.locator(".leaflet-popup-content")
    for _ in range(5):
        page.wait_for_timeout(1_000)
        point = frame.evaluate("""(id) => {
            let target = null;
            map_div.eachLayer(l => { const p = l.feature && l.feature.properties;
                                     if (p && p.id === id) target = l; });
            const pt = map_div.latLngToContainerPoint(target.getCenter());
            const box = map_div.getContainer().getBoundingClientRect();
            return {x: pt.x + box.left, y: pt.y + box.top};
        }""", feature_id)
        iframe_box = page.locator("iframe[title*='streamlit_folium']").first.bounding_box()
        page.mouse.click(iframe_box["x"] + point["x"], iframe_box["y"] + point["y"])
        try:
            popup.wait_for(timeout=3_000)
            return popup
        except Exception:  # noqa: BLE001 - the map was still moving: tap again
            continue
    popup.wait_for(timeout=timeout_ms)
    return popup


@pytest.fixture
def clicked_popup() -> Callable[..., object]:
    """``clicked_popup(page, frame, feature_id)``: click that feature on the map, return its popup."""
    return click_feature


@pytest.fixture
def communes_drawn() -> Callable[..., None]:
    """``communes_drawn(frame, count)``: wait for exactly ``count`` commune polygons."""
    return wait_for_communes


@pytest.fixture
def no_tiles(page):
    """Refuse every basemap tile request of ``page`` (a stand on bad Wi-Fi); yields the page."""
    page.context.route(is_tile_request, lambda route: route.abort())
    return page


@pytest.fixture
def screenshot() -> Callable[..., Path]:
    """``screenshot(page, name) -> Path`` of tests/screenshots/<name>.png."""
    return take_screenshot


@pytest.fixture
def map_frame() -> Callable[..., object]:
    """``map_frame(page, min_paths=1, timeout_ms=...) -> Frame`` of the drawn map."""
    return find_map_frame


@pytest.fixture(params=["streamlit run", "make run"])
def cold_server(tmp_path, request) -> Iterator[str]:
    """A new server for app.py that has served no page yet (for deep-link tests): started by
    ``streamlit run app.py``, and as ``make run`` starts it (``pma_map.ui.serve``, warmed)."""
    with servers.serve("app.py", tmp_path, warmed=request.param == "make run",
                       PMA_MAP_DATA_DIR=str(tmp_path)) as url:
        yield url
