"""The map as HTML: layers present, values escaped, base map constant."""

import re

from streamlit_folium import _get_map_string, generate_js_hash

from pma_map.catalogue import BUNDLED_LAYERS, LAYERS
from pma_map.filters import Filters, apply_filters
from pma_map.map import basemap, overlays, styles

EVIL = '<script>alert("x")</script>'


def rendered(m) -> str:
    """The map HTML with JSON unicode escapes decoded, as the browser's JavaScript sees the strings."""
    html = m.get_root().render()
    return re.sub(r"\\u([0-9a-fA-F]{4})", lambda g: chr(int(g.group(1), 16)), html)


def test_every_layer_is_in_the_map(tiny_data):
    """The rendered map holds the communes and the five asset layers, titled in French."""
    html = rendered(overlays.full_map(apply_filters(tiny_data, Filters()), "fr"))
    for spec in BUNDLED_LAYERS.values():  # an optional layer nobody published has no features
        assert spec.title_fr in html, spec.name
    for fid in ("parc-a", "vv-1", "za-1", "sol-1", "pi-1", "62003"):
        assert fid in html


def test_english_titles(tiny_data):
    """The layer control lists the layers in English when asked."""
    html = rendered(overlays.full_map(apply_filters(tiny_data, Filters()), "en"))
    assert "Business parks" in html and "Chain of parks" in html


def test_script_in_attribute_is_escaped(tiny_data):
    """Markup placed in an attribute reaches the map as text, never as a tag."""
    data = dict(tiny_data)
    for name in ("parcs", "zones_activite", "sites_solaires"):
        gdf = data[name].copy()
        gdf["nom"] = EVIL
        gdf["source"] = EVIL
        data[name] = gdf
    communes = data["communes"].copy()
    communes["nom"] = EVIL
    data["communes"] = communes
    html = rendered(overlays.full_map(apply_filters(data, Filters()), "fr"))
    assert EVIL not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


def test_popup_marks_approximate_geometry(tiny_data, popup_html):
    """A hand-placed feature says so in its popup; a surveyed one does not."""
    spec = LAYERS["parcs"]
    row = tiny_data["parcs"].iloc[0].to_dict()
    assert "pas un périmètre relevé" in popup_html(spec, row, "fr", {"62001": "Alpha"})
    row["precision"] = "surveyed"
    assert "pas un périmètre relevé" not in popup_html(spec, row, "fr", {})


def test_unpublished_figures_say_so(tiny_data, popup_html):
    """A missing published figure shows as "non publié", never as 0."""
    row = tiny_data["zones_activite"].iloc[1].to_dict()
    popup = popup_html(LAYERS["zones_activite"], row, "fr", {})
    assert "non publié" in popup


def test_base_map_identical_across_reruns():
    """The base map script hashes the same on every rerun, so the iframe is not remounted."""
    h1 = generate_js_hash(_get_map_string(basemap.base_map("fr")), "k")
    h2 = generate_js_hash(_get_map_string(basemap.base_map("fr")), "k")
    assert h1 == h2


def test_basemaps_and_attributions():
    """OpenStreetMap, a light basemap and IGN Géoplateforme layers come with attributions."""
    html = basemap.base_map("fr").get_root().render()
    assert "tile.openstreetmap.org" in html and "data.geopf.fr/wmts" in html
    assert "PLANIGNV2" in html and "ORTHOIMAGERY.ORTHOPHOTOS" in html
    assert "OpenStreetMap" in html and "IGN" in html and "CARTO" in html


def test_attributions_follow_the_language():
    """The OpenStreetMap credit is in the map's language (an English map has no French in it)."""
    fr = basemap.base_map("fr").get_root().render().replace("\\u003c", "<").replace("\\u003e", ">")
    en = basemap.base_map("en").get_root().render().replace("\\u003c", "<").replace("\\u003e", ">")
    assert "les contributeurs" in fr and "OpenStreetMap</a> contributors" not in fr
    assert "OpenStreetMap</a> contributors" in en and "les contributeurs" not in en


def test_density_classes_cover_all(tiny_data):
    """Every commune falls in one of the density classes."""
    classes = styles.density_classes(tiny_data["communes"])
    assert len(classes) == 5 and classes[-1] == float("inf")
    groups = overlays.overlays(apply_filters(tiny_data, Filters()), "fr", "density")
    assert groups[0].layer_name == "Communes"


def test_view_for_fits_the_bounds_in_the_map():
    """The chosen zoom shows the whole selection; one more zoom level would not."""
    import math

    from pma_map.map.view import view_for

    bounds = [[50.35, 2.40], [50.60, 3.05]]
    for width, height in ((900, 600), (540, 560), (400, 800)):
        (lat, lon), zoom = view_for(bounds, width, height)
        assert 50.35 < lat < 50.60 and 2.40 < lon < 3.05

        def pixels(z):
            scale = 256 * 2 ** z / 360
            stretch = 1 / math.cos(math.radians(lat))
            return 0.65 * scale, (0.25 * stretch) * scale  # span of the bounds in px

        w, h = pixels(zoom)
        assert w <= 0.75 * width and h <= 0.75 * height
        w1, h1 = pixels(zoom + 1)
        assert w1 > 0.75 * width or h1 > 0.75 * height
