"""Frame a box in the browser, at the map's real size.

A centre and a zoom computed on the server assume a map size (the kiosk's
stops were computed for 1000 x 660 px): on a stand's 1920 x 1080 screen the
territory then filled less than half of the map. :class:`FitBounds`, added to a
feature group that streamlit-folium sends on a rerun, asks Leaflet to fit the
box to the map as it is on screen (``fitBounds``), once when the group arrives
and once more if the frame is resized while the page settles. The page must
then give ``st_folium`` no ``center``/``zoom`` of its own, or it would set its
view after this one.
"""

from __future__ import annotations

import json
import math

from branca.element import MacroElement
from folium.template import Template

#: Pixels kept free around the box (the zoom buttons and the layer control sit in the corners).
PADDING_PX = 24
#: Seconds after arriving during which a resize of the map fits the box again.
SETTLE_S = 2.0


class FitBounds(MacroElement):
    """Fit ``[[south, west], [north, east]]`` to the map, no closer than ``max_zoom``."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function () {
            var map = {{ this._parent._parent.get_name() }};
            var box = L.latLngBounds({{ this.bounds }});
            var options = {padding: [{{ this.padding }}, {{ this.padding }}], maxZoom: {{ this.max_zoom }},
                           animate: false};
            var fit = function () { map.invalidateSize(false); map.fitBounds(box, options); };
            fit();
            var until = Date.now() + {{ this.settle_ms }};
            var again = function () {
                if (Date.now() > until) { map.off('resize', again); return; }
                fit();
            };
            map.on('resize', again);
        })();
        {% endmacro %}
    """)

    def __init__(self, bounds, max_zoom: int = 18, padding: int = PADDING_PX, settle_s: float = SETTLE_S):
        super().__init__()
        self._name = "FitBounds"
        try:
            (south, west), (north, east) = bounds
            box = [[float(south), float(west)], [float(north), float(east)]]
        except (TypeError, ValueError):
            raise ValueError(f"FitBounds: a box [[south, west], [north, east]] is needed, not {bounds!r}") from None
        (s, w), (n, e) = box
        if not all(math.isfinite(v) for v in (s, w, n, e)) or s > n or w > e \
                or not (-90 <= s <= n <= 90 and -180 <= w <= e <= 180):
            raise ValueError(f"FitBounds: {box} is not a box in degrees (south <= north, west <= east)")
        self.bounds = json.dumps(box)
        self.max_zoom = int(max_zoom)
        self.padding = int(padding)
        self.settle_ms = int(settle_s * 1000)
