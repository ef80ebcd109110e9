"""Point layers above ``CLUSTER_THRESHOLD`` features, drawn as marker clusters.

A GeoJSON layer of 100,000 points with their popups weighs tens of megabytes
and freezes a tablet. Above the threshold a point layer becomes a
``FastMarkerCluster``: each point travels as ``[lat, lon, [i, j, ...]]`` where
the numbers index a table of distinct popup pieces (labels, sources and
repeated values are sent once), and the popup HTML is assembled in the browser
only when a point is clicked, by ``RENDER_POPUP_JS``, the twin of
:func:`pma_map.mapview.render_popup`. Every piece is escaped in Python before
it reaches the table, like every other popup.
"""

from __future__ import annotations

import json
from typing import Sequence

import numpy as np
from folium.plugins import FastMarkerCluster

from .catalogue import LAYERS

#: A point layer with more features than this is clustered.
CLUSTER_THRESHOLD = 2_000

#: Twin of ``mapview.render_popup``: same pieces in, same HTML out.
RENDER_POPUP_JS = """function (p) {
    var n = p.length, h = '<div class="pma-popup"><h4>' + p[0] + '</h4><p><em>' + p[1] + '</em></p>';
    if (p[2]) { h += '<p>' + p[2] + '</p>'; }
    h += '<table>';
    for (var i = 3; i < n - 2; i += 2) { h += '<tr><th>' + p[i] + '</th><td>' + p[i + 1] + '</td></tr>'; }
    return h + '</table><p class="' + p[n - 2] + '">' + p[n - 1] + '</p></div>';
}"""


def pack_popups(parts: Sequence[Sequence[str]]) -> tuple[list[str], list[list[int]]]:
    """A table of the distinct pieces, and each popup as indexes into it."""
    table: dict[str, int] = {}
    rows = []
    for pieces in parts:
        rows.append([table.setdefault(p, len(table)) for p in pieces])
    return list(table), rows


def unpack_popup(table: Sequence[str], indexes: Sequence[int]) -> list[str]:
    """The pieces of one packed popup (what the browser does before rendering)."""
    return [table[i] for i in indexes]


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

