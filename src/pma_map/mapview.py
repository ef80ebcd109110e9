"""The folium map: a constant base map, and overlays built from filtered layers.

The base map (tiles, position) never depends on filters, so streamlit-folium
keeps the same iframe; the filtered layers travel as feature groups. Every
attribute value that reaches HTML (tooltips, popups) is escaped here.
"""

from __future__ import annotations

import html
import math
from functools import lru_cache
from typing import Mapping

import folium
import geopandas as gpd
import pandas as pd
import xyzservices

from . import cluster, mapdata, packed
from .catalogue import ASSET_LAYERS, EPCI, EPCI_COLORS, LAYERS, LayerSpec, feature_name
from .filters import commune_codes
from .i18n import STRINGS, fmt_num, t

CENTER = (50.47, 2.80)
ZOOM = 10
DENSITY_COLORS = ("#f7fbff", "#c6dbef", "#6baed6", "#2171b5", "#08306b")
APPROX_DASH = "5 5"

IGN_WMTS = (
    "https://data.geopf.fr/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0"
    "&LAYER={layer}&STYLE=normal&TILEMATRIXSET=PM&FORMAT={fmt}"
    "&TILEMATRIX={{z}}&TILEROW={{y}}&TILECOL={{x}}"
)
IGN_ATTR = '© <a href="https://www.ign.fr/">IGN</a> – Géoplateforme'
OSM_LINK = '<a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>'
CARTO_ATTR = '© <a href="https://carto.com/attributions">CARTO</a>'

BASEMAPS = (
    # (i18n key, url template, credits OpenStreetMap, further attribution, max zoom)
    ("basemap.osm", "https://tile.openstreetmap.org/{z}/{x}/{y}.png", True, "", 19),
    ("basemap.light", "https://{s}.basemaps.cartocdn.com/light_all/{z}/{x}/{y}.png", True, CARTO_ATTR, 19),
    ("basemap.ign_plan", IGN_WMTS.format(layer="GEOGRAPHICALGRIDSYSTEMS.PLANIGNV2", fmt="image/png"),
     False, IGN_ATTR, 19),
    ("basemap.ign_ortho", IGN_WMTS.format(layer="ORTHOIMAGERY.ORTHOPHOTOS", fmt="image/jpeg"),
     False, IGN_ATTR, 19),
)


def attribution(osm: bool, extra: str, lang: str = "fr") -> str:
    """A basemap's credits in ``lang`` (the OpenStreetMap credit is worded per language)."""
    parts = [t("basemap.osm_attr", lang, link=OSM_LINK)] if osm else []
    return " ".join(parts + ([extra] if extra else []))


# Tooltip and popup are built in Python from escaped values and only bound here.
ON_EACH_FEATURE = folium.JsCode(
    """function (feature, layer) {
        var p = feature.properties || {};
        if (p._tooltip) { layer.bindTooltip(p._tooltip, {sticky: true}); }
        if (p._popup) { layer.bindPopup(p._popup, {maxWidth: 380}); }
    }"""
)


def esc(value) -> str:
    """A value as safe HTML text (attribute values are untrusted).

    Braces become HTML entities too: folium renders each element's script
    through Jinja again, so ``{{ ... }}`` in an attribute value would be
    evaluated on the server (or break the map).
    """
    text = html.escape("" if value is None else str(value), quote=True)
    return text.replace("{", "&#123;").replace("}", "&#125;")


def base_map(lang: str = "fr", *, location=CENTER, zoom: int = ZOOM) -> folium.Map:
    """The base map: basemaps and position only, identical on every rerun."""
    m = folium.Map(location=location, zoom_start=zoom, tiles=None, prefer_canvas=True,
                   control_scale=True)
    for i, (key, url, osm, extra, max_zoom) in enumerate(BASEMAPS):
        attr = attribution(osm, extra, lang)
        # A TileProvider, not the bare URL: folium would look the string up among
        # xyzservices' providers first, about 9 ms per layer on every rerun.
        provider = xyzservices.TileProvider(name=key, url=url, attribution=attr)
        folium.TileLayer(provider, name=t(key, lang), attr=attr, max_zoom=max_zoom,
                         show=(i == 0), overlay=False, control=True).add_to(m)
    packed.PackedDecoder().add_to(m)
    return m


