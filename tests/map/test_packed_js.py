"""The browser half of the packed layers, run in Node: same geometry and popups as Python."""

import json
import shutil
import subprocess

import pytest

from pma_map.map import packed, prepare

NODE = shutil.which("node")

HARNESS = """
var window = globalThis;
var L = {GeoJSON: {prototype: {addData: function (d) { return d; }}}};
%s
var data = %s;
var fc = L.GeoJSON.prototype.addData(data);
var out = fc.features.map(function (f) {
    var p = f.properties;
    return {geometry: f.geometry, id: p.id,
            tooltip: window.pmaPieces(p.key, p.t).join(''),
            popup: window.pmaRenderPopup(window.pmaPieces(p.key, p.p))};
});
process.stdout.write(JSON.stringify(out));
"""


@pytest.mark.skipif(NODE is None, reason="node (installed with npm for make assets) is missing")
def test_browser_decoder_matches_python(tiny_data, expected_features):
    """DECODER_JS expands a packed layer into the geometry, tooltips and popups Python makes."""
    for name in ("communes", "parcs", "voies_vertes", "sites_solaires"):
        gdf = tiny_data[name]
        prep = prepare.prepare_layer(name, gdf, "fr", {"62001": "Alpha"})
        data = packed.packed_collection(name, prep.ids.tolist(), prep.encoded.tolist(),
                                        prep.tooltips.tolist(), prep.popup_parts.tolist(),
                                        [{"color": "#000"}] * len(gdf))
        script = HARNESS % (packed.DECODER_JS, json.dumps(data))
        result = subprocess.run([NODE, "-e", script], capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, result.stderr
        got = json.loads(result.stdout)
        plain = expected_features(name, gdf, "fr", {"62001": "Alpha"})
        assert len(got) == len(plain)
        for js, py in zip(got, plain):
            assert js["popup"] == py["popup"]
            assert js["tooltip"] == py["tooltip"]
            assert js["id"] == py["id"]
            assert js["geometry"] == json.loads(json.dumps(py["geometry"]))


def test_decoder_template_is_filled():
    """The decoder's Jinja template leaves no placeholder, and carries the alphabet, origin and popup renderer."""
    js = packed.DECODER_JS
    assert "{{" not in js and "{%" not in js
    assert f"var A = {json.dumps(packed.ALPHABET)}" in js
    assert f"x = {packed.ORIGIN[0]}, y = {packed.ORIGIN[1]};" in js
    assert "window.pmaRenderPopup = function (p) {" in js
