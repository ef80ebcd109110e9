"""Loading layers: the current version of each, read once and cached by version."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import geopandas as gpd

from pma_map.catalogue import LAYERS, get_layer
from pma_map.geo import WGS84
from pma_map.publish.store import get_store


@lru_cache(maxsize=32)
def _read(path: str, mtime_ns: int, size: int) -> gpd.GeoDataFrame:
    gdf = gpd.read_file(path, engine="pyogrio")
    if gdf.crs is None:
        gdf = gdf.set_crs(WGS84)
    elif not gdf.crs.equals(WGS84):
        gdf = gdf.to_crs(WGS84)
    return gdf


def read_layer_file(path: Path) -> gpd.GeoDataFrame:
    """Read a layer file in EPSG:4326, cached by path, modification time and size.

    The frame returned is shared between callers: never modify it in place.
    """
    st = Path(path).stat()
    return _read(str(path), st.st_mtime_ns, st.st_size)


def layer_version(name: str) -> int:
    """Version number of the layer the map shows now."""
    return get_store().current(name).version


def load_layer(name: str) -> gpd.GeoDataFrame:
    """The current version of layer ``name`` (EPSG:4326, shared: do not mutate)."""
    get_layer(name)
    return read_layer_file(get_store().current(name).path)


def load_all() -> dict[str, gpd.GeoDataFrame]:
    """Every catalogue layer, communes first."""
    current = get_store().current_all(LAYERS)
    return {name: read_layer_file(current[name].path) for name in LAYERS}


def data_versions() -> dict[str, int]:
    """Version number of every layer, e.g. to key a cache."""
    return {name: lv.version for name, lv in get_store().current_all(LAYERS).items()}
