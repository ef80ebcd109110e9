"""Overlays: one folium feature group per filtered layer, and the standalone map.

The filtered layers travel as feature groups swapped in place on a rerun
(the base map of :mod:`pma_map.map.basemap` stays). Geometry and popups are
prepared once per layer version (:mod:`pma_map.map.prepare`); every attribute
value that reaches HTML is escaped there.
"""

from __future__ import annotations

from collections.abc import Mapping

import folium
import geopandas as gpd

from pma_map.catalogue import ASSET_LAYERS, LAYERS
from pma_map.map import cluster, packed, popup_files, prepare
from pma_map.map.basemap import base_map
from pma_map.map.styles import density_classes, styles


def overlay_group(name: str, gdf: gpd.GeoDataFrame, lang: str, commune_names: Mapping[str, str],
                  color_mode: str = "epci", classes: list[float] | None = None, *,
                  whole: prepare.PreparedLayer | None = None,
                  popup_file: popup_files.PopupFile | None = None) -> folium.FeatureGroup:
    """One feature group for layer ``name``, titled in ``lang``.

    The layer travels packed (:mod:`pma_map.map.packed`: compact coordinates,
    popups and styles as tables) and is expanded by the decoder of the base
    map; a point layer of more than ``cluster.CLUSTER_THRESHOLD`` features is
    clustered. ``whole``: the whole layer prepared for the map
    (:func:`prepare.cached_layer`), of which ``gdf`` is a filtered copy; without
    it (or if ``gdf`` is not such a copy) ``gdf`` is prepared now. ``popup_file``: the popups of
    ``whole`` as a file (:mod:`pma_map.map.popup_files`), sent as its address instead of inline.
    """
    spec = LAYERS[name]
    group = folium.FeatureGroup(name=spec.title(lang), show=True)
    if gdf.empty:
        return group
    if whole is None or not whole.covers(gdf):
        whole = prepare.prepare_layer(name, gdf, lang, commune_names)
        popup_file = None  # the file numbers the rows of another frame
    rows = whole.rows(gdf)
    if spec.geometry == "Point" and len(gdf) > cluster.CLUSTER_THRESHOLD:
        cluster.clustered_points(name, whole.latlon[rows], whole.popup_parts.iloc[rows].tolist(),
                                 spec.title(lang)).add_to(group)
        return group
    if popup_file is not None:
        data = packed.packed_collection(
            name, whole.ids.iloc[rows].tolist(), whole.encoded.iloc[rows].tolist(),
            whole.tooltips.iloc[rows].tolist(), None, styles(name, gdf, color_mode, classes),
            popup_url=popup_file.url, rows=rows.tolist())
    else:
        data = packed.packed_collection(
            name, whole.ids.iloc[rows].tolist(), whole.encoded.iloc[rows].tolist(),
            whole.tooltips.iloc[rows].tolist(), whole.popup_parts.iloc[rows].tolist(),
            styles(name, gdf, color_mode, classes))
    marker = None
    if spec.geometry == "Point":
        marker = folium.CircleMarker(radius=spec.style.get("radius", 8), weight=2,
                                     fill=True, fill_opacity=0.9)
    folium.GeoJson(data, name=spec.title(lang), marker=marker,
                   on_each_feature=packed.ON_EACH_PACKED).add_to(group)
    return group


def overlays(filtered: Mapping[str, gpd.GeoDataFrame], lang: str = "fr",
             color_mode: str = "epci", all_communes: gpd.GeoDataFrame | None = None, *,
             data: Mapping[str, gpd.GeoDataFrame] | None = None,
             with_popup_files: bool = False) -> list[folium.FeatureGroup]:
    """Feature groups for the communes and every asset layer present in ``filtered``.

    ``data``: the unfiltered layers ``filtered`` comes from (the shared frames of
    the current versions). With it, geometry and popups are prepared once per
    layer version and reused on every rerun (:func:`pma_map.map.prepare.cached_layer`).
    The groups travel packed: show them on a map made by :func:`base_map`
    (or :func:`full_map`), which carries their decoder. ``with_popup_files`` (with ``data``): each
    layer's popups as the file of its version (:mod:`pma_map.map.popup_files`), fetched by the
    browser on the first popup, instead of inline (the app's map; a standalone map keeps them inline).
    """
    communes = filtered["communes"]
    reference = all_communes if all_communes is not None else communes
    names = dict(zip(reference["insee"].astype(str), reference["nom"]))
    classes = density_classes(reference) if color_mode == "density" else None

    def whole_layer(name: str) -> prepare.PreparedLayer | None:
        if data is None or name not in data:
            return None
        return prepare.cached_layer(name, data[name], lang, reference)

    def popup_file(name: str) -> popup_files.PopupFile | None:
        if not with_popup_files or data is None or name not in data or filtered[name].empty:
            return None
        try:
            return popup_files.cached_popup_file(name, data[name], lang, reference)
        except OSError:  # static folder not writable: the popups stay inline
            return None

    groups = [overlay_group("communes", communes, lang, names, color_mode, classes,
                            whole=whole_layer("communes"), popup_file=popup_file("communes"))]
    for name in ASSET_LAYERS:
        if name in filtered:
            groups.append(overlay_group(name, filtered[name], lang, names, whole=whole_layer(name),
                                        popup_file=popup_file(name)))
    return groups


def full_map(filtered: Mapping[str, gpd.GeoDataFrame], lang: str = "fr", color_mode: str = "epci",
             all_communes: gpd.GeoDataFrame | None = None, *,
             data: Mapping[str, gpd.GeoDataFrame] | None = None) -> folium.Map:
    """A standalone map with every overlay and a layer control (for export and tests)."""
    m = base_map(lang)
    for group in overlays(filtered, lang, color_mode, all_communes, data=data):
        group.add_to(m)
    folium.LayerControl(collapsed=False).add_to(m)
    return m