# --- popups ---------------------------------------------------------------

def _is_missing(value) -> bool:
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _format_value(spec: LayerSpec, name: str, value, lang: str) -> str:
    f = spec.field(name)
    if _is_missing(value) or value == "":
        return esc(t("value.unpublished", lang))
    if f.type in ("float", "int"):
        decimals = 0 if f.type == "int" or float(value).is_integer() else 2
        return _number_text(float(value), lang, decimals)
    return esc(choice_text(name, value, lang))


def choice_text(field: str, value, lang: str) -> str:
    """A coded value in ``lang`` ("en service" → "In operation"); other text unchanged."""
    key = f"choice.{field}.{value}"
    return t(key, lang) if key in STRINGS else str(value)


@lru_cache(maxsize=65_536)
def _number_text(value: float, lang: str, decimals: int) -> str:
    """A number formatted by babel (slow: dense layers repeat values) and escaped."""
    return esc(fmt_num(value, lang, decimals))


def precision_text(precision: str, lang: str) -> str:
    return t("precision.approximate" if precision == "approximate" else "precision.surveyed", lang)


def popup_parts(spec: LayerSpec, row: Mapping, lang: str, commune_names: Mapping[str, str]) -> list[str]:
    """The pieces of a feature's popup, every one already escaped HTML.

    ``[name, layer title, description, label 1, value 1, ..., css class, precision]``:
    :func:`render_popup` (and its JavaScript twin for clustered points) joins them.
    """
    label = (lambda f: f.label_en) if lang == "en" else (lambda f: f.label_fr)
    skip = {"id", "nom", "nom_en", "source", "source_date", "precision", "insee", "insee_autres",
            "description", "description_en"}
    rows = []
    if "insee" in row and spec.name != "communes":
        names = ", ".join(commune_names.get(c, c) for c in commune_codes(row))
        rows.append((t("popup.communes", lang), esc(names)))
    for f in spec.fields:
        if f.name in skip or f.name not in row:
            continue
        if spec.name == "communes" and f.name in ("nom", "epci_nom", "epci_siren"):
            continue
        if lang == "en" and f.french_text:
            continue
        value = row.get(f.name)
        if f.type == "str" and (_is_missing(value) or value == ""):
            continue
        shown = _format_value(spec, f.name, value, lang)
        if spec.name == "communes" and f.name == "epci":
            shown = f"{shown} — {esc(row.get('epci_nom'))}"
        rows.append((esc(label(f)), shown))
    source = f"{esc(row.get('source'))} ({esc(row.get('source_date'))})"
    rows.append((t("popup.source", lang), source))
    precision = str(row.get("precision") or "")
    cls = "pma-approx" if precision == "approximate" else "pma-surveyed"
    desc = row.get("description_en") if lang == "en" else row.get("description")
    desc_html = esc(desc) if not _is_missing(desc) and desc else ""
    cells = [cell for pair in rows for cell in pair]
    return [esc(feature_name(row, lang)), esc(spec.title(lang)), desc_html, *cells, cls,
            esc(precision_text(precision, lang))]


def render_popup(parts: list[str]) -> str:
    """The popup HTML from :func:`popup_parts` (mirrored by ``cluster.RENDER_POPUP_JS``)."""
    name, title, desc, *cells, cls, precision = parts
    desc_html = f"<p>{desc}</p>" if desc else ""
    body = "".join(f"<tr><th>{cells[i]}</th><td>{cells[i + 1]}</td></tr>" for i in range(0, len(cells), 2))
    return (
        f'<div class="pma-popup" style="font-size:12px;line-height:1.3"><h4 style="margin:0 0 4px">{name}</h4>'
        f"<p><em>{title}</em></p>{desc_html}"
        f'<table>{body}</table><p class="{cls}">{precision}</p></div>'
    )


def popup_html(spec: LayerSpec, row: Mapping, lang: str, commune_names: Mapping[str, str]) -> str:
    """Details of one feature as HTML, every value escaped."""
    return render_popup(popup_parts(spec, row, lang, commune_names))


