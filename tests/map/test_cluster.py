"""Dense point layers are clustered and keep their popups, escaped."""

import re

import geopandas as gpd
import numpy as np
from shapely.geometry import Point

from pma_map.catalogue import LAYERS
from pma_map.filters import Filters, apply_filters
from pma_map.map import cluster, overlays, popups
from pma_map.map.packed import decode_ints, decode_ring

EVIL = '<img src=x onerror="alert(1)">'


def many_points(n: int) -> gpd.GeoDataFrame:
    rng = np.random.default_rng(1)
    rows = [{"id": f"pt-{i}", "nom": f"{EVIL} {i}", "insee": "62001", "insee_autres": None,
             "description": None, "description_en": None, "source": "test", "source_date": "2022",
             "precision": "approximate",
             "production_gwh_an": float(i % 7), "puissance_mwc": None, "statut": "en service",
             "mise_en_service": None, "historique": None} for i in range(n)]
    xy = rng.uniform((2.70, 50.40), (2.85, 50.45), size=(n, 2))
    gdf = gpd.GeoDataFrame(rows, geometry=[Point(x, y) for x, y in xy], crs="EPSG:4326")
    return gdf[list(LAYERS["sites_solaires"].field_names) + ["geometry"]]


def test_dense_point_layer_is_clustered_with_escaped_popups(tiny_data):
    """Above the threshold the points become a marker cluster; names stay escaped text."""
    data = dict(tiny_data)
    data["sites_solaires"] = many_points(cluster.CLUSTER_THRESHOLD + 1)
    html = overlays.full_map(apply_filters(data, Filters()), "fr", data=data).get_root().render()
    html = re.sub(r"\\u([0-9a-fA-F]{4})", lambda g: chr(int(g.group(1), 16)), html)
    assert "markerClusterGroup" in html and "bindPopup" in html
    assert "leaflet.markercluster" in html
    assert EVIL not in html
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt; 17" in html


def test_below_threshold_points_are_not_clustered(tiny_data):
    """A small point layer stays a plain layer (no clustering)."""
    html = overlays.full_map(apply_filters(tiny_data, Filters()), "fr").get_root().render()
    assert "markerClusterGroup" not in html


def test_packed_cluster_keeps_each_point_and_its_popup(popup_html):
    """Each clustered point's packed position and popup rebuild its place and its popup HTML."""
    gdf = many_points(50)
    spec = LAYERS["sites_solaires"]
    rows = gdf.drop(columns="geometry").to_dict("records")
    parts = [popups.popup_parts(spec, r, "fr", {"62001": "Alpha"}) for r in rows]
    latlon = np.column_stack([gdf.geometry.y.round(6), gdf.geometry.x.round(6)])
    packed = cluster.pack_cluster("sites_solaires", latlon, parts)
    assert len(packed["T"]) < sum(len(p) for p in parts) / 2, "labels and sources are sent once"
    positions = decode_ring(packed["xy"])
    for row, code, (lon, lat), (want_lat, want_lon) in zip(rows, packed["p"], positions, latlon):
        pieces = [packed["T"][i] for i in np.cumsum(decode_ints(code))]
        assert popups.render_popup(pieces) == popup_html(spec, row, "fr", {"62001": "Alpha"})
        assert abs(lat - want_lat) < 1e-9 and abs(lon - want_lon) < 1e-9
