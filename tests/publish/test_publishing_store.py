"""The publishing flow reads everything from the store it was given, never the default one."""

from __future__ import annotations

import geopandas as gpd
from shapely.affinity import translate
from shapely.geometry import Point

from pma_map.catalogue import LAYERS
from pma_map.publish import publishing
from pma_map.publish.store import FolderStore


def test_prepare_checks_the_territory_of_the_store_it_was_given(tiny_geo_dir, tiny_data, tmp_path, monkeypatch):
    """An upload inside the given store's communes is not refused for lying outside the default store's."""
    given = FolderStore(tmp_path / "given_root", tiny_geo_dir)  # the tiny communes near Lens
    far = tmp_path / "far_geo"  # the default store's communes: the same, 3 degrees east
    far.mkdir()
    for name, gdf in tiny_data.items():
        moved = gdf.copy()
        moved["geometry"] = moved.geometry.apply(lambda g: translate(g, xoff=3.0))
        moved.to_file(far / LAYERS[name].filename, driver="GeoJSON", engine="pyogrio")
    monkeypatch.setenv("PMA_MAP_GEO_DIR", str(far))

    rows = [{"id": "sol-1", "nom": "Site 1", "insee": "62001", "source": "PMA", "source_date": "2024",
             "precision": "approximate", "statut": "en service"}]
    path = tmp_path / "upload.geojson"
    gpd.GeoDataFrame(rows, geometry=[Point(2.72, 50.42)], crs="EPSG:4326").to_file(
        path, driver="GeoJSON", engine="pyogrio")

    prepared = publishing.prepare(path, "sites_solaires", store=given)
    assert prepared.ok, prepared.report.to_dict()
