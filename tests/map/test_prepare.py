"""Display geometry: coverage-preserving simplification, rounding, only shown properties."""

import json
import re

import geopandas as gpd
import numpy as np
import shapely

from pma_map.filters import Filters, apply_filters
from pma_map.geo import LAMBERT93
from pma_map.layers import load_layer
from pma_map.map import overlays, packed, popups, prepare

#: Tolerance of the tiling checks, as a share of the territory's area.
TILING_TOLERANCE = 1e-4


def rendered(m) -> str:
    """The map HTML with JSON unicode escapes decoded (as the browser's JavaScript sees strings)."""
    return re.sub(r"\\u([0-9a-fA-F]{4})", lambda g: chr(int(g.group(1), 16)), m.get_root().render())


def tiling_errors(geoms) -> tuple[float, float, float]:
    """(area covered, area of the gaps inside it, total pairwise overlap), in m² (Lambert-93)."""
    lam = geoms.to_crs(LAMBERT93)
    union = lam.union_all()
    parts = getattr(union, "geoms", [union])
    gaps = sum(shapely.Polygon(p.exterior).area for p in parts) - union.area
    overlap = float(lam.area.sum() - union.area)
    return union.area, gaps, overlap


def test_simplified_communes_still_tile_the_territory():
    """Coverage simplification of the 150 communes opens no gap and makes no overlap."""
    communes = load_layer("communes")
    area, gaps, overlap = tiling_errors(communes.geometry)
    simplified = prepare.simplify_communes(communes.geometry, tolerance_m=300)
    assert shapely.get_num_coordinates(simplified.values).sum() < 0.8 * shapely.get_num_coordinates(
        communes.geometry.values).sum(), "the tolerance used here must really simplify"
    s_area, s_gaps, s_overlap = tiling_errors(simplified)
    assert abs(s_area - area) < 0.01 * area  # only the outer boundary moves
    assert abs(s_gaps - gaps) < TILING_TOLERANCE * area
    assert abs(s_overlap - overlap) < TILING_TOLERANCE * area
    # The per-geometry simplification it replaces fails the same checks.
    naive = communes.geometry.to_crs(LAMBERT93).simplify(300).to_crs(communes.crs)
    _, n_gaps, n_overlap = tiling_errors(naive)
    assert abs(n_gaps - gaps) + abs(n_overlap - overlap) > TILING_TOLERANCE * area


def test_display_coordinates_are_rounded_to_six_decimals(tiny_data):
    """Every coordinate sent to the map has at most six decimals, packed or not."""
    gdf = tiny_data["parcs"].copy()
    gdf["geometry"] = shapely.transform(gdf.geometry.values, lambda xy: xy + 1.23456789e-7)
    coords = shapely.get_coordinates(prepare.display_geometries("parcs", gdf).values)
    assert np.array_equal(coords, np.round(coords, 6))
    assert not np.array_equal(shapely.get_coordinates(gdf.geometry.values), coords)
    for g in prepare.display_geometries("parcs", gdf).values:
        decoded = packed.decode_geometry(packed.encode_geometry(g))
        assert np.allclose(np.array(decoded["coordinates"][0]), shapely.get_coordinates(g.exterior),
                           atol=1e-12)


def test_only_shown_properties_reach_the_map(tiny_data):
    """A column the popup does not show never reaches the map; shown ones arrive escaped."""
    data = dict(tiny_data)
    zones = data["zones_activite"].copy()
    zones["note_interne"] = "NE-PAS-PUBLIER"
    zones["contact"] = "Mme <b>X</b>"
    data["zones_activite"] = zones
    html = rendered(overlays.full_map(apply_filters(data, Filters()), "fr", data=data))
    assert "NE-PAS-PUBLIER" not in html
    assert "Mme &lt;b&gt;X&lt;/b&gt;" in html and "<b>X</b>" not in html
    prep = prepare.prepare_layer("zones_activite", zones, "fr", {})
    sent = packed.packed_collection("zones_activite", prep.ids.tolist(), prep.encoded.tolist(),
                                    prep.tooltips.tolist(), prep.popup_parts.tolist(), [{}] * len(zones))
    assert set(sent["pma"]) == {"key", "id", "g", "t", "p", "s", "T", "S"}
    assert "NE-PAS-PUBLIER" not in str(sent)


