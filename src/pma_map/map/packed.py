"""The compact form in which a layer travels to the map, and its browser decoder.

Measured against plain GeoJSON (benchmarks/README.md), two things made the map
heavy: coordinates written out in full, and popups that repeat their labels,
source and precision note in every feature (heavier than the raw properties).
So each layer is sent as one object (:func:`packed_collection`):

- geometry: every run of positions as integer deltas of 1e-6 degree, written
  with the varint scheme of Google's polylines in a 64-character alphabet
  (:func:`encode_geometry`), about a third of the JSON size;
- popups and tooltips: the indexes of their escaped pieces in a table of
  distinct strings sent once per layer; styles likewise.

``DECODER_JS``, added once to the base map (:class:`PackedDecoder`: constant,
so the iframe is never remounted), expands it into GeoJSON features inside
Leaflet's ``addData`` and renders a popup only when it opens
(``RENDER_POPUP_JS``, the twin of :func:`pma_map.map.popups.render_popup`). Every
piece is escaped in Python before it enters a table. The Python decoders here
mirror the JavaScript for the tests.
"""

from __future__ import annotations

import json
import re
from collections.abc import Hashable, Sequence

import numpy as np
import shapely
from branca.element import MacroElement
from folium import JsCode
from folium.elements import JSCSSMixin
from folium.template import Template

from pma_map.errors import PmaError