# --- overlays -------------------------------------------------------------

def density_classes(communes: gpd.GeoDataFrame) -> list[float]:
    """Upper bounds of five population-density classes (inhabitants per km²)."""
    density = communes["population"] / communes["superficie_km2"]
    if density.empty:
        return []
    qs = density.quantile([0.2, 0.4, 0.6, 0.8]).tolist()
    return [round(q, -1) if q > 100 else round(q) for q in qs] + [math.inf]


def commune_style(row: Mapping, color_mode: str, classes: list[float]) -> dict:
    base = dict(LAYERS["communes"].style)
    if color_mode == "density" and classes:
        density = row["population"] / row["superficie_km2"] if row["superficie_km2"] else 0
        idx = next(i for i, bound in enumerate(classes) if density <= bound)
        base.update(fillColor=DENSITY_COLORS[idx], fillOpacity=0.7)
    else:
        base.update(fillColor=EPCI_COLORS.get(row.get("epci"), "#999999"))
    return base


def feature_style(spec: LayerSpec, row: Mapping) -> dict:
    style = {k: v for k, v in spec.style.items() if k != "radius"}
    if row.get("precision") == "approximate" and spec.geometry != "Point":
        style["dashArray"] = APPROX_DASH
    return style


def _styles(name: str, gdf: gpd.GeoDataFrame, color_mode: str, classes: list[float] | None) -> list[dict]:
    """The style of every feature (asset styles only depend on the precision: shared dicts)."""
    spec = LAYERS[name]
    if name == "communes":
        cols = [c for c in ("population", "superficie_km2", "epci") if c in gdf.columns]
        return [commune_style(row, color_mode, classes or []) for row in gdf[cols].to_dict("records")]
    by_precision = {p: feature_style(spec, {"precision": p}) for p in ("approximate", "surveyed", None)}
    precision = gdf["precision"] if "precision" in gdf.columns else pd.Series(None, index=gdf.index)
    return [by_precision.get(p, by_precision[None]) for p in precision.tolist()]


def layer_geojson(name: str, gdf: gpd.GeoDataFrame, lang: str, commune_names: Mapping[str, str],
                  color_mode: str = "epci", classes: list[float] | None = None, *,
                  prepared: "mapdata.PreparedLayer | None" = None) -> dict:
    """The layer as plain GeoJSON: display geometry (rounded) plus only what is shown
    (``id``, ``_tooltip``, ``_popup`` HTML, ``style``). The map itself receives the
    lighter packed form (:func:`pma_map.packed.packed_collection`).
    """
    if prepared is None or not prepared.covers(gdf):
        prepared = mapdata.prepare_layer(name, gdf, lang, commune_names)
    rows = prepared.rows(gdf)
    geoms = mapdata.geometry_dicts(prepared.display.iloc[rows])
    features = []
    for i, g, style in zip(rows, geoms, _styles(name, gdf, color_mode, classes)):
        props = {"id": prepared.ids.iat[i], "_tooltip": "".join(prepared.tooltips.iat[i]),
                 "_popup": render_popup(prepared.popup_parts.iat[i]), "style": style}
        features.append({"type": "Feature", "geometry": g, "properties": props})
    return {"type": "FeatureCollection", "features": features}


def overlay_group(name: str, gdf: gpd.GeoDataFrame, lang: str, commune_names: Mapping[str, str],
                  color_mode: str = "epci", classes: list[float] | None = None, *,
                  prepared: "mapdata.PreparedLayer | None" = None) -> folium.FeatureGroup:
    """One feature group for layer ``name``, titled in ``lang``.

    The layer travels packed (:mod:`pma_map.packed`: compact coordinates,
    popups and styles as tables) and is expanded by the decoder of the base
    map; a point layer of more than ``cluster.CLUSTER_THRESHOLD`` features is
    clustered.
    """
    spec = LAYERS[name]
    group = folium.FeatureGroup(name=spec.title(lang), show=True)
    if gdf.empty:
        return group
    if prepared is None or not prepared.covers(gdf):
        prepared = mapdata.prepare_layer(name, gdf, lang, commune_names)
    rows = prepared.rows(gdf)
    if spec.geometry == "Point" and len(gdf) > cluster.CLUSTER_THRESHOLD:
        cluster.clustered_points(name, prepared.latlon[rows], prepared.popup_parts.iloc[rows].tolist(),
                                 spec.title(lang)).add_to(group)
        return group
    data = packed.packed_collection(
        name, prepared.ids.iloc[rows].tolist(), prepared.encoded.iloc[rows].tolist(),
        prepared.tooltips.iloc[rows].tolist(), prepared.popup_parts.iloc[rows].tolist(),
        _styles(name, gdf, color_mode, classes))
    marker = None
    if spec.geometry == "Point":
        marker = folium.CircleMarker(radius=spec.style.get("radius", 8), weight=2,
                                     fill=True, fill_opacity=0.9)
    folium.GeoJson(data, name=spec.title(lang), marker=marker,
                   on_each_feature=packed.ON_EACH_PACKED).add_to(group)
    return group


