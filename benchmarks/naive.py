"""The naive baseline the benchmark compares the app with, built in the same run.

What a first version of the map would do: read every layer file on every
rerun, filter, and draw a new ``folium.Map`` holding a plain ``folium.GeoJson``
of each filtered GeoDataFrame with all its properties (tooltip and popup list
every field), then ``st_folium(m)`` with its defaults (the whole map is sent on
every rerun, and the map's bounds and zoom come back on every pan and zoom).
Only the front-end files are served locally (``localize``), as the app does,
so that the map draws without internet in both cases.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import folium
import geopandas as gpd

from pma_map.catalogue import BUNDLED_LAYERS, LAYERS
from pma_map.filters import Filters, apply_filters
from pma_map.map.offline import localize
from pma_map.map.view import CENTER, ZOOM


def read_layers(geo_dir: Path) -> dict[str, gpd.GeoDataFrame]:
    """Every layer read from its file, with no cache (the naive rerun does this)."""
    return {name: gpd.read_file(Path(geo_dir) / spec.filename, engine="pyogrio")
            for name, spec in BUNDLED_LAYERS.items()}


def naive_map(data: Mapping[str, gpd.GeoDataFrame], f: Filters) -> folium.Map:
    """A new map with one plain GeoJson per filtered layer, every property included."""
    filtered = apply_filters(data, f)
    m = folium.Map(location=CENTER, zoom_start=ZOOM)
    for name, gdf in filtered.items():
        if gdf.empty:
            continue
        fields = [c for c in gdf.columns if c != gdf.geometry.name]
        folium.GeoJson(
            gdf,
            name=LAYERS[name].title_fr,
            tooltip=folium.GeoJsonTooltip(fields=["nom"]),
            popup=folium.GeoJsonPopup(fields=fields),
        ).add_to(m)
    folium.LayerControl().add_to(m)
    return localize(m)
