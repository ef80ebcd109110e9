"""Issue 14, uploads: limits set before the expensive work, a reading process that is killed when
it overruns, real feature counts, linear sampling, no server path in messages."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import tempfile
import time

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import Point

from pma_map.publish import ingest
from pma_map.publish.ingest import IngestError, read_upload


def points(n: int) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame({"id": [f"p{i}" for i in range(n)], "nom": [f"Site {i}" for i in range(n)]},
                            geometry=[Point(2.7 + i * 1e-5, 50.42) for i in range(n)], crs="EPSG:4326")


def code_of(path, **kw) -> str:
    with pytest.raises(IngestError) as info:
        read_upload(path, **kw)
    return info.value.code


def test_feature_with_many_keys_refused_before_gdal(tmp_path):
    """One GeoJSON feature with thousands of property keys is refused by the scan (GDAL took minutes)."""
    props = {f"k{i}": i for i in range(5_000)}
    doc = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": props, "geometry": {"type": "Point", "coordinates": [2.7, 50.4]}}]}
    path = tmp_path / "keys.geojson"
    path.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(IngestError) as info:
        read_upload(path)
    assert info.value.code == "too_many_fields"
    assert "5000" in str(info.value) and str(ingest.MAX_FIELDS) in str(info.value)


def test_keys_spread_over_features_are_counted_together(tmp_path):
    """Many features each with a few new keys make GDAL's schema as wide: refused too."""
    feats = [{"type": "Feature", "properties": {f"k{i}_{j}": 1 for j in range(10)},
              "geometry": {"type": "Point", "coordinates": [2.7, 50.4]}} for i in range(60)]
    path = tmp_path / "spread.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": feats}), encoding="utf-8")
    assert code_of(path) == "too_many_fields"


def _forged_gpkg(path, n: int, declared: int) -> None:
    points(n).to_file(path, layer="sites", driver="GPKG", engine="pyogrio")
    con = sqlite3.connect(path)
    con.execute("UPDATE gpkg_ogr_contents SET feature_count = ?", (declared,))
    con.commit()
    con.close()


def test_geopackage_declared_count_is_not_trusted(tmp_path, monkeypatch):
    """A GeoPackage declaring 3 features over 60 rows is counted for real (it was cut to 3, over the limit)."""
    monkeypatch.setattr(ingest, "MAX_FEATURES", 50)
    path = tmp_path / "forged.gpkg"
    _forged_gpkg(path, 60, 3)
    with pytest.raises(IngestError) as info:
        read_upload(path)
    assert info.value.code == "too_many_features_counted"
    assert "50" in str(info.value)


def test_geopackage_forged_count_under_the_limit_reads_every_row(tmp_path):
    """Under the limit, every row of a GeoPackage is read whatever count it declares."""
    path = tmp_path / "forged.gpkg"
    _forged_gpkg(path, 40, 3)
    up = read_upload(path)
    assert len(up.gdf) == 40


def _recursive_view_gpkg(path) -> None:
    points(1).to_file(path, layer="base", driver="GPKG", engine="pyogrio")
    con = sqlite3.connect(path)
    con.execute("""CREATE VIEW sites AS WITH RECURSIVE c(x) AS
                   (SELECT 1 UNION ALL SELECT x + 1 FROM c LIMIT 1000000000)
                   SELECT x AS fid, 'p' || x AS id, (SELECT geom FROM base LIMIT 1) AS geom FROM c""")
    con.execute("INSERT INTO gpkg_contents (table_name, data_type, identifier, srs_id) "
                "VALUES ('sites', 'features', 'sites', 4326)")
    con.execute("INSERT INTO gpkg_geometry_columns VALUES ('sites', 'geom', 'POINT', 4326, 0, 0)")
    con.commit()
    con.close()


