"""Showing the map with streamlit-folium: constant base map, overlays as feature groups."""

from __future__ import annotations

import folium
from branca.element import MacroElement
from folium.template import Template
from streamlit_folium import st_folium

from pma_map.map import basemap, mapscript, popup_files, static_layers
from pma_map.map.offline import localize
from pma_map.ui import paint

#: The scripts of folium's map our maps use: Leaflet, and jQuery (folium.Popup builds its HTML
#: with it: the searched place's label). Bootstrap's and awesome-markers' scripts serve folium.Icon
#: and plugins we do not draw; the stylesheets all stay (they load side by side, not in a chain).
MAP_SCRIPTS = ("leaflet", "jquery")


class FillFrame(MacroElement):
    """Inside the map's frame: the map takes the frame's whole height, whatever the frame's
    height is made by the page's CSS (the kiosk sizes it from the screen's height)."""

    _template = Template("""
        {% macro header(this, kwargs) %}
        <style>html, body { margin: 0; overflow: hidden; }
        #map_div { height: 100vh !important; }</style>
        {% endmacro %}
    """)

    def __init__(self):
        super().__init__()
        self._name = "FillFrame"


def show_map(filtered, lang: str, *, color_mode: str = "epci", all_communes=None,
             center=None, zoom=None, key: str = "map", height: int = 620, data=None,
             extra_groups=(), fill_frame: bool = False) -> dict:
    """Draw the map; pan and zoom never rerun the app (nothing is returned on them).

    ``data``: the unfiltered layers ``filtered`` comes from; with it each layer's
    geometry and popups are prepared once per version and reused on every rerun.
    ``extra_groups``: feature groups drawn above the layers (e.g. the finder's ranks).
    ``fill_frame``: the map fills its frame, whose height the page's CSS sets.
    """
    script_url = mapscript.script_url()  # the constant code as a cached file (None: inline)
    m = basemap.base_map(lang, script_url=script_url)
    if paint.enabled("lean_js"):
        # streamlit-folium loads the map's scripts one after the other before drawing anything.
        m.default_js = [(name, url) for name, url in m.default_js if name in MAP_SCRIPTS]
    if script_url is None:
        static_layers.FileLayerLoader().add_to(m)  # dense layers come as files, fetched once
    if fill_frame:
        FillFrame().add_to(m)
    m = localize(m)
    groups = [localize(g) for g in static_layers.overlays_with_files(
        filtered, lang, color_mode, all_communes, data=data, with_popup_files=popup_files.FILES)]
    groups += [localize(g) for g in extra_groups]
    control = localize(folium.LayerControl(collapsed=True))
    return st_folium(
        m,
        key=key,
        height=height,
        use_container_width=True,
        returned_objects=[],
        feature_group_to_add=groups,
        layer_control=control,
        center=center,
        zoom=zoom,
    )
