"""Server-side measures: what a rerun costs the server and what it sends to the browser.

``st_folium`` is called for real, with its component function swapped for one
that records the arguments it would send to the browser; the payload is the
size of the map's HTML and JavaScript among them (script, header, html,
feature groups, layer control), the same for both sides.
"""

from __future__ import annotations

import re
import statistics
import time
from collections.abc import Callable, Mapping
from contextlib import contextmanager

import geopandas as gpd
import naive
import streamlit_folium

from pma_map import framecache, layers, text
from pma_map.filters import Filters, apply_filters
from pma_map.map import mapscript, popup_files, static_layers
from pma_map.ui.map import show_map

PAYLOAD_ARGS = ("script", "header", "html", "feature_group", "layer_control")


@contextmanager
def captured_component():
    """Record what ``st_folium`` would send instead of sending it."""
    sent: dict = {}
    original = streamlit_folium._component_func

    def capture(**kwargs):
        sent.clear()
        sent.update(kwargs)
        return kwargs.get("default")

    streamlit_folium._component_func = capture
    try:
        yield sent
    finally:
        streamlit_folium._component_func = original


def payload_bytes(sent: Mapping) -> int:
    return sum(len((sent.get(k) or "").encode("utf-8")) for k in PAYLOAD_ARGS)


_LAYER_FILE = re.compile(re.escape(static_layers.LAYERS_URL) + r"([\w.-]+\.(?:json|pmtiles))")


def layer_file_bytes(sent: Mapping) -> int:
    """Size of the layer files the sent map refers to (fetched once by a new visitor). A vector
    tile archive counts whole: an upper bound (the browser reads only the tiles of its view)."""
    names = set(_LAYER_FILE.findall(sent.get("feature_group") or ""))
    return sum((static_layers.layers_dir() / name).stat().st_size for name in names)


_POPUP_FILE = re.compile(re.escape(popup_files.POPUPS_URL) + r"([\w.-]+\.json)")
_SCRIPT_FILE = re.compile(re.escape(mapscript.SCRIPTS_URL) + r"([\w.-]+\.js)")


def popup_file_bytes(sent: Mapping) -> int:
    """Size of the popup files the sent map refers to: fetched only on a hover or a popup
    opening, so not part of the first map (reported beside it)."""
    names = set(_POPUP_FILE.findall(sent.get("feature_group") or ""))
    return sum((popup_files.popups_dir() / name).stat().st_size for name in names)


def script_file_bytes(sent: Mapping) -> int:
    """Size of the app's constant script files the map's frame loads (like the vendor scripts:
    the same for every map, cached by the browser; not counted in the payload, reported beside it)."""
    names = set(_SCRIPT_FILE.findall(" ".join(sent.get("js_links") or [])))
    return sum((mapscript.scripts_dir() / name).stat().st_size for name in names)


def first_visit_bytes(sent: Mapping) -> int:
    """What a first visitor receives for the map: the component's payload and the layer files."""
    return payload_bytes(sent) + layer_file_bytes(sent)


def clear_app_caches() -> None:
    """Back to a cold server: no layer read, no layer prepared, no measure."""
    layers.clear_cache()
    framecache.clear()
    text.number_text.cache_clear()


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def median_time(fn: Callable[[], object], repeat: int, before: Callable[[], object] | None = None) -> float:
    times = []
    for _ in range(repeat):
        if before is not None:
            before()
        times.append(timed(fn))
    return statistics.median(times)


# --- one rerun of each side -------------------------------------------------

def app_rerun(f: Filters, data: Mapping[str, gpd.GeoDataFrame] | None = None, lang: str = "fr") -> None:
    """What the explorer does for the map: current layers (cached), filter, map."""
    data = data if data is not None else layers.load_all()
    filtered = apply_filters(data, f)
    show_map(filtered, lang, all_communes=data["communes"], key="explorer_map", data=data)


def naive_rerun(f: Filters, geo_dir=None, data: Mapping[str, gpd.GeoDataFrame] | None = None) -> None:
    """What the baseline does: read every file (unless given frames), filter, new map, st_folium."""
    data = data if data is not None else naive.read_layers(geo_dir)
    streamlit_folium.st_folium(naive.naive_map(data, f), height=620, use_container_width=True)


def measure_pair(app: Callable[[], object], base: Callable[[], object], repeat: int,
                 app_before: Callable[[], object] | None = None) -> dict:
    """Median time and payload of one app rerun and one baseline rerun.

    The two sides alternate (app, baseline, app, ...) so that load from other
    processes on the machine weighs on both alike.
    """
    app_times, base_times = [], []
    with captured_component() as sent:
        for _ in range(repeat):
            if app_before is not None:
                app_before()
            app_times.append(timed(app))
            app_bytes = payload_bytes(sent)
            base_times.append(timed(base))
            base_bytes = payload_bytes(sent)
    return {"app_s": statistics.median(app_times), "naive_s": statistics.median(base_times),
            "app_bytes": app_bytes, "naive_bytes": base_bytes}
