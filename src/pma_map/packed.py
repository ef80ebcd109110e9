"""Popups and styles sent once per layer, not once per feature.

A popup rendered in Python repeats its labels, source and precision note in
every feature: that made the map heavier than sending the raw properties.
Instead every feature carries the indexes of its (escaped) popup pieces in a
table of distinct strings sent once per layer, plus the index of its style;
the browser assembles a popup only when it opens (``RENDER_POPUP_JS``, the
twin of :func:`pma_map.mapview.render_popup`). Every piece is escaped in
Python before it enters the table.
"""

from __future__ import annotations

import json
from typing import Hashable, Sequence

from branca.element import MacroElement
from folium import JsCode
from folium.template import Template

#: Twin of ``mapview.render_popup``: same pieces in, same HTML out.
RENDER_POPUP_JS = """function (p) {
    var n = p.length, h = '<div class="pma-popup"><h4>' + p[0] + '</h4><p><em>' + p[1] + '</em></p>';
    if (p[2]) { h += '<p>' + p[2] + '</p>'; }
    h += '<table>';
    for (var i = 3; i < n - 2; i += 2) { h += '<tr><th>' + p[i] + '</th><td>' + p[i + 1] + '</td></tr>'; }
    return h + '</table><p class="' + p[n - 2] + '">' + p[n - 1] + '</p></div>'; }"""


class Interner:
    """A table of distinct values, each given the index of its first appearance."""

    def __init__(self) -> None:
        self._index: dict[Hashable, int] = {}
        self.values: list = []

    def add(self, value) -> int:
        key = json.dumps(value, sort_keys=True) if isinstance(value, dict) else value
        i = self._index.get(key)
        if i is None:
            i = self._index[key] = len(self.values)
            self.values.append(value)
        return i

    def add_all(self, values: Sequence) -> list[int]:
        return [self.add(v) for v in values]


def pack_popups(parts: Sequence[Sequence[str]]) -> tuple[list[str], list[list[int]]]:
    """A table of the distinct pieces, and each popup as indexes into it."""
    table = Interner()
    return table.values, [table.add_all(pieces) for pieces in parts]


def unpack_popup(table: Sequence[str], indexes: Sequence[int]) -> list[str]:
    """The pieces of one packed popup (what the browser does before rendering)."""
    return [table[i] for i in indexes]


class LayerTables(MacroElement):
    """Publishes a layer's string and style tables as ``window.pmaTables[key]``.

    Added to a feature group before the layer that reads them, so it runs first
    each time streamlit-folium (re)evaluates the group.
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
        window.pmaTables = window.pmaTables || {};
        window.pmaTables[{{ this.key|tojson }}] = {strings: {{ this.strings|tojson }},
                                                  styles: {{ this.styles|tojson }}};
        {% endmacro %}
    """)

    def __init__(self, key: str, strings: list[str], styles: list[dict]):
        super().__init__()
        self._name = "LayerTables"
        self.key = key
        self.strings = strings
        self.styles = styles


def on_each_feature(key: str) -> JsCode:
    """GeoJson ``onEachFeature``: style, tooltip and a popup built on opening from the tables."""
    k = json.dumps(key)
    return JsCode(f"""function (feature, layer) {{
        var tables = window.pmaTables[{k}], p = feature.properties || {{}}, T = tables.strings;
        if (p.s !== undefined) {{ p.style = tables.styles[p.s]; }}
        if (p.t !== undefined) {{ layer.bindTooltip(T[p.t], {{sticky: true}}); }}
        if (p.p) {{
            layer.bindPopup(function () {{
                return ({RENDER_POPUP_JS})(p.p.map(function (i) {{ return T[i]; }}));
            }}, {{maxWidth: 380}});
        }}
    }}""")
