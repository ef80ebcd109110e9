"""Showing the map with streamlit-folium: constant base map, overlays as feature groups."""

from __future__ import annotations

import folium
from streamlit_folium import st_folium

from pma_map.map import basemap, static_layers
from pma_map.map.offline import localize


def show_map(filtered, lang: str, *, color_mode: str = "epci", all_communes=None,
             center=None, zoom=None, key: str = "map", height: int = 620, data=None,
             extra_groups=()) -> dict:
    """Draw the map; pan and zoom never rerun the app (nothing is returned on them).

    ``data``: the unfiltered layers ``filtered`` comes from; with it each layer's
    geometry and popups are prepared once per version and reused on every rerun.
    ``extra_groups``: feature groups drawn above the layers (e.g. the finder's ranks).
    """
    m = basemap.base_map(lang)
    static_layers.FileLayerLoader().add_to(m)  # dense layers come as files, fetched once
    m = localize(m)
    groups = [localize(g) for g in static_layers.overlays_with_files(filtered, lang, color_mode,
                                                                    all_communes, data=data)]
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
