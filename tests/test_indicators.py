"""Indicators computed from tiny data, measured in Lambert-93."""

import geopandas as gpd
import pytest
from shapely.geometry import LineString

from pma_map.filters import Filters, apply_filters, territory_selection
from pma_map.indicators import compute_indicators, indicator_report


def test_counts_and_sums(tiny_data):
    """Counts and published sums follow the features, None when nothing is published."""
    v = compute_indicators(apply_filters(tiny_data, Filters()))
    assert v["communes"] == 3 and v["population"] == 4500
    assert v["superficie_km2"] == pytest.approx(30.0)
    assert v["zones_count"] == 2 and v["zones_surface_ha"] == 150.0
    assert v["foncier_disponible_ha"] == 1  # zones with a dated land figure, never a sum of hectares
    assert v["solaire_gwh"] == pytest.approx(19.1)
    assert v["innovation_sites"] == 1
    v = compute_indicators(apply_filters(tiny_data, Filters(epci=("CAHC",))))
    assert v["foncier_disponible_ha"] == 0 and v["population"] == 500


def test_lengths_are_measured_in_lambert93():
    """A 1 km east-west line at 50.4°N measures 1 km (not degrees)."""
    # 1 km along the parallel at 50.4°N is 1 / (111.32 * cos(50.4°)) degrees of longitude.
    import math
    dlon = 1 / (111.32 * math.cos(math.radians(50.4)))
    line = gpd.GeoDataFrame({"precision": ["surveyed"]},
                            geometry=[LineString([(2.8, 50.4), (2.8 + dlon, 50.4)])], crs="EPSG:4326")
    v = compute_indicators({"voies_vertes": line})
    assert v["voies_vertes_km"] == pytest.approx(1.0, rel=0.01)


def test_area_of_parks_in_hectares(tiny_data):
    """Park areas are hectares measured in EPSG:2154, and shrink with the filter."""
    all_ha = compute_indicators(apply_filters(tiny_data, Filters()))["parcs_ha"]
    assert 50 < all_ha < 250  # two ~0.005° buffers: roughly 50 to 100 ha each
    none = compute_indicators(apply_filters(tiny_data, Filters(epci=("CAHC",))))["parcs_ha"]
    assert none == 0


def test_report_has_published_figures_newest_first(tiny_data):
    """Each indicator carries its published figures, newest first, and the share mapped."""
    report = {r["key"]: r for r in indicator_report(apply_filters(tiny_data, Filters()))}
    pop = report["population"]
    assert [p["source_date"] for p in pop["published"]] == ["2022", "2021"]
    assert pop["share"] == pytest.approx(4500 / 650_000)
    assert report["foncier_disponible_ha"]["published"][0]["value"] == 317
    assert report["parcs_ha"]["approximate_features"] == 2


def test_hidden_layers_do_not_change_the_indicators(tiny_data):
    """Hiding every layer on the map keeps the territory's figures (innovation site, solar, zones)."""
    hidden = Filters(epci=("CALL",), layers=())
    v = compute_indicators(territory_selection(tiny_data, hidden))
    assert v == compute_indicators(apply_filters(tiny_data, Filters(epci=("CALL",))))
    assert v["innovation_sites"] == 1 and v["zones_count"] == 1 and v["zones_surface_ha"] == 100.0
    shown = apply_filters(tiny_data, Filters(epci=("CALL",), layers=("parcs",)))
    reused = territory_selection(tiny_data, Filters(epci=("CALL",), layers=("parcs",)), shown)
    assert reused["parcs"] is shown["parcs"]  # the shown layers are reused, not filtered again
    assert compute_indicators(reused) == v


def test_zero_when_nothing_left_unpublished_when_no_value(tiny_data):
    """No feature left gives 0; features without any published value give None ("non publié")."""
    none_left = compute_indicators(apply_filters(tiny_data, Filters(vocations=("tertiaire",))))
    assert none_left["zones_surface_ha"] == 0.0
    only_unpublished = compute_indicators(apply_filters(tiny_data, Filters(communes=("62001",))))
    assert only_unpublished["solaire_gwh"] is None  # Solaire 2 is there, with no published output


def test_report_counts_missing_values_and_lists_dated_land(tiny_data):
    """The report says how many features lack the summed figure and lists each dated land figure."""
    tiny_data["zones_activite"]["disponible_date"] = ["2018", None]
    report = {r["key"]: r for r in indicator_report(apply_filters(tiny_data, Filters()))}
    assert report["solaire_gwh"]["missing"] == 1 and report["solaire_gwh"]["total"] == 2
    land = report["foncier_disponible_ha"]
    assert land["share"] is None and [r["id"] for r in land["land"]] == ["za-1"]
    assert land["land"][0]["disponible_date"] == "2018"