def test_packed_layer_expands_to_the_same_features(tiny_data, expected_features):
    """The packed form carries the same geometry, popups and tooltips as the prepared layer."""
    gdf = tiny_data["parcs"]
    prep = prepare.prepare_layer("parcs", gdf, "fr", {"62001": "Alpha"})
    data = packed.packed_collection("parcs", prep.ids.tolist(), prep.encoded.tolist(),
                                    prep.tooltips.tolist(), prep.popup_parts.tolist(),
                                    [{}] * len(gdf))["pma"]
    plain = expected_features("parcs", gdf, "fr", {"62001": "Alpha"})
    for i, feature in enumerate(plain):
        pieces = [data["T"][j] for j in np.cumsum(packed.decode_ints(data["p"][i]))]
        assert popups.render_popup(pieces) == feature["popup"]
        tooltip = "".join(data["T"][j] for j in np.cumsum(packed.decode_ints(data["t"][i])))
        assert tooltip == feature["tooltip"]
        assert packed.decode_geometry(data["g"][i]) == json.loads(json.dumps(feature["geometry"]))


def test_template_syntax_in_attributes_is_not_evaluated(tiny_data):
    """'{{ ... }}' in an attribute value reaches the map as text, never run by Jinja."""
    data = dict(tiny_data)
    communes = data["communes"].copy()
    communes["nom"] = "{{ 123456*1000 }}"
    data["communes"] = communes
    html = rendered(overlays.full_map(apply_filters(data, Filters()), "fr"))
    assert "123456000" not in html
    assert "&#123;&#123; 123456*1000 &#125;&#125;" in html


def test_vectorised_encoding_equals_one_by_one():
    """Polygons encoded all at once give exactly what encoding each geometry gives."""
    multi = shapely.MultiPolygon([
        shapely.Polygon([(2, 50), (2.1, 50), (2.1, 50.1)], [[(2.01, 50.01), (2.02, 50.01), (2.02, 50.02)]]),
        shapely.Polygon([(3, 51), (3.1, 51), (3.1, 51.1)]),
    ])
    values = np.array([multi, shapely.Point(2, 50), shapely.Polygon(), None,
                       shapely.LineString([(2, 50), (3, 51)]),
                       shapely.Polygon([(-2.5, 50), (2.1, -50), (2.1, 50.1)])], dtype=object)
    values = np.concatenate([values, load_layer("communes").geometry.values])
    assert packed.encode_geometries(values) == [packed.encode_geometry(g) for g in values]


def test_records_match_pandas_records(tiny_data):
    """The column-wise records hold the same values, of the same types, as to_dict('records')."""
    for name, gdf in {**tiny_data, "communes_file": load_layer("communes")}.items():
        expected = gdf.drop(columns=gdf.geometry.name).to_dict("records")
        got = prepare.records(gdf)
        assert len(got) == len(expected)
        for a, b in zip(got, expected):
            assert a.keys() == b.keys()
            for key in a:
                same_nan = isinstance(a[key], float) and np.isnan(a[key]) and np.isnan(b[key])
                assert same_nan or (a[key] == b[key] and type(a[key]) is type(b[key])), (name, key)
    assert prepare.records(tiny_data["communes"][["geometry"]]) == [{}, {}, {}]


def test_dense_layers_are_simplified_only_when_detailed(monkeypatch):
    """Above the feature threshold, detailed shapes are simplified for display; plain ones are not."""
    from shapely.geometry import Point

    monkeypatch.setattr(prepare, "LARGE_LAYER_FEATURES", 3)
    centres = gpd.GeoSeries([Point(650_000 + 300 * i, 7_040_000) for i in range(5)], crs=LAMBERT93)
    detailed = gpd.GeoDataFrame(geometry=centres.buffer(100, quad_segs=32)).to_crs("EPSG:4326")
    plain = gpd.GeoDataFrame(geometry=centres.buffer(100, quad_segs=2)).to_crs("EPSG:4326")
    count = lambda g: int(shapely.get_num_coordinates(np.asarray(g.values)).sum())  # noqa: E731
    assert count(prepare.display_geometries("parcs", detailed)) < count(detailed.geometry) / 2
    assert count(prepare.display_geometries("parcs", plain)) == count(plain.geometry)
