"""Map-ready layers: display geometry and popups, prepared once per layer version.

Preparing a layer for the map (simplified geometry rounded to
``COORD_DECIMALS`` and encoded, escaped tooltip and popup pieces) costs far more than
filtering it, so it is done once for the whole layer and kept while the
layer's frame lives (:mod:`pma_map.framecache`: one frame per layer version,
so a published version is prepared afresh at once). A filtered frame keeps the
index of its layer; the map takes its rows from the prepared layer.

Display geometry only (indicators always measure the original geometry):
- communes: coverage-preserving simplification (``GeoSeries.simplify_coverage``,
  tolerance ``COMMUNES_TOLERANCE_M`` in Lambert-93), so neighbours keep sharing
  their edges;
- other line and polygon layers above ``LARGE_LAYER_FEATURES`` features whose
  geometries carry more than ``LARGE_LAYER_MIN_VERTICES`` coordinates on
  average (detailed QGIS exports): per-geometry topology-preserving
  simplification at ``LARGE_LAYER_TOLERANCE_M``. Plain shapes are left as they
  are: simplifying them cost more time than the bytes it saved (benchmarks);
- every coordinate rounded to ``COORD_DECIMALS`` decimals (about 0.1 m).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from pma_map import framecache
from pma_map.catalogue import LAYERS, feature_name
from pma_map.errors import PmaError
from pma_map.geo import LAMBERT93, WGS84
from pma_map.map.popups import popup_parts
from pma_map.text import esc

#: Decimals kept in coordinates sent to the map (1e-6 degree is about 0.1 m).
COORD_DECIMALS = 6
#: Coverage simplification of the commune boundaries, in metres.
COMMUNES_TOLERANCE_M = 10.0
#: Above this many features, a line or polygon layer is simplified for display...
LARGE_LAYER_FEATURES = 5_000
#: ...with this tolerance, in metres (below a pixel at zoom 14)...
LARGE_LAYER_TOLERANCE_M = 5.0
#: ...when its geometries hold more than this many coordinates on average.
LARGE_LAYER_MIN_VERTICES = 32


def round_coordinates(geoms: gpd.GeoSeries, decimals: int = COORD_DECIMALS) -> gpd.GeoSeries:
    """The same geometries with every coordinate rounded to ``decimals``."""
    if decimals < 0:
        raise PmaError("negative_decimals")
    values = shapely.transform(np.asarray(geoms.values), lambda xy: np.round(xy, decimals))
    return gpd.GeoSeries(values, index=geoms.index, crs=geoms.crs)


def simplify_communes(geoms: gpd.GeoSeries, tolerance_m: float = COMMUNES_TOLERANCE_M) -> gpd.GeoSeries:
    """Commune boundaries simplified as a coverage: shared edges stay shared, no gap opens."""
    if tolerance_m <= 0 or geoms.empty:
        return geoms
    projected = geoms.to_crs(LAMBERT93)
    return projected.simplify_coverage(tolerance_m).to_crs(geoms.crs or WGS84)


def simplify_large(geoms: gpd.GeoSeries, tolerance_m: float = LARGE_LAYER_TOLERANCE_M) -> gpd.GeoSeries:
    """Each geometry simplified on its own (topology kept), for dense layers."""
    projected = geoms.to_crs(LAMBERT93)
    return projected.simplify(tolerance_m, preserve_topology=True).to_crs(geoms.crs or WGS84)


def display_geometries(name: str, gdf: gpd.GeoDataFrame) -> gpd.GeoSeries:
    """The geometry of layer ``name`` as the map draws it (see the module notes)."""
    spec = LAYERS[name]
    geoms = gdf.geometry
    if geoms.crs is not None and not geoms.crs.equals(WGS84):
        geoms = geoms.to_crs(WGS84)
    if spec.coverage:
        geoms = simplify_communes(geoms)
    elif spec.geometry != "Point" and len(geoms) > LARGE_LAYER_FEATURES and \
            shapely.get_num_coordinates(np.asarray(geoms.values)).mean() > LARGE_LAYER_MIN_VERTICES:
        geoms = simplify_large(geoms)
    return round_coordinates(geoms)


def geometry_dicts(geoms: gpd.GeoSeries) -> list[dict | None]:
    """GeoJSON geometry objects, one per row."""
    return [
        None if g is None else json.loads(g)
        for g in shapely.to_geojson(np.asarray(geoms.values))
    ]


def records(gdf: gpd.GeoDataFrame) -> list[dict]:
    """The attributes of every feature as dicts, like ``to_dict("records")`` (same
    values and types) but built from whole columns: several times faster on
    string columns backed by Arrow."""
    df = gdf.drop(columns=gdf.geometry.name)
    keys = list(df.columns)
    if not keys:
        return [{} for _ in range(len(df))]
    return [dict(zip(keys, values)) for values in zip(*(df[c].tolist() for c in keys))]


def popup_and_tooltip(name: str, gdf: gpd.GeoDataFrame, lang: str,
                      commune_names: Mapping[str, str]) -> tuple[list[str], list[list[str]], list[list[str]]]:
    """Escaped id, tooltip pieces (joined, they make the tooltip) and popup pieces
    (:func:`popups.popup_parts`) of every feature."""
    spec = LAYERS[name]
    ids, tooltips, parts = [], [], []
    for row in records(gdf):
        if spec.tooltip_detail:
            tooltips.append([esc(feature_name(row, lang)), " (", esc(row.get(spec.tooltip_detail)), ")"])
        else:
            tooltips.append([esc(feature_name(row, lang))])
        ids.append(esc(row.get(spec.id_field)))
        parts.append(popup_parts(spec, row, lang, commune_names))
    return ids, tooltips, parts


@dataclass(frozen=True)
class PreparedLayer:
    """A whole layer ready for the map, indexed like its frame.

    ``source`` holds the layer's own geometry objects
    (to recognise its filtered copies), ``display`` the display geometry (:func:`display_geometries`),
    ``encoded`` the same in the compact form the map sends
    (:func:`pma_map.map.packed.encode_geometry`); ``ids`` are escaped text,
    ``tooltips`` lists of escaped pieces, ``popup_parts`` the escaped popup pieces; ``latlon`` the
    positions of a point layer (for clustering), else None.
    """

    name: str
    lang: str
    source: np.ndarray
    display: gpd.GeoSeries
    encoded: pd.Series
    ids: pd.Series
    tooltips: pd.Series
    popup_parts: pd.Series
    latlon: np.ndarray | None = None

    def covers(self, gdf: gpd.GeoDataFrame) -> bool:
        """Whether ``gdf`` is a filtered copy of the prepared layer (same rows, same geometry)."""
        return framecache.same_rows(self.source, self.ids.index, gdf) is not None

    def rows(self, gdf: gpd.GeoDataFrame) -> np.ndarray:
        """Positions in this layer of the rows of ``gdf`` (a filtered copy of it)."""
        return self.ids.index.get_indexer(gdf.index)


def prepare_layer(name: str, gdf: gpd.GeoDataFrame, lang: str,
                  commune_names: Mapping[str, str]) -> PreparedLayer:
    """Prepare a whole layer for the map (uncached: see :func:`cached_layer`)."""
    from pma_map.map.packed import encode_geometries

    spec = LAYERS[name]
    geoms = display_geometries(name, gdf)
    ids, tooltips, parts = popup_and_tooltip(name, gdf, lang, commune_names)
    latlon = None
    if spec.geometry == "Point":
        latlon = np.column_stack([shapely.get_y(geoms.values), shapely.get_x(geoms.values)])

    def series(values):
        return pd.Series(values, index=gdf.index, dtype=object)

    return PreparedLayer(name=name, lang=lang, source=np.asarray(gdf.geometry.values, dtype=object),
                         display=geoms,
                         encoded=series(encode_geometries(geoms.values)),
                         ids=series(ids), tooltips=series(tooltips), popup_parts=series(parts),
                         latlon=latlon)


def cached_layer(name: str, layer: gpd.GeoDataFrame, lang: str,
                 all_communes: gpd.GeoDataFrame) -> PreparedLayer:
    """The prepared layer, computed once per (layer frame, communes frame, language).

    ``layer`` and ``all_communes`` are the shared frames of the current
    versions (never filtered copies): a new version is a new frame, prepared anew.
    """
    def compute() -> PreparedLayer:
        names = dict(zip(all_communes["insee"].astype(str), all_communes["nom"]))
        return prepare_layer(name, layer, lang, names)

    return framecache.cached(("map_layer", name, lang), (layer, all_communes), compute)
