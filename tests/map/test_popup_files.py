"""Popup strings of the inline layers as immutable files (issue 10), and the base map's constant
code as one static file: the map no longer carries them, the files rebuild every popup."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess

import pytest
import streamlit_folium

from pma_map import framecache
from pma_map.filters import Filters, apply_filters
from pma_map.map import basemap, mapscript, overlays, packed, popup_files, prepare, static_layers, vector_tiles
from pma_map.map.offline import localize
from pma_map.map.popups import render_popup

EVIL = '<img src=x onerror="alert(1)">'
NODE = shutil.which("node")


@pytest.fixture
def files(tmp_path, monkeypatch):
    """Popup and script files written under ``tmp_path``; caches emptied."""
    monkeypatch.setattr(popup_files, "popups_dir", lambda: tmp_path / "popups")
    monkeypatch.setattr(mapscript, "scripts_dir", lambda: tmp_path / "scripts")
    monkeypatch.setattr(mapscript, "_FOUND", None)
    framecache.clear()
    yield tmp_path
    framecache.clear()


@pytest.fixture
def evil_data(tiny_data):
    data = dict(tiny_data)
    communes = data["communes"].copy()
    communes["nom"] = communes["nom"] + " " + EVIL
    data["communes"] = communes
    return data



def group_data(groups, key: str) -> dict:
    for g in groups:
        for child in g._children.values():
            data = getattr(child, "data", None)
            if isinstance(data, dict) and data.get("pma", {}).get("key") == key:
                return data["pma"]
    raise AssertionError(key)


def decode_popup(doc: dict, row: int) -> list[str]:
    out, i = [], 0
    for d in packed.decode_ints(doc["p"][row]):
        i += d
        out.append(doc["T"][i])
    return out


def test_popups_leave_the_map_for_a_file_named_by_its_content(evil_data, files):
    """With popup files the communes' group carries rows and the file's address, no popup piece;
    the file's name is the sha256 of its bytes, and its pieces rebuild each popup, escaped."""
    data = evil_data
    groups = overlays.overlays(apply_filters(data, Filters()), "fr", all_communes=data["communes"], data=data,
                               with_popup_files=True)
    pma = group_data(groups, "communes")
    assert "p" not in pma and pma["pf"].startswith(popup_files.POPUPS_URL)
    text = json.dumps(pma, ensure_ascii=False)
    assert "Population municipale" not in text and EVIL not in text
    assert "&lt;img" in text  # the tooltips (names) stay inline, escaped
    path = files / "popups" / pma["pf"].rsplit("/", 1)[1]
    raw = path.read_bytes()
    assert re.fullmatch(r"communes-[0-9a-f]{20}-fr\.json", path.name)
    assert path.name.split("-")[1] == hashlib.sha256(raw).hexdigest()[:20]
    doc = json.loads(raw)
    whole = prepare.cached_layer("communes", data["communes"], "fr", data["communes"])
    rows = packed.decode_ints(pma["r"])
    rows = [sum(rows[:k + 1]) for k in range(len(rows))]
    assert rows == list(range(len(data["communes"])))
    for row in rows:
        assert decode_popup(doc, row) == whole.popup_parts.iloc[row]
    html = render_popup(decode_popup(doc, 0))
    assert EVIL not in html and "&lt;img" in html


def test_a_filter_change_sends_rows_of_the_same_file(evil_data, files):
    """A filtered map points at the same file (it covers every row): only rows and tooltips travel."""
    data = evil_data
    every = group_data(overlays.overlays(apply_filters(data, Filters()), "fr", all_communes=data["communes"],
                                         data=data, with_popup_files=True), "communes")
    call = apply_filters(data, Filters(epci=("CALL",)))
    some = group_data(overlays.overlays(call, "fr", all_communes=data["communes"], data=data,
                                        with_popup_files=True), "communes")
    assert some["pf"] == every["pf"]
    deltas = packed.decode_ints(some["r"])
    rows = [sum(deltas[:k + 1]) for k in range(len(deltas))]
    assert rows == data["communes"].index.get_indexer(call["communes"].index).tolist()
    assert 0 < len(rows) < len(data["communes"])


def test_the_file_is_immutable_and_a_new_version_gets_a_new_name(evil_data, files):
    """Written once (found again, not rewritten); new content, new name; three kept per language."""
    data = evil_data
    whole = prepare.cached_layer("communes", data["communes"], "fr", data["communes"])
    first = popup_files.write_popup_file(whole)
    mtime = first.path.stat().st_mtime_ns
    assert popup_files.write_popup_file(whole).path.stat().st_mtime_ns == mtime
    names = {first.path.name}
    for k in range(4):
        changed = data["communes"].copy()
        changed["nom"] = changed["nom"] + f" v{k}"
        other = prepare.prepare_layer("communes", changed, "fr", {})
        names.add(popup_files.write_popup_file(other).path.name)
    assert len(names) == 5
    assert len(list((files / "popups").glob("communes-*-fr.json"))) == popup_files.KEEP_FILES


