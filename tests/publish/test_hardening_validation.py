"""Issue 14, validation: absurd coordinates refused (no GEOS crash), a communes layer that changes the
territory refused unless the change is confirmed."""

from __future__ import annotations

import json

import geopandas as gpd
import pytest
from shapely.geometry import box
from test_publish_flow import solar, write

from pma_map import cli
from pma_map.catalogue import get_layer
from pma_map.publish import publishing
from pma_map.publish.store import get_store
from pma_map.publish.validation import validate


def _points_file(tmp_path, coords) -> str:
    gdf = solar(len(coords))
    feats = json.loads(gdf.to_json())
    for feat, xy in zip(feats["features"], coords):
        feat["geometry"]["coordinates"] = list(xy)
    path = tmp_path / "absurd.geojson"
    path.write_text(json.dumps(feats), encoding="utf-8")  # Python writes Infinity as GDAL reads it
    return str(path)


@pytest.mark.parametrize("xy", [(1e308, 1e308), (float("inf"), 50.42), (2.7, float("-inf")), (120.0, -33.0)])
def test_absurd_coordinates_refused(tiny_geo_dir, tmp_path, xy):
    """1e308, Infinity or the other side of the world: an error naming the feature (1e308 was a warning and
    broke the kiosk; Infinity crashed validation with a GEOSException)."""
    prepared = publishing.prepare(_points_file(tmp_path, [(2.72, 50.42), xy]), "sites_solaires")
    assert not prepared.ok
    codes = [e.code for e in prepared.report.errors]
    assert "coordinates_absurd" in codes, prepared.report.to_dict()
    issue = next(e for e in prepared.report.errors if e.code == "coordinates_absurd")
    assert issue.features == ["sol-2"] and "impossibles" in issue.message


def test_validate_on_infinite_geometry_frame_does_not_raise(tiny_data):
    """validate() on an Infinity polygon reports it instead of raising GEOSException."""
    gdf = tiny_data["parcs"].copy()
    gdf.loc[0, "geometry"] = box(2.7, 50.4, float("inf"), 50.45)
    report = validate(gdf, get_layer("parcs")).report
    assert "coordinates_absurd" in report.codes()


def _department(tiny_data, epci: str = "CAPSO") -> gpd.GeoDataFrame:
    """The tiny communes plus a far bigger neighbour (in another EPCI): a different territory."""
    communes = tiny_data["communes"]
    extra = communes.iloc[[0]].copy()
    extra["insee"], extra["nom"], extra["epci"] = "62999", "Ailleurs", epci
    extra["geometry"] = [box(2.0, 50.0, 2.6, 50.4)]
    return gpd.GeoDataFrame(gpd.pd.concat([communes, extra], ignore_index=True), crs="EPSG:4326")


def test_communes_changing_the_territory_refused_unless_confirmed(tiny_geo_dir, tiny_data, tmp_path):
    """A communes file with more communes, another EPCI and a far larger area is refused with the difference
    spelled out (the Pas-de-Calais file published with a warning before), and accepted once confirmed."""
    path = write(_department(tiny_data), tmp_path / "dept.geojson")
    refused = publishing.prepare(path, "communes")
    assert not refused.ok
    issue = next(e for e in refused.report.errors if e.code == "territory_change")
    assert "4 communes au lieu de 3" in issue.message and "CAPSO" in issue.message
    assert "superficie totale" in issue.message and "--territory-change" in issue.message
    confirmed = publishing.prepare(path, "communes", territory_change=True)
    assert "territory_change_confirmed" in confirmed.report.codes()
    assert not any(e.code == "territory_change" for e in confirmed.report.errors)


def test_same_territory_passes(tiny_geo_dir, tiny_data, tmp_path):
    """Re-publishing the same communes (figures updated) is not a change of territory."""
    communes = tiny_data["communes"]
    communes["population"] = [1100, 3100, 600]
    prepared = publishing.prepare(write(communes, tmp_path / "c.geojson"), "communes")
    assert prepared.ok, prepared.report.to_dict()
    assert "territory_change" not in prepared.report.codes()


def test_cli_flag_confirms_a_territory_change(tiny_geo_dir, tiny_data, tmp_path, capsys):
    """`pma-map validate` refuses the file; `--territory-change` makes it publishable."""
    path = write(_department(tiny_data, "CALL"), tmp_path / "dept.geojson")
    assert cli.main(["validate", path, "--layer", "communes"]) == 1
    assert "territory_change" in capsys.readouterr().out
    assert cli.main(["publish", path, "--layer", "communes", "--author", "a", "--note", "fusion",
                     "--territory-change"]) == 0
    assert get_store().current("communes").version == 2


def _communes_review_script():
    """The publishing page's review step on a communes file given by the test."""
    import os
    from pathlib import Path

    from pma_map.ui import publish as pub

    class Uploaded:
        def __init__(self, path: Path):
            self.path, self.name, self.file_id = path, path.name, f"test-{path.name}"
            self.size = path.stat().st_size

        def getvalue(self) -> bytes:
            return self.path.read_bytes()

    pub.review(Uploaded(Path(os.environ["PMA_MAP_TEST_UPLOAD"])), "communes", "fr")


def test_page_checkbox_confirms_a_territory_change(tiny_geo_dir, tiny_data, tmp_path, monkeypatch):
    """On the publishing page a communes file changing the territory is refused until the checkbox is ticked."""
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("PMA_MAP_TEST_UPLOAD", write(_department(tiny_data, "CALL"), tmp_path / "dept.geojson"))
    at = AppTest.from_function(_communes_review_script, default_timeout=90)
    at.session_state["pma_staff_user"] = "alice"
    at.run()
    assert not at.exception, at.exception
    assert any("changerait le territoire" in e.value for e in at.error)
    at.checkbox(key="pub_territory_change").check().run()
    assert not at.exception, at.exception
    assert not any("changerait le territoire" in e.value for e in at.error)
    assert any("Changement de territoire confirmé" in w.value for w in at.warning)
