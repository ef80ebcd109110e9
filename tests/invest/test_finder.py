"""The site finder: criteria, distances in Lambert-93, ranking, reasons, shortlist."""

from __future__ import annotations

import geopandas as gpd
import pytest
from shapely.geometry import Point, box

from pma_map.invest import finder
from pma_map.invest.finder import Criteria, compare, find_sites


def _l93_to_wgs84(geoms):
    return list(gpd.GeoSeries(geoms, crs="EPSG:2154").to_crs("EPSG:4326"))


def test_distances_match_a_hand_computed_case(tiny_data):
    """A 1 km square zone: junction 2 km east, station at 3-4-5 km, port inside (0 km)."""
    zone = box(700_000, 7_040_000, 701_000, 7_041_000)
    pts = [Point(703_000, 7_040_500), Point(704_000, 7_045_000), Point(700_500, 7_040_500)]
    zones = tiny_data["zones_activite"].iloc[:1].copy()
    zones = gpd.GeoDataFrame(zones.drop(columns="geometry"), geometry=_l93_to_wgs84([zone]),
                             crs="EPSG:4326")
    acces = gpd.GeoDataFrame(
        {"nom": ["J", "S", "P"], "type": ["jonction autoroutière", "gare TGV", "port fluvial"],
         "reference": ["A1", None, None]},
        geometry=_l93_to_wgs84(pts), crs="EPSG:4326")
    d = finder.access_distances(zones, acces)["za-1"]
    assert d["motorway"].km == pytest.approx(2.0, abs=0.002)
    assert d["motorway"].name == "J" and d["motorway"].reference == "A1"
    assert d["station"].km == pytest.approx(5.0, abs=0.002)
    assert d["port"].km == pytest.approx(0.0, abs=0.001)


def test_default_criteria_rank_published_land_first(tiny_data):
    """With no criteria every zone is listed; the one with published available land comes first."""
    ranked = find_sites(tiny_data, Criteria())
    assert [m.id for m in ranked] == ["za-1", "za-2"]
    assert [m.rank for m in ranked] == [1, 2]
    assert ranked[1].unpublished and "finder.reason.unpublished" in [r.key for r in ranked[1].reasons]


def test_minimum_land_excludes_unpublished_unless_asked(tiny_data):
    """A minimum above 0 drops zones with no published land, unless include_unpublished is set."""
    assert [m.id for m in find_sites(tiny_data, Criteria(min_available_ha=10))] == ["za-1"]
    assert find_sites(tiny_data, Criteria(min_available_ha=20)) == []
    kept = find_sites(tiny_data, Criteria(min_available_ha=20, include_unpublished=True))
    assert [m.id for m in kept] == ["za-2"] and kept[0].unpublished


def test_ranking_among_unpublished_follows_access(tiny_data):
    """Between zones of equal land status, the one nearest to the access points ranks first."""
    zones = tiny_data["zones_activite"].copy()
    zones["surface_disponible_ha"] = None
    data = {**tiny_data, "zones_activite": zones}
    ranked = find_sites(data, Criteria())
    assert [m.id for m in ranked] == ["za-1", "za-2"]
    assert ranked[0].access_score < ranked[1].access_score
    acces = tiny_data["acces"].copy()
    acces.loc[acces["type"] == "gare TGV", "geometry"] = Point(2.815, 50.415)  # inside za-2
    flipped = find_sites({**data, "acces": acces}, Criteria())
    assert [m.id for m in flipped] == ["za-2", "za-1"]


def test_vocation_epci_and_distance_filters(tiny_data):
    """Vocation, agglomeration and maximum distances each remove the zones that do not fit."""
    assert [m.id for m in find_sites(tiny_data, Criteria(vocations=("industrie",)))] == ["za-2"]
    assert [m.id for m in find_sites(tiny_data, Criteria(epci=("CALL",)))] == ["za-1"]
    near = find_sites(tiny_data, Criteria(max_motorway_km=1.0))
    assert [m.id for m in near] == ["za-1"]
    assert find_sites(tiny_data, Criteria(max_station_km=0.1)) == []