def test_geopackage_recursive_view_refused(tmp_path):
    """A GeoPackage layer that is a recursive SQL view (10^9 rows) is refused at once (494 s before)."""
    path = tmp_path / "view.gpkg"
    _recursive_view_gpkg(path)
    with pytest.raises(IngestError) as info:
        read_upload(path, ingest.ReadOptions(source_layer="sites"))
    assert info.value.code == "gpkg_view"
    assert "vue SQL" in str(info.value)


def test_reading_process_killed_when_over_budget(tmp_path):
    """A read over its time budget is stopped (its process killed) and its temporary copy removed."""
    path = tmp_path / "ok.geojson"
    points(3).to_file(path, driver="GeoJSON", engine="pyogrio")
    before = set(os.listdir(tempfile.gettempdir()))
    with pytest.raises(IngestError) as info:
        read_upload(path, timeout_s=0.0001)
    assert info.value.code == "read_timeout"
    left = {p for p in set(os.listdir(tempfile.gettempdir())) - before if p.startswith("pma-upload-")}
    assert not left


def test_stale_upload_copies_are_cleaned(tmp_path):
    """Copies left in the temporary folder by a killed read are removed at the next read."""
    stale = tmp_path / "pma-upload-killed"
    stale.mkdir()
    (stale / "upload.geojson").write_text("{}", encoding="utf-8")
    old = time.time() - ingest.STALE_UPLOAD_S - 60
    os.utime(stale, (old, old))
    fresh = tmp_path / "pma-upload-running"
    fresh.mkdir()
    assert ingest.clean_stale_uploads(folder=tmp_path) == 1
    assert not stale.exists() and fresh.exists()


def test_long_attribute_strings_refused(tmp_path):
    """A 1 MB attribute string is refused with the field named (it made every rerun send megabytes)."""
    gdf = points(2)
    gdf["description"] = ["x" * 1_000_000, "court"]
    path = tmp_path / "long.geojson"
    gdf.to_file(path, driver="GeoJSON", engine="pyogrio")
    with pytest.raises(IngestError) as info:
        read_upload(path)
    assert info.value.code == "field_too_long"
    assert "description" in str(info.value) and "1000000" in str(info.value)


def test_too_many_vertices_refused(tmp_path, monkeypatch):
    """Geometries over the vertex budget are refused before validation repairs them."""
    monkeypatch.setattr(ingest, "MAX_VERTICES", 100)
    gdf = gpd.GeoDataFrame({"id": ["a"]}, geometry=[Point(2.7, 50.4).buffer(0.01, 64)], crs="EPSG:4326")
    path = tmp_path / "dense.geojson"
    gdf.to_file(path, driver="GeoJSON", engine="pyogrio")
    assert code_of(path) == "too_many_vertices"


def test_text_sample_is_linear():
    """text_sample over 200,000 distinct values answers at once (quadratic before: 20k rows took 11.6 s)."""
    df = pd.DataFrame({"nom": [f"site {i}" for i in range(199_999)] + ["Liévin"]})

    def too_slow(*_):
        raise TimeoutError("text_sample is not linear")

    old = signal.signal(signal.SIGALRM, too_slow)
    signal.alarm(30)  # generous guard: the quadratic version needs minutes here
    try:
        sample = ingest.text_sample(df)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)
    assert sample[0] == "Liévin" and len(sample) == ingest.SAMPLE_SIZE


def test_kml_error_shows_no_server_path(tmp_path):
    """GDAL's message about a broken KML names the file, never the server's temporary folder."""
    path = tmp_path / "broken.kml"
    path.write_text('<?xml version="1.0"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document>'
                    "<Placemark><name>a</name><Point><coordinates>2.7,50.4</coordinates></Point>"
                    "</Placemark>", encoding="utf-8")
    with pytest.raises(IngestError) as info:
        read_upload(path)
    message = str(info.value)
    assert info.value.code == "unreadable"
    assert tempfile.gettempdir() not in message and "pma-upload-" not in message
    assert str(tmp_path) not in message