def test_a_standalone_map_keeps_its_popups_inline(evil_data, files):
    """Without the option (exports, the tests' maps) nothing changes: popups inline, no file."""
    data = evil_data
    groups = overlays.overlays(apply_filters(data, Filters()), "fr", data=data)
    assert "p" in group_data(groups, "communes") and not (files / "popups").exists()


def test_the_constant_code_is_one_file_named_by_its_content(files):
    """The script file holds the decoder, the popup fitting and both loaders; the base map given its
    address loads it like a vendor script and keeps only the call installing the popup fitting."""
    url = mapscript.script_url()
    path = files / "scripts" / url.rsplit("/", 1)[1]
    code = path.read_text("utf-8")
    assert path.name == f"pma-map-{hashlib.sha256(code.encode()).hexdigest()[:20]}.js"
    for part in (packed.DECODER_JS, packed.FIT_JS, static_layers.LOADER_JS, vector_tiles.TILES_JS):
        assert part in code
    m = localize(basemap.base_map("fr", script_url=url))
    script = streamlit_folium._get_map_string(m)
    assert "window.pmaDecode =" not in script and "window.pmaFitPopups(map_" in script
    assert len(script) < 6_000
    inline = streamlit_folium._get_map_string(basemap.base_map("fr"))
    assert "window.pmaDecode =" in inline and "window.pmaFitPopups(map_" in inline
    assert mapscript.script_url() == url  # the same file for every map


def test_show_map_sends_neither_popup_strings_nor_the_constant_code(evil_data, files, monkeypatch):
    """What the explorer's map sends to the browser: the script file among the scripts to load, the
    popup file's address, no popup piece and no decoder."""
    from pma_map.ui.map import show_map

    sent: dict = {}
    monkeypatch.setattr(streamlit_folium, "_component_func", lambda **kw: sent.update(kw) or kw.get("default"))
    data = evil_data
    show_map(apply_filters(data, Filters()), "fr", all_communes=data["communes"], data=data)
    assert any(link.startswith(mapscript.SCRIPTS_URL) for link in sent["js_links"])
    assert sent["js_links"].index(next(u for u in sent["js_links"] if "leaflet.js" in u)) < \
        sent["js_links"].index(next(u for u in sent["js_links"] if u.startswith(mapscript.SCRIPTS_URL)))
    assert "window.pmaDecode =" not in sent["script"] and "window.pmaFileLayer =" not in sent["script"]
    assert popup_files.POPUPS_URL in sent["feature_group"]
    assert "Population municipale" not in sent["feature_group"]


HARNESS = """
var window = globalThis;
var L = {GeoJSON: {prototype: {addData: function (d) { return d; }}}};
var FILES = %s;
globalThis.fetch = function (url) {
    return Promise.resolve({ok: url in FILES, status: 404, json: function () { return Promise.resolve(FILES[url]); }});
};
%s
var fc = L.GeoJSON.prototype.addData(%s);
var before = fc.features.map(function (f) { return window.pmaPopupHtml(f.properties); });
window.pmaPopupFile(fc.features[0].properties.pf).then(function () {
    var out = fc.features.map(function (f) {
        var p = f.properties;
        return {id: p.id, tooltip: window.pmaPieces(p.key, p.t).join(''), popup: window.pmaPopupHtml(p)};
    });
    process.stdout.write(JSON.stringify({before: before, after: out}));
});
"""


@pytest.mark.skipif(NODE is None, reason="node (installed with npm for make assets) is missing")
def test_browser_builds_the_same_popups_from_the_file(evil_data, files, expected_features):
    """DECODER_JS on a filtered layer with a popup file: no popup until the file is there, then
    exactly the popups (and tooltips) Python makes, for the rows shown."""
    data = evil_data
    call = apply_filters(data, Filters(epci=("CALL",)))
    pma = group_data(overlays.overlays(call, "fr", all_communes=data["communes"], data=data,
                                       with_popup_files=True), "communes")
    path = files / "popups" / pma["pf"].rsplit("/", 1)[1]
    script = HARNESS % (json.dumps({pma["pf"]: json.loads(path.read_text("utf-8"))}), packed.DECODER_JS,
                        json.dumps({"type": "FeatureCollection", "features": [], "pma": pma}))
    result = subprocess.run([NODE, "-e", script], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    got = json.loads(result.stdout)
    assert got["before"] == [None] * len(call["communes"])
    names = dict(zip(data["communes"]["insee"].astype(str), data["communes"]["nom"]))
    plain = expected_features("communes", data["communes"], "fr", names)
    rows = data["communes"].index.get_indexer(call["communes"].index).tolist()
    assert [g["popup"] for g in got["after"]] == [plain[r]["popup"] for r in rows]
    assert [g["tooltip"] for g in got["after"]] == [plain[r]["tooltip"] for r in rows]
    assert all(EVIL not in g["popup"] for g in got["after"])
