"""Per-layer upload limits in the catalogue, and the optional cadastre layer (issue 10)."""

from __future__ import annotations

import geopandas as gpd
import pytest
from shapely.geometry import box

from pma_map import catalogue, layers
from pma_map.catalogue import LAYERS, LayerSpec, UploadLimits
from pma_map.errors import PmaError
from pma_map.publish import ingest, publishing
from pma_map.publish.ingest import IngestError, layer_limits, read_upload


def parcels(n: int) -> gpd.GeoDataFrame:
    """``n`` small parcels in commune 62001 of the tiny territory, with the fields of ``parcelles``."""
    rows = [{"id": f"62001000AB{i:04d}", "nom": f"Parcelle AB {i}", "insee": "62001", "insee_autres": None,
             "description": None, "description_en": None, "source": "Cadastre (essai)", "source_date": "2026",
             "precision": "surveyed", "section": "AB", "numero": str(i), "contenance_m2": 250.0}
            for i in range(n)]
    geoms = [box(2.71 + i * 0.0005, 50.41, 2.7103 + i * 0.0005, 50.4103) for i in range(n)]
    return gpd.GeoDataFrame(rows, geometry=geoms, crs="EPSG:4326")


@pytest.mark.parametrize("bad", [0, -5, 2.5, True, "600000"])
def test_a_bad_limit_in_the_catalogue_is_refused_in_french(bad):
    """A limit that is not a positive whole number stops the catalogue, naming layer, limit and fix."""
    with pytest.raises(PmaError) as err:
        LayerSpec(name="essai", title_fr="Essai", title_en="Test", geometry="Polygon", fields=(),
                  upload_limits=UploadLimits(max_features=bad))
    text = str(err.value)
    assert err.value.code == "catalogue_bad_limit"
    assert "couche essai" in text and "max_features" in text and repr(bad) in text
    assert "entier positif" in text and "Corrigez" in text and "catalogue.py" in text
    assert "upload limit" in err.value.message("en")


def test_a_bad_tile_zoom_is_refused_in_french():
    with pytest.raises(PmaError, match="tiles_min_zoom dans catalogue.py"):
        LayerSpec(name="essai", title_fr="Essai", title_en="Test", geometry="Polygon", fields=(),
                  tiles_min_zoom=22)


def test_each_layer_has_its_limits():
    """The cadastre holds 300,000 to 500,000 parcels: its own limits; the other layers the common ones."""
    limits, max_bytes, timeout = layer_limits("parcelles")
    own = LAYERS["parcelles"].upload_limits
    assert limits.max_features == own.max_features >= 500_000
    assert max_bytes == own.max_file_mb * 1024 * 1024 and timeout == own.read_timeout_s
    assert limits.max_vertices == own.max_vertices
    common, common_bytes, common_timeout = layer_limits("parcs")
    assert common.max_features == ingest.MAX_FEATURES and common_bytes == ingest.MAX_FILE_BYTES
    assert common_timeout == ingest.READ_TIMEOUT_S
    assert layer_limits(None)[0] == common


def test_the_cadastre_layer_is_optional_and_named_in_both_languages():
    spec = LAYERS["parcelles"]
    assert spec.optional and not spec.shown_by_default and spec.tiles_min_zoom > 0
    assert spec.title("fr") == "Parcelles cadastrales" and spec.title("en") == "Cadastral parcels"
    assert "parcelles" not in catalogue.BUNDLED_LAYERS and "parcs" in catalogue.BUNDLED_ASSET_LAYERS


def test_an_upload_over_the_common_limit_goes_to_the_cadastre_only(tiny_geo_dir, tmp_path, monkeypatch):
    """With the common limit lowered to 5 features, 12 parcels are refused for ``parcs`` (the message
    says how many and the maximum) and read for ``parcelles``, whose limit is its own."""
    monkeypatch.setattr(ingest, "MAX_FEATURES", 5)
    path = tmp_path / "cadastre.geojson"
    parcels(12).to_file(path, driver="GeoJSON", engine="pyogrio")
    with pytest.raises(IngestError) as err:
        read_upload(path, target_layer="parcs")
    assert err.value.code in ("too_many_features", "too_many_features_counted") and "5" in str(err.value)
    assert len(read_upload(path, target_layer="parcelles").gdf) == 12
    checked = publishing.prepare(path, "parcelles")
    assert checked.ok, checked.report.to_dict()


def test_the_cadastre_is_empty_until_published_then_served(tiny_geo_dir, tmp_path, monkeypatch):
    """Not bundled: an empty frame with the catalogue's columns; once published, its features."""
    empty = layers.load_all()["parcelles"]
    assert len(empty) == 0 and set(LAYERS["parcelles"].field_names) <= set(empty.columns)
    assert layers.data_versions()["parcelles"] == 1
    path = tmp_path / "cadastre.geojson"
    parcels(4).to_file(path, driver="GeoJSON", engine="pyogrio")
    checked = publishing.prepare(path, "parcelles")
    lv = publishing.publish(checked, author="essai", note="premier extrait")
    assert lv.version == 2 and len(layers.load_all()["parcelles"]) == 4
