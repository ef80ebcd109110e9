"""Loading layers: the current version of each, read once and kept while it is current."""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from pathlib import Path

import geopandas as gpd
import pandas as pd

from pma_map import columnar
from pma_map.catalogue import LAYERS, get_layer
from pma_map.geo import WGS84
from pma_map.publish.store import get_store

#: Layer files kept in memory at most (least recently read dropped first).
MAX_FRAMES = 32

_lock = threading.Lock()
#: (path, modification time, size) -> the frame read from that file.
_frames: OrderedDict[tuple[str, int, int], gpd.GeoDataFrame] = OrderedDict()
#: Layer name -> key of the frame :func:`load_layer` last returned for it.
_shown: dict[str, tuple[str, int, int]] = {}


_DTYPES = {"int": "Int64", "float": "float64", "str": "object"}


def read_geojson(path: Path | str) -> gpd.GeoDataFrame:
    """The layer file itself, read by pyogrio, in EPSG:4326 (what a columnar copy must equal)."""
    gdf = gpd.read_file(path, engine="pyogrio")
    if gdf.crs is None:
        gdf = gdf.set_crs(WGS84)
    elif not gdf.crs.equals(WGS84):
        gdf = gdf.to_crs(WGS84)
    return gdf


def _read(path: str) -> gpd.GeoDataFrame:
    """The frame of a layer file: from its columnar copy when there is one (:mod:`columnar`)."""
    gdf = columnar.read(path)
    if gdf is None:
        gdf = read_geojson(path)
    return gdf


#: id of a shared frame -> (weak reference to it, key of the file it was read from).
_sources: dict[int, tuple[weakref.ref, tuple[str, int, int]]] = {}


def _remember_source(gdf: gpd.GeoDataFrame, key: tuple[str, int, int]) -> None:
    ident = id(gdf)

    def gone(ref, ident=ident) -> None:
        if _sources.get(ident, (None,))[0] is ref:  # not a newer frame that got the same id
            _sources.pop(ident, None)

    _sources[ident] = (weakref.ref(gdf, gone), key)


def keep_columnar(path: Path | str) -> bool:
    """Write the columnar copy of the layer file ``path`` from its shared frame (read now if
    needed); True when a copy is there afterwards (:mod:`pma_map.columnar`)."""
    if _optional_missing(path) is not None:
        return False
    return columnar.write(path, _cached_read(_key(path)))


def source_path(gdf) -> str | None:
    """The file a shared frame of :func:`read_layer_file` was read from; None for any other
    frame (a filtered copy, a frame built in code): values kept per file content
    (:func:`columnar.memo`) may be used only for the very frame of that file."""
    hit = _sources.get(id(gdf))
    if hit is None or hit[0]() is not gdf:
        return None
    try:
        if _key(hit[1][0]) != hit[1]:  # the file changed since: its memo is not this frame's
            return None
    except OSError:
        return None
    return hit[1][0]


#: Optional layer name -> its empty frame (one shared object, as every frame of a version).
_empty: dict[str, gpd.GeoDataFrame] = {}


def _optional_missing(path: Path | str):
    """The spec of an optional layer (not bundled) when ``path`` is its missing bundled file."""
    path = Path(path)
    if path.exists():
        return None
    return next((s for s in LAYERS.values() if s.optional and s.filename == path.name), None)


def empty_layer(name: str) -> gpd.GeoDataFrame:
    """The frame of an optional layer nobody published yet: no rows, the catalogue's columns."""
    with _lock:
        if name not in _empty:
            spec = get_layer(name)
            columns = {f.name: pd.Series(dtype=_DTYPES.get(f.type, "object")) for f in spec.fields}
            _empty[name] = gpd.GeoDataFrame(columns, geometry=gpd.GeoSeries([], crs=WGS84))
        return _empty[name]


def _key(path: Path | str) -> tuple[str, int, int]:
    st = Path(path).stat()
    return str(path), st.st_mtime_ns, st.st_size


def _cached_read(key: tuple[str, int, int]) -> gpd.GeoDataFrame:
    with _lock:
        hit = _frames.get(key)
        if hit is not None:
            _frames.move_to_end(key)
            return hit
    gdf = _read(key[0])
    with _lock:
        gdf = _frames.setdefault(key, gdf)  # a concurrent reader may have been first
        _remember_source(gdf, key)
        _frames.move_to_end(key)
        while len(_frames) > MAX_FRAMES:
            _frames.popitem(last=False)
    return gdf


def read_layer_file(path: Path) -> gpd.GeoDataFrame:
    """Read a layer file in EPSG:4326, cached by path, modification time and size.

    The frame returned is shared between callers: never modify it in place.
    """
    spec = _optional_missing(path)
    if spec is not None:
        return empty_layer(spec.name)
    return _cached_read(_key(path))


def load_layer(name: str) -> gpd.GeoDataFrame:
    """The current version of layer ``name`` (EPSG:4326, shared: do not mutate).

    When another version became current, the frame of the superseded one is
    forgotten at once (with what :mod:`pma_map.framecache` derived from it,
    once nobody else holds it): memory does not grow with publishes.
    """
    spec = get_layer(name)
    path = get_store().current(name).path
    if spec.optional and _optional_missing(path) is not None:
        return empty_layer(name)
    key = _key(path)
    gdf = _cached_read(key)
    with _lock:
        previous = _shown.get(name)
        _shown[name] = key
        if previous is not None and previous != key:
            _frames.pop(previous, None)
    return gdf


def clear_cache() -> None:
    """Forget every layer read (benchmarks measure cold starts with it)."""
    with _lock:
        _frames.clear()
        _shown.clear()


def load_all() -> dict[str, gpd.GeoDataFrame]:
    """Every catalogue layer, communes first."""
    current = get_store().current_all(LAYERS)
    return {name: read_layer_file(current[name].path) for name in LAYERS}


def data_versions() -> dict[str, int]:
    """Version number of every layer, e.g. to key a cache."""
    return {name: lv.version for name, lv in get_store().current_all(LAYERS).items()}
