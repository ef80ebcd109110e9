"""Point layers above ``CLUSTER_THRESHOLD`` features, drawn as marker clusters.

A GeoJSON layer of 100,000 points with their popups weighs tens of megabytes
and freezes a tablet. Above the threshold a point layer becomes a
``FastMarkerCluster``: each point travels as ``[lat, lon, [i, j, ...]]`` where
the numbers index a table of distinct popup pieces (labels, sources and
repeated values are sent once), and the popup HTML is assembled in the browser
only when a point is clicked, by ``packed.RENDER_POPUP_JS``, the twin of
:func:`pma_map.mapview.render_popup`. Every piece is escaped in Python before
it reaches the table, like every other popup.
"""

from __future__ import annotations

import json
from typing import Sequence

import numpy as np
from folium.plugins import FastMarkerCluster

from .catalogue import LAYERS
from .packed import RENDER_POPUP_JS, pack_popups

#: A point layer with more features than this is clustered.
CLUSTER_THRESHOLD = 2_000

def _callback(table: list[str], style: dict, tooltip: bool) -> str:
    """The per-point JavaScript of FastMarkerCluster: a circle marker with a lazy popup."""
    table_json = json.dumps(table, ensure_ascii=True).replace("</", "<\\/")
    opts = json.dumps({**style, "fill": True, "fillOpacity": 0.9, "weight": 2})
    bind_tooltip = "m.bindTooltip(T[row[2][0]], {sticky: true});" if tooltip else ""
    return f"""(function () {{
        var T = {table_json};
        var render = {RENDER_POPUP_JS};
        var opts = {opts};
        return function (row) {{
            var m = L.circleMarker(new L.LatLng(row[0], row[1]), opts);
            m.bindPopup(function () {{
                return render(row[2].map(function (i) {{ return T[i]; }}));
            }}, {{maxWidth: 380}});
            {bind_tooltip}
            return m;
        }};
    }})()"""


def clustered_points(name: str, latlon: np.ndarray, parts: Sequence[Sequence[str]],
                     title: str) -> FastMarkerCluster:
    """A FastMarkerCluster of layer ``name``: one circle per point, popups packed."""
    if len(latlon) != len(parts):
        raise ValueError("Chaque point doit avoir sa fenêtre d'information (popup).")
    spec = LAYERS[name]
    table, rows = pack_popups(parts)
    data = [[float(lat), float(lon), idx] for (lat, lon), idx in zip(latlon, rows)]
    style = {k: v for k, v in spec.style.items() if k in ("color", "fillColor", "radius")}
    style.setdefault("radius", 8)
    callback = _callback(table, style, tooltip=len(rows) <= 20_000)
    return FastMarkerCluster(data, callback=callback, name=title, chunkedLoading=True,
                             disableClusteringAtZoom=18)