def overlays(filtered: Mapping[str, gpd.GeoDataFrame], lang: str = "fr",
             color_mode: str = "epci", all_communes: gpd.GeoDataFrame | None = None, *,
             data: Mapping[str, gpd.GeoDataFrame] | None = None) -> list[folium.FeatureGroup]:
    """Feature groups for the communes and every asset layer present in ``filtered``.

    ``data``: the unfiltered layers ``filtered`` comes from (the shared frames of
    the current versions). With it, geometry and popups are prepared once per
    layer version and reused on every rerun (:func:`pma_map.mapdata.prepared`).
    The groups travel packed: show them on a map made by :func:`base_map`
    (or :func:`full_map`), which carries their decoder.
    """
    communes = filtered["communes"]
    reference = all_communes if all_communes is not None else communes
    names = dict(zip(reference["insee"].astype(str), reference["nom"]))
    classes = density_classes(reference) if color_mode == "density" else None

    def ready(name: str):
        if data is None or name not in data:
            return None
        return mapdata.prepared(name, data[name], lang, reference)

    groups = [overlay_group("communes", communes, lang, names, color_mode, classes,
                            prepared=ready("communes"))]
    for name in ASSET_LAYERS:
        if name in filtered:
            groups.append(overlay_group(name, filtered[name], lang, names, prepared=ready(name)))
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


def bounds_of(gdf: gpd.GeoDataFrame) -> list[list[float]] | None:
    """[[south, west], [north, east]] of a frame, or None when it is empty."""
    if gdf.empty:
        return None
    minx, miny, maxx, maxy = gdf.total_bounds
    return [[float(miny), float(minx)], [float(maxy), float(maxx)]]


def epci_legend(lang: str) -> list[tuple[str, str]]:
    """(color, label) pairs of the agglomeration colours."""
    return [(EPCI_COLORS[code], f"{code} — {EPCI[code][0]}") for code in EPCI]


def density_legend(classes: list[float], lang: str) -> list[tuple[str, str]]:
    out, low = [], 0.0
    for color, high in zip(DENSITY_COLORS, classes):
        if math.isinf(high):
            label = t("legend.density_above", lang, low=fmt_num(low, lang))
        else:
            label = t("legend.density_range", lang, low=fmt_num(low, lang), high=fmt_num(high, lang))
        out.append((color, label))
        low = high
    return out


def view_for(bounds: list[list[float]] | None, width_px: int = 900,
             height_px: int = 600) -> tuple[tuple[float, float], int]:
    """Centre and the largest zoom (8 to 15) at which ``bounds`` fill at most 3/4 of a
    ``width_px`` × ``height_px`` map (Web Mercator: 256 px per 360° at zoom 0)."""
    if not bounds:
        return CENTER, ZOOM
    (s, w), (n, e) = bounds
    stretch = 1 / math.cos(math.radians((s + n) / 2))  # a degree of latitude is taller
    fit_x = 0.75 * width_px * 360 / 256 / max(e - w, 1e-6)
    fit_y = 0.75 * height_px * 360 / 256 / max((n - s) * stretch, 1e-6)
    zoom = int(max(8, min(15, math.floor(math.log2(min(fit_x, fit_y))))))
    return ((s + n) / 2, (w + e) / 2), zoom
