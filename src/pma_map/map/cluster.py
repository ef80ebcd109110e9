"""Point layers above ``CLUSTER_THRESHOLD`` features, drawn as marker clusters.

A GeoJSON layer of 100,000 points with their popups weighs tens of megabytes
and freezes a tablet. Above the threshold a point layer becomes a
Leaflet.markercluster group (the vendored plugin folium's ``MarkerCluster``
loads) built in the browser from a packed form (:mod:`pma_map.map.packed`): all
positions as one encoded run, each point's popup as indexes into a table of
distinct escaped pieces. Markers are added in chunks (``chunkedLoading``) and
a popup's HTML is assembled only when it opens, by ``packed.RENDER_POPUP_JS``,
the twin of :func:`pma_map.map.popups.render_popup`. No per-point tooltip: the
popup carries the name.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from folium.plugins import MarkerCluster
from folium.template import Template

from pma_map.catalogue import LAYERS
from pma_map.errors import PmaError
from pma_map.map.packed import Interner, encode_indexes, encode_ring

#: A point layer with more features than this is clustered.
CLUSTER_THRESHOLD = 2_000


def pack_cluster(key: str, latlon: np.ndarray, parts: Sequence[Sequence[str]]) -> dict:
    """``{key, xy, p, T}``: positions as one encoded run, popups as encoded table indexes."""
    if len(latlon) != len(parts):
        raise PmaError("cluster_popups")
    table = Interner()
    xy = np.column_stack([latlon[:, 1], latlon[:, 0]]) if len(latlon) else np.zeros((0, 2))
    return {"key": key, "xy": encode_ring(xy),
            "p": [encode_indexes(table.add_all(pieces)) for pieces in parts], "T": table.values}


class PackedCluster(MarkerCluster):
    """A marker cluster of circle markers, built in the browser from :func:`pack_cluster`."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = (function () {
            var c = {{ this.packed|tojson }}, opts = {{ this.style|tojson }};
            window.pmaTables[c.key] = {strings: c.T, styles: []};
            var pos = window.pmaRun(c.xy), markers = new Array(pos.length);
            var popup = function (layer) {
                return window.pmaRenderPopup(window.pmaPieces(c.key, layer.pmaP));
            };
            for (var i = 0; i < pos.length; i++) {
                var m = L.circleMarker([pos[i][1], pos[i][0]], opts);
                m.pmaP = c.p[i];
                m.bindPopup(popup, {maxWidth: window.pmaPopupWidth()});
                markers[i] = m;
            }
            var group = L.markerClusterGroup({{ this.options|tojavascript }});
            group.addLayers(markers);
            group.addTo({{ this._parent.get_name() }});
            return group;
        })();
        {% endmacro %}
    """)

    def __init__(self, packed: dict, style: dict, name: str | None = None, **options):
        super().__init__(name=name, **options)
        self._name = "PackedCluster"
        self.packed = packed
        self.style = style


def marker_style(name: str) -> dict:
    """The circle marker options of a point of layer ``name`` in a cluster."""
    spec = LAYERS[name]
    style = {k: v for k, v in spec.style.items() if k in ("color", "fillColor", "radius")}
    style.setdefault("radius", 8)
    style.update(fill=True, fillOpacity=0.9, weight=2)
    return style


def clustered_points(name: str, latlon: np.ndarray, parts: Sequence[Sequence[str]],
                     title: str) -> PackedCluster:
    """The clustered layer ``name``: one circle per point, popups packed."""
    return PackedCluster(pack_cluster(name, latlon, parts), marker_style(name), name=title,
                         chunkedLoading=True, disableClusteringAtZoom=18)