def test_reasons_are_translated_with_formatted_numbers(tiny_data):
    """Reasons read in both languages, with 12,0 / 12.0 as each language writes numbers."""
    m = find_sites(tiny_data, Criteria(min_available_ha=10, vocations=("logistique",)))[0]
    fr, en = m.reasons_text("fr"), m.reasons_text("en")
    assert "12,0 ha disponibles (minimum demandé : 10,0 ha)" in fr
    assert "12.0 ha available (minimum asked: 10.0 ha)" in en
    assert "Vocation : logistique" in fr and "Purpose: logistics" in en
    assert any("Échangeur test" in r for r in fr)


def test_bad_criteria_give_french_errors():
    """Unknown vocation or negative values are refused with a French message naming the fix."""
    with pytest.raises(ValueError, match="Vocation inconnue"):
        Criteria(vocations=("usine",))
    with pytest.raises(ValueError, match="négative"):
        Criteria(max_port_km=-1)


def test_shortlist_compares_2_to_5_sites(tiny_data):
    """The comparison has one column per site and refuses fewer than 2 sites."""
    ranked = find_sites(tiny_data, Criteria())
    table = compare(ranked, ["za-1", "za-2"], "en")
    assert list(table.columns) == ["Zone 1", "Zone 2"]
    assert table.loc["Available land (ha)", "Zone 2"] == "not published"
    assert table.loc["Conurbation", "Zone 1"] == "CALL"
    with pytest.raises(ValueError, match="2 à 5 sites"):
        compare(ranked, ["za-1"], "fr")


def test_site_facts_unknown_zone(tiny_data):
    """Asking for an unknown zone names the known ones."""
    with pytest.raises(ValueError, match="za-1"):
        finder.site_facts(tiny_data, "nope")


def test_published_land_outranks_a_nearer_unpublished_zone(tiny_data):
    """An unpublished zone next to every access point still ranks after a published one."""
    acces = tiny_data["acces"].copy()
    acces["geometry"] = [Point(2.815, 50.415)] * len(acces)  # all inside za-2
    ranked = find_sites({**tiny_data, "acces": acces}, Criteria())
    assert [m.id for m in ranked] == ["za-1", "za-2"]
    assert ranked[1].access_score == 0 < ranked[0].access_score


def test_ties_break_on_total_area_then_name(tiny_data):
    """Same land status and same distances: the larger zone first, then alphabetical order."""
    zones = tiny_data["zones_activite"].copy()
    zones["geometry"] = [zones.geometry.iloc[0]] * len(zones)  # same place, same distances
    zones["surface_disponible_ha"] = 5.0
    zones["surface_totale_ha"] = [10.0, 80.0]
    data = {**tiny_data, "zones_activite": zones}
    assert [m.id for m in find_sites(data, Criteria())] == ["za-2", "za-1"]
    zones = zones.assign(surface_totale_ha=30.0, nom=["Beta park", "Alpha park"])
    data = {**tiny_data, "zones_activite": zones}
    assert [m.nom for m in find_sites(data, Criteria())] == ["Alpha park", "Beta park"]


def test_match_to_dict_is_json_in_each_language(tiny_data):
    """to_dict gives plain JSON: distances by kind, reasons in the language asked."""
    import json

    m = find_sites(tiny_data, Criteria(min_available_ha=1))[0]
    fr, en = json.loads(json.dumps(m.to_dict("fr"))), json.loads(json.dumps(m.to_dict("en")))
    assert fr["id"] == "za-1" and fr["available_published"] is True
    assert set(fr["access"]) == {"motorway", "station", "port"}
    assert fr["access"]["motorway"]["reference"] == "A1 sortie 99"
    assert "12,0 ha disponibles (minimum demandé : 1,0 ha)" in fr["reasons"]
    assert "12.0 ha available (minimum asked: 1.0 ha)" in en["reasons"]
