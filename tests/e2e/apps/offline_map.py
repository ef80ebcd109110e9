"""Minimal Streamlit app for tests/e2e/test_offline_map.py: a localized folium map.

A GeoJson polygon on the base map, three CircleMarkers in a FeatureGroup sent
through ``feature_group_to_add`` and a LayerControl, as the app's pages do.
"""

import folium
import streamlit as st
from streamlit_folium import st_folium

from pma_map.map.offline import localize

POLYGON = {
    "type": "Feature",
    "properties": {"nom": "Zone test"},
    "geometry": {
        "type": "Polygon",
        "coordinates": [
            [[2.70, 50.26], [2.86, 50.26], [2.86, 50.34], [2.70, 50.34], [2.70, 50.26]]
        ],
    },
}
POINTS = [(50.30, 2.60), (50.30, 2.95), (50.38, 2.78)]

st.set_page_config(page_title="offline map", layout="wide")
st.title("Offline map")

m = folium.Map(location=[50.31, 2.78], zoom_start=11)
folium.GeoJson(
    POLYGON,
    name="Zone",
    style_function=lambda _: {
        "color": "#0b6e4f", "weight": 3, "fillColor": "#0b6e4f", "fillOpacity": 0.5
    },
    tooltip=folium.GeoJsonTooltip(fields=["nom"]),
).add_to(m)

group = folium.FeatureGroup(name="Points")
for lat, lon in POINTS:
    folium.CircleMarker(
        (lat, lon), radius=10, color="#c0392b", fill=True, fill_opacity=0.9
    ).add_to(group)

localize(m)
localize(group)
st_folium(
    m,
    key="offline_map",
    height=600,
    use_container_width=True,
    feature_group_to_add=group,
    layer_control=folium.LayerControl(collapsed=False),
    returned_objects=[],
)
