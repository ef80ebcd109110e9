"""Markers drawn above the layers: ranks of the sites found, the site of a shared link."""

from __future__ import annotations

from collections.abc import Sequence

import folium
import geopandas as gpd

from pma_map.geo import wgs84_points
from pma_map.i18n import t
from pma_map.invest.finder import Match
from pma_map.text import esc

MARKER_COLOR = "#6a1b9a"


def rank_points(matches: Sequence[Match], zones: gpd.GeoDataFrame) -> list[tuple[Match, float, float]]:
    """(match, lat, lon) of each match, at a point inside its zone (computed in Lambert-93)."""
    by_id = zones.set_index(zones["id"].astype(str))
    ids = [m.id for m in matches if m.id in by_id.index]
    if not ids:
        return []
    pts = wgs84_points(by_id.loc[ids])
    where = dict(zip(ids, pts))
    return [(m, where[m.id].y, where[m.id].x) for m in matches if m.id in where]


def rank_group(matches: Sequence[Match], zones: gpd.GeoDataFrame, lang: str) -> folium.FeatureGroup:
    """A feature group of numbered markers (rank of each site), names escaped."""
    group = folium.FeatureGroup(name=t("invest.rank_layer", lang), show=True)
    for m, lat, lon in rank_points(matches, zones):
        html = (f'<div style="background:{MARKER_COLOR};color:#fff;border:2px solid #fff;'
                f'border-radius:50%;width:26px;height:26px;line-height:22px;text-align:center;'
                f'font:bold 13px sans-serif;box-shadow:0 1px 3px rgba(0,0,0,.5)">{int(m.rank)}</div>')
        folium.Marker(
            (lat, lon),
            icon=folium.DivIcon(html=html, icon_size=(26, 26), icon_anchor=(13, 13)),
            tooltip=folium.Tooltip(esc(f"{t('invest.rank', lang, rank=m.rank)} · {m.nom}")),
        ).add_to(group)
    return group


def site_group(lat: float, lon: float, label: str, lang: str) -> folium.FeatureGroup:
    """A ring around the site a shared link (QR code of a site sheet) points to."""
    return rings_group([(lat, lon, label)], t("invest.site_layer", lang))


def rings_group(sites, name: str) -> folium.FeatureGroup:
    """A layer ``name`` with a ring around each ``(lat, lon, label)`` site, labels escaped.

    A site given as ``(lat, lon, label, outline)`` with a GeoJSON polygon is outlined instead:
    a ring at a zone's point would frame whatever marker stands there.
    """
    group = folium.FeatureGroup(name=esc(name), show=True)
    html = (f'<div style="width:44px;height:44px;border:4px solid {MARKER_COLOR};border-radius:50%;'
            f'box-shadow:0 0 0 3px #fff"></div>')
    for lat, lon, label, *rest in sites:
        outline = rest[0] if rest else None
        if outline:
            folium.GeoJson({"type": "Feature", "geometry": outline, "properties": {}},
                           style_function=lambda _: {"color": MARKER_COLOR, "weight": 5, "fill": False},
                           tooltip=folium.Tooltip(esc(label))).add_to(group)
            continue
        folium.Marker((lat, lon), icon=folium.DivIcon(html=html, icon_size=(44, 44), icon_anchor=(22, 22)),
                      tooltip=folium.Tooltip(esc(label))).add_to(group)
    return group


def place_group(place, data, lang: str) -> folium.FeatureGroup:
    """The searched place highlighted: its outline (a commune) or a ring (a site), its name always
    shown, and a popup linking to the page of its commune. Names escaped."""
    from pma_map.map.popups import commune_link
    from pma_map.search import commune_of

    group = folium.FeatureGroup(name=esc(t("search.highlight_layer", lang)), show=True)
    if place.layer == "communes":
        communes = data["communes"]
        shape = communes.loc[communes["insee"].astype(str) == place.key, ["geometry"]]
        if not shape.empty:
            folium.GeoJson(shape.__geo_interface__, interactive=False,
                           style_function=lambda _: {"color": MARKER_COLOR, "weight": 5, "fill": False,
                                                     "dashArray": None}).add_to(group)
    else:
        html = (f'<div style="width:44px;height:44px;border:4px solid {MARKER_COLOR};border-radius:50%;'
                f'box-shadow:0 0 0 3px #fff"></div>')
        folium.Marker((place.lat, place.lon), interactive=False,
                      icon=folium.DivIcon(html=html, icon_size=(44, 44), icon_anchor=(22, 22))).add_to(group)
    insee = commune_of(place, data)
    names = dict(zip(data["communes"]["insee"].astype(str), data["communes"]["nom"]))
    body = f'<div class="pma-popup"><h4 style="margin:0 0 4px">{esc(place.name or place.label)}</h4>'
    if insee in names:
        body += f"<p>{commune_link(insee, names[insee], lang)}</p>"
    label = (f'<div class="pma-place-label" style="background:{MARKER_COLOR};color:#fff;padding:2px 6px;'
             f'border-radius:3px;font:bold 13px sans-serif;white-space:nowrap;transform:translate(-50%,-150%);'
             f'display:inline-block;box-shadow:0 1px 3px rgba(0,0,0,.5)">{esc(place.name or place.label)}</div>')
    folium.Marker((place.lat, place.lon), icon=folium.DivIcon(html=label, icon_size=(0, 0), icon_anchor=(0, 0)),
                  popup=folium.Popup(body + "</div>", max_width=380)).add_to(group)
    return group