#: Twin of ``popups.render_popup``: same pieces in, same HTML out.
RENDER_POPUP_JS = """function (p) {
    var n = p.length, h = '<div class="pma-popup" style="font-size:12px;line-height:1.3">'
        + '<h4 style="margin:0 0 4px">' + p[0] + '</h4><p><em>' + p[1] + '</em></p>';
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


# --- compact geometry ----------------------------------------------------------

#: Coordinates travel as integers of 1e-6 degree (``prepare.COORD_DECIMALS``).
SCALE = 1_000_000
#: 64 characters, one per 6-bit value (no quote, backslash, brace, ``%``, ``#``, ``<``, ``&``).
ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
_ALPHABET_INDEX = {c: i for i, c in enumerate(ALPHABET)}
#: Each run starts as an offset from here (the middle of the territory, in 1e-6 degree):
#: smaller numbers, fewer characters.
ORIGIN = (2_750_000, 50_500_000)


def encode_ints(values) -> str:
    """Signed integers as text: zigzag, then 5 bits per character with a continuation bit
    (as Google's polylines), in an alphabet that needs no escaping in JSON, HTML or
    the Jinja templates folium renders through."""
    out = []
    for v in values:
        z = int(v) * 2 if v >= 0 else -int(v) * 2 - 1
        while z >= 0x20:
            out.append(ALPHABET[0x20 | (z & 0x1F)])
            z >>= 5
        out.append(ALPHABET[z])
    return "".join(out)


def decode_ints(text: str) -> list[int]:
    """Inverse of :func:`encode_ints` (the browser runs the same in ``DECODER_JS``)."""
    out, z, shift = [], 0, 0
    for ch in text:
        b = _ALPHABET_INDEX[ch]
        z |= (b & 0x1F) << shift
        shift += 5
        if b < 0x20:
            out.append(-(z + 1) // 2 if z & 1 else z // 2)
            z, shift = 0, 0
    return out


def encode_ring(coords: np.ndarray) -> str:
    """A run of (x, y) positions: deltas of 1e-6 degree, x and y interleaved."""
    q = np.round(np.asarray(coords)[:, :2] * SCALE).astype(np.int64)
    deltas = np.diff(q, axis=0, prepend=np.array([ORIGIN], dtype=np.int64))
    return encode_ints(deltas.ravel().tolist())


def decode_ring(text: str) -> list[list[float]]:
    values = decode_ints(text)
    (x, y), out = ORIGIN, []
    for i in range(0, len(values), 2):
        x += values[i]
        y += values[i + 1]
        out.append([x / SCALE, y / SCALE])
    return out


def _polygon(g) -> list[str]:
    return [encode_ring(shapely.get_coordinates(g.exterior))] + [
        encode_ring(shapely.get_coordinates(r)) for r in g.interiors]


def encode_geometry(g) -> list | None:
    """``[type, parts]``: the geometry with every run of positions encoded (see DECODER_JS)."""
    if g is None or g.is_empty:
        return None
    kind = g.geom_type
    if kind in ("Point", "LineString"):
        return [kind, encode_ring(shapely.get_coordinates(g))]
    if kind == "Polygon":
        return [kind, _polygon(g)]
    if kind == "MultiLineString":
        return [kind, [encode_ring(shapely.get_coordinates(line)) for line in g.geoms]]
    if kind == "MultiPolygon":
        return [kind, [_polygon(p) for p in g.geoms]]
    if kind == "MultiPoint":
        return [kind, encode_ring(shapely.get_coordinates(g))]
    raise PmaError("unsupported_geometry", kind=kind)


_ALPHABET_CODES = np.frombuffer(ALPHABET.encode("ascii"), dtype=np.uint8)


def encode_int_array(values: np.ndarray) -> tuple[str, np.ndarray]:
    """:func:`encode_ints` for a whole array at once: the text and each value's length in it."""
    v = np.asarray(values, dtype=np.int64)
    z = np.where(v >= 0, v * 2, -v * 2 - 1).astype(np.uint64)
    lengths = np.ones(len(z), dtype=np.int64)
    rest = z >> np.uint64(5)
    while rest.any():
        lengths += rest > 0
        rest >>= np.uint64(5)
    if not len(z):
        return "", lengths
    k = np.arange(int(lengths.max()))
    groups = (z[:, None] >> (np.uint64(5) * k[None, :].astype(np.uint64))) & np.uint64(31)
    codes = groups.astype(np.int64) + 32 * (k[None, :] < lengths[:, None] - 1)
    chars = _ALPHABET_CODES[codes[k[None, :] < lengths[:, None]]]
    return chars.tobytes().decode("ascii"), lengths


def encode_geometries(values) -> list:
    """:func:`encode_geometry` of every geometry; polygons all at once (vectorised)."""
    values = np.asarray(values, dtype=object)
    out: list = [None] * len(values)
    types = shapely.get_type_id(values)
    polygonal = np.flatnonzero(np.isin(types, (3, 6)) & ~shapely.is_empty(values))
    for i in np.flatnonzero(~np.isin(np.arange(len(values)), polygonal)):
        out[i] = encode_geometry(values[i])
    if not len(polygonal):
        return out
    parts, part_geom = shapely.get_parts(values[polygonal], return_index=True)
    rings, ring_part = shapely.get_rings(parts, return_index=True)
    coords, coord_ring = shapely.get_coordinates(rings, return_index=True)
    q = np.round(coords * SCALE).astype(np.int64)
    deltas = np.empty_like(q)
    deltas[1:] = q[1:] - q[:-1]
    starts = np.r_[0, np.flatnonzero(coord_ring[1:] != coord_ring[:-1]) + 1] if len(q) else []
    deltas[starts] = q[starts] - np.array(ORIGIN, dtype=np.int64)
    text, lengths = encode_int_array(deltas.ravel())
    per_coord = lengths.reshape(-1, 2).sum(axis=1)
    ring_chars = np.bincount(coord_ring, weights=per_coord, minlength=len(rings)).astype(np.int64)
    ends = np.cumsum(ring_chars)
    by_part: list[list[str]] = [[] for _ in range(len(parts))]
    for part, start, end in zip(ring_part.tolist(), (ends - ring_chars).tolist(), ends.tolist()):
        by_part[part].append(text[start:end])
    for part, g in zip(by_part, part_geom.tolist()):
        i = polygonal[g]
        if types[i] == 3:
            out[i] = ["Polygon", part]
        elif out[i] is None:
            out[i] = ["MultiPolygon", [part]]
        else:
            out[i][1].append(part)
    return out


def decode_geometry(packed: list) -> dict:
    """GeoJSON geometry of :func:`encode_geometry`'s output (what ``DECODER_JS`` does)."""
    kind, parts = packed
    if kind == "Point":
        return {"type": kind, "coordinates": decode_ring(parts)[0]}
    if kind in ("LineString", "MultiPoint"):
        return {"type": kind, "coordinates": decode_ring(parts)}
    if kind in ("Polygon", "MultiLineString"):
        return {"type": kind, "coordinates": [decode_ring(r) for r in parts]}
    return {"type": kind, "coordinates": [[decode_ring(r) for r in p] for p in parts]}


# The browser decoder, a Jinja template filled below (the alphabet as a JSON string, the
# origin of the coordinate deltas, the popup renderer): no text replacement in code.
_DECODER_TEMPLATE = """
(function () {
    if (window.pmaDecode) { return; }
    var A = {{ alphabet | tojson }}, V = [];
    for (var k = 0; k < A.length; k++) { V[A.charCodeAt(k)] = k; }
    function ints(s) {
        var out = [], z = 0, f = 1, b;
        for (var i = 0; i < s.length; i++) {
            b = V[s.charCodeAt(i)];
            z += (b & 31) * f; f *= 32;
            if (b < 32) { out.push(z % 2 ? -(z + 1) / 2 : z / 2); z = 0; f = 1; }
        }
        return out;
    }
    function run(s) {
        var v = ints(s), c = [], x = {{ origin[0] }}, y = {{ origin[1] }};
        for (var i = 0; i < v.length; i += 2) { x += v[i]; y += v[i + 1]; c.push([x / 1e6, y / 1e6]); }
        return c;
    }
    function geometry(g) {
        var k = g[0], p = g[1];
        if (k === 'Point') { return {type: k, coordinates: run(p)[0]}; }
        if (k === 'LineString' || k === 'MultiPoint') { return {type: k, coordinates: run(p)}; }
        if (k === 'Polygon' || k === 'MultiLineString') { return {type: k, coordinates: p.map(run)}; }
        return {type: k, coordinates: p.map(function (q) { return q.map(run); })};
    }
    window.pmaRun = run;
    window.pmaInts = ints;
    window.pmaGeometry = geometry;
    window.pmaTables = window.pmaTables || {};
    window.pmaRenderPopup = {{ render_popup }};
    window.pmaPieces = function (key, s) {
        var T = window.pmaTables[key].strings, v = ints(s), out = [], i = 0;
        for (var j = 0; j < v.length; j++) { i += v[j]; out.push(T[i]); }
        return out;
    };
    window.pmaDecode = function (data) {
        var c = data.pma, features = [], rows = c.pf ? ints(c.r) : null, r = 0, props;
        window.pmaTables[c.key] = {strings: c.T, styles: c.S};
        for (var i = 0; i < c.g.length; i++) {
            if (rows) { r += rows[i]; }
            if (!c.g[i]) { continue; }
            props = {id: c.id[i], t: c.t[i], s: c.s[i], key: c.key};
            if (rows) { props.pf = c.pf; props.r = r; } else { props.p = c.p[i]; }
            features.push({type: 'Feature', geometry: geometry(c.g[i]), properties: props});
        }
        return {type: 'FeatureCollection', features: features};
    };
    /* Popup strings kept out of the map (c.pf): the layer version's immutable file, fetched once
       (the first hover of one of its features, or the first popup opened) and kept here. */
    var popupFiles = {};
    window.pmaPopupDocs = window.pmaPopupDocs || {};
    window.pmaPopupFile = function (url) {
        if (!popupFiles[url]) {
            popupFiles[url] = fetch(url, {cache: 'force-cache'}).then(function (r) {
                if (!r.ok) { throw new Error(r.status + ' ' + url); }
                return r.json();
            }).then(function (doc) {
                window.pmaTables[url] = {strings: doc.T};
                window.pmaPopupDocs[url] = doc;
                return doc;
            });
            popupFiles[url].catch(function () { delete popupFiles[url]; });
        }
        return popupFiles[url];
    };
    /* A feature's popup HTML, or null while its popup file has not arrived. */
    window.pmaPopupHtml = function (p) {
        if (!p.pf) { return window.pmaRenderPopup(window.pmaPieces(p.key, p.p)); }
        var doc = window.pmaPopupDocs[p.pf];
        return doc ? window.pmaRenderPopup(window.pmaPieces(p.pf, doc.p[p.r])) : null;
    };
    // Popups at most 380 px wide, and narrower than the map on a phone (it would be cut off).
    window.pmaPopupWidth = function () { return Math.max(160, Math.min(380, window.innerWidth - 70)); };
    window.pmaEach = function (feature, layer) {
        var p = feature.properties, tables = window.pmaTables[p.key];
        p.style = tables.styles[p.s];
        layer.bindTooltip(window.pmaPieces(p.key, p.t).join(''), {sticky: true});
        layer.bindPopup(function () {
            var html = window.pmaPopupHtml(p);
            if (html !== null) { return html; }
            /* opened from code before the file came: filled in when it comes */
            window.pmaPopupFile(p.pf).then(function () {
                var popup = layer.getPopup();
                if (!popup || !popup.isOpen()) { return; }
                popup.update();
                if (window.pmaFitPopup && popup._map) { window.pmaFitPopup(popup._map, popup); }
            });
            return '<div class="pma-popup" aria-busy="true">\u2026</div>';
        }, {maxWidth: window.pmaPopupWidth()});
        if (!p.pf) { return; }
        layer.once('mouseover', function () { window.pmaPopupFile(p.pf); });
        /* A click opens the popup once its strings are there (at once after the first time). */
        layer.off('click', layer._openPopup, layer);
        layer.on('click', function (e) {
            L.DomEvent.stop(e);
            if (window.pmaPopupDocs[p.pf]) { layer.openPopup(e.latlng); return; }
            window.pmaPopupFile(p.pf).then(function () { layer.openPopup(e.latlng); });
        });
    };
    var addData = L.GeoJSON.prototype.addData;
    L.GeoJSON.prototype.addData = function (data) {
        return addData.call(this, data && data.pma ? window.pmaDecode(data) : data);
    };
})();
"""
#: Run once per map: expands packed layers into GeoJSON features inside
#: ``L.GeoJSON.addData`` and renders popups from the per-layer tables.
DECODER_JS = Template(_DECODER_TEMPLATE).render(alphabet=ALPHABET, origin=ORIGIN, render_popup=RENDER_POPUP_JS)
DECODER_JS = re.sub(r"\n\s*", "\n", DECODER_JS).strip()  # indentation is payload too

#: Popups sized to the map they open in (a phone's map is narrower than a popup's 380 px):
#: widest ``POPUP_MAX_W`` px, else the map's width less room for the zoom buttons (left)
#: and a margin (right); no taller than the map (the rest scrolls); kept clear of the zoom
#: buttons and of the layer control (top right, over the close button) when the map pans to
#: show it. Long words (e-mails, addresses) wrap. Links to the app's pages
#: (``data-pma-page``) open in the page itself: the map's frame is sandboxed without
#: top navigation, so the link is followed from the page's own document.
POPUP_MAX_W = 380
POPUP_SIDE_ROOM = 110
POPUP_MIN_W = 140
FIT_POPUPS_JS = """
window.pmaPopupLinks = function (popup) {
    var el = popup.getElement(), top;
    if (!el) { return; }
    try { top = window.top.location.href; } catch (x) { top = document.referrer || window.location.href; }
    el.querySelectorAll('a[data-pma-page]').forEach(function (a) {
        a.href = new URL(a.getAttribute('data-pma-page'), top).href; a.target = '_blank';
        if (a.pmaOpens) { return; }
        a.pmaOpens = true;
        a.addEventListener('click', function (ev) {
            try {
                var d = window.top.document, b = d.createElement('a');
                b.href = a.href; d.body.appendChild(b); b.click(); b.remove(); ev.preventDefault();
            } catch (x) { /* no access to the page: the link opens in a new tab */ }
        });
    });
};
window.pmaFitPopup = function (map, popup) {
    var size = map.getSize(), o = popup.options;
    var w = Math.max(MIN_W, Math.min(MAX_W, size.x - ROOM));
    var h = Math.max(120, size.y - 110);
    if (o.maxWidth !== w || o.maxHeight !== h) {
        o.maxWidth = w; o.minWidth = Math.min(o.minWidth || 50, w); o.maxHeight = h;
        o.autoPanPaddingTopLeft = L.point(54, 58); o.autoPanPaddingBottomRight = L.point(10, 10);
        popup.update();
    }
    window.pmaPopupLinks(popup);
};
window.pmaFitPopups = function (MAP) {
    MAP.on('popupopen', function (e) {
        /* the content is rendered again on every update (a function's popup): its links each time */
        if (!e.popup.pmaLinks) {
            e.popup.pmaLinks = true;
            e.popup.on('contentupdate', function () { window.pmaPopupLinks(e.popup); });
        }
        window.pmaFitPopup(MAP, e.popup);
        // Opened while the map still moves to a new view (zoom or pan animation): Leaflet's autopan was
        // measured on the old view, so once that move ends the popup is brought into view again (once).
        if (MAP._animatingZoom || (MAP._panAnim && MAP._panAnim._inProgress)) {
            MAP.once('moveend', function () { if (MAP.hasLayer(e.popup)) { e.popup.update(); } });
        }
    });
};
""".replace("MAX_W", str(POPUP_MAX_W)).replace("MIN_W", str(POPUP_MIN_W)).replace("ROOM", str(POPUP_SIDE_ROOM))

#: GeoJson ``onEachFeature`` of a packed layer (the work is in ``DECODER_JS``: sent once).
ON_EACH_PACKED = JsCode("function (f, l) { window.pmaEach(f, l); }")


#: The popup fitting, without indentation (``window.pmaFitPopups(map)`` installs it on a map).
FIT_JS = re.sub(r"\n\s*", "\n", FIT_POPUPS_JS).strip()


class PackedDecoder(JSCSSMixin, MacroElement):
    """Adds ``DECODER_JS`` and the popup fitting to a map (constant: the base map stays the same
    on every rerun). With ``script_url`` (:mod:`pma_map.map.mapscript`: the same code, and the
    file-layer and tile loaders, as one static file named by its content) the map's frame loads
    that file like a vendor script, and the map's own script only installs the popup fitting."""

    _template = Template("""
        {% macro header(this, kwargs) %}
        <style>.pma-popup td, .pma-popup p, .pma-popup h4 { overflow-wrap: anywhere; }
        .pma-popup table { border-collapse: collapse; }
        .pma-popup th { text-align: left; vertical-align: top; padding-right: 6px; hyphens: auto; }</style>
        {% endmacro %}
        {% macro script(this, kwargs) %}
        {{ this.code }}
        window.pmaFitPopups({{ this._parent.get_name() }});
        {% endmacro %}
    """)

    def __init__(self, script_url: str | None = None):
        super().__init__()
        self._name = "PackedDecoder"
        self.script_url = script_url
        self.default_js = [("pma-map", script_url)] if script_url else []
        self.default_css = []
        self.code = "" if script_url else DECODER_JS + "\n" + FIT_JS


def encode_indexes(indexes: Sequence[int]) -> str:
    """A popup's table indexes as deltas, encoded (``window.pmaPieces`` reads them)."""
    prev, deltas = 0, []
    for i in indexes:
        deltas.append(i - prev)
        prev = i
    return encode_ints(deltas)


def packed_collection(key: str, ids: list, geometries: list, tooltips: list[list[str]],
                      parts: list[list[str]] | None, styles: list[dict], *,
                      popup_url: str | None = None, rows: Sequence[int] | None = None) -> dict:
    """A layer in the packed form ``DECODER_JS`` expands (an empty FeatureCollection
    for any other reader, with the packed layer under ``pma``).

    With ``popup_url`` (:mod:`pma_map.map.popup_files`) the popups are not sent: each feature
    carries its row in the whole layer (``rows``, encoded as deltas) and the browser fetches the
    layer's popup file on the first hover or opening; ``parts`` is then ignored."""
    strings, style_table = Interner(), Interner()
    out = {"key": key, "id": ids, "g": geometries,
           "t": [encode_indexes(strings.add_all(pieces)) for pieces in tooltips]}
    if popup_url is None:
        out["p"] = [encode_indexes(strings.add_all(pieces)) for pieces in parts or []]
    else:
        out["pf"], out["r"] = popup_url, encode_indexes([int(r) for r in rows or []])
    out["s"] = [style_table.add(s) for s in styles]
    out["T"], out["S"] = strings.values, style_table.values
    return {"type": "FeatureCollection", "features": [], "pma": out}
