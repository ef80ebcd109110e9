"""The base map: basemaps with their credits, and the packed-layer decoder.

It never depends on the filters, so streamlit-folium keeps the same iframe
across reruns. A basemap seeded on this machine (``pma-map tiles seed``) is
read from the app's own copies first and shown by default, so the map keeps a
full background with no network (see :mod:`pma_map.map.seededtiles`).
"""

from __future__ import annotations

import folium
import xyzservices
from branca.element import MacroElement
from jinja2 import Template

from pma_map.i18n import t
from pma_map.map import packed
from pma_map.map.seededtiles import SeededTileLayer
from pma_map.map.view import CENTER, ZOOM
from pma_map.tiles.local import seeded
from pma_map.tiles.sources import IGN_WMTS

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


class MetricScale(MacroElement):
    """Leaflet's scale bar in kilometres only (folium's ``control_scale`` adds miles too)."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        L.control.scale({imperial: false}).addTo({{ this._parent.get_name() }});
        {% endmacro %}
    """)


def base_map(lang: str = "fr", *, location=CENTER, zoom: int = ZOOM, script_url: str | None = None) -> folium.Map:
    """The base map: basemaps and position only, identical on every rerun.

    ``script_url``: the constant code as a static file the map's frame loads
    (:func:`pma_map.map.mapscript.script_url`); without it the code is inline."""
    m = folium.Map(location=location, zoom_start=zoom, tiles=None, prefer_canvas=True)
    MetricScale().add_to(m)
    local = seeded()
    names = [key.split(".", 1)[1] for key, *_ in BASEMAPS]
    shown = next((i for i, name in enumerate(names) if name in local), 0)
    for i, (key, url, osm, extra, max_zoom) in enumerate(BASEMAPS):
        attr = attribution(osm, extra, lang)
        info = local.get(names[i])
        if info is not None:
            SeededTileLayer(info.url, url, info.min_zoom, info.max_zoom, name=t(key, lang), attr=attr,
                            max_zoom=max_zoom, show=(i == shown), overlay=False, control=True).add_to(m)
            continue
        # A TileProvider, not the bare URL: folium would look the string up among
        # xyzservices' providers first, about 9 ms per layer on every rerun.
        provider = xyzservices.TileProvider(name=key, url=url, attribution=attr)
        folium.TileLayer(provider, name=t(key, lang), attr=attr, max_zoom=max_zoom,
                         show=(i == shown), overlay=False, control=True).add_to(m)
    packed.PackedDecoder(script_url).add_to(m)
    return m
