"""Reading uploads through pyogrio/GDAL: round trips per format, encodings, CRS, hardening."""

from __future__ import annotations

import zipfile

import geopandas as gpd
import pytest
from geopandas.testing import assert_geodataframe_equal
from shapely.geometry import Point, box

from pma_map.publish import ingest
from pma_map.publish.ingest import IngestError, ReadOptions, read_upload


def sites(crs: str = "EPSG:4326") -> gpd.GeoDataFrame:
    """Three points near Lens, with accented names."""
    gdf = gpd.GeoDataFrame(
        {"id": ["s1", "s2", "s3"], "nom": ["Nœux-les-Mines", "Liévin", "Hénin-Beaumont"],
         "prod_gwh": [19.1, 2.5, 0.75]},
        geometry=[Point(2.66, 50.48), Point(2.78, 50.42), Point(2.95, 50.42)], crs="EPSG:4326")
    return gdf.to_crs(crs)


def zip_shapefile(tmp_path, gdf, name="couche", encoding=None, drop=()):
    folder = tmp_path / "shp"
    folder.mkdir(exist_ok=True)
    kw = {"encoding": encoding} if encoding else {}
    gdf.to_file(folder / f"{name}.shp", engine="pyogrio", **kw)
    archive = tmp_path / f"{name}.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for p in sorted(folder.iterdir()):
            if p.suffix.lower() not in drop:
                zf.write(p, p.name)
    return archive


def same(actual: gpd.GeoDataFrame, expected: gpd.GeoDataFrame) -> None:
    assert_geodataframe_equal(actual[expected.columns.tolist()], expected.reset_index(drop=True),
                              check_crs=True, check_less_precise=True, check_dtype=False)


def test_geojson_round_trip(tmp_path):
    """A GeoJSON in EPSG:4326 comes back identical."""
    path = tmp_path / "sites.geojson"
    sites().to_file(path, driver="GeoJSON", engine="pyogrio")
    up = read_upload(path)
    assert up.driver == "GeoJSON" and up.crs_in == "EPSG:4326"
    same(up.gdf, sites())


def test_geopackage_round_trip_with_layer_choice(tmp_path):
    """A GeoPackage with two layers: the layer named like the target is taken, or the one asked for."""
    path = tmp_path / "export.gpkg"
    sites("EPSG:2154").to_file(path, layer="sites_solaires", driver="GPKG", engine="pyogrio")
    sites().iloc[:1].to_file(path, layer="autre", driver="GPKG", engine="pyogrio")
    up = read_upload(path, target_layer="sites_solaires")
    assert up.source_layer == "sites_solaires" and sorted(up.source_layers) == ["autre", "sites_solaires"]
    assert up.crs_in == "EPSG:2154"
    same(up.gdf, sites())
    assert len(read_upload(path, ReadOptions(source_layer="autre")).gdf) == 1
    assert sorted(ingest.list_source_layers(path)) == ["autre", "sites_solaires"]
    with pytest.raises(IngestError) as exc:
        read_upload(path, target_layer="parcs")
    assert exc.value.code == "source_layer_choice" and "--source-layer" in str(exc.value)


def test_lambert93_shapefile_cp1252_round_trip(tmp_path):
    """A zipped Lambert-93 Shapefile with a CP1252 DBF and its .cpg keeps "Nœux-les-Mines"."""
    archive = zip_shapefile(tmp_path, sites("EPSG:2154"), encoding="cp1252")
    up = read_upload(archive)
    assert up.crs_in == "EPSG:2154" and not up.encoding_guessed
    assert up.gdf.loc[0, "nom"] == "Nœux-les-Mines"
    same(up.gdf, sites())


def test_shapefile_without_cpg_is_guessed_and_encoding_can_be_chosen(tmp_path):
    """Without .cpg the CP1252 text is guessed and a sample shown; the user can force an encoding."""
    archive = zip_shapefile(tmp_path, sites("EPSG:2154"), encoding="cp1252", drop=(".cpg",))
    up = read_upload(archive)
    assert up.encoding == "CP1252" and up.encoding_guessed
    assert "Nœux-les-Mines" in up.text_sample
    forced = read_upload(archive, ReadOptions(encoding="latin-1"))
    assert forced.encoding == "ISO-8859-1" and forced.gdf.loc[0, "nom"] != "Nœux-les-Mines"


def test_kml_round_trip(tmp_path):
    """A KML file is read in EPSG:4326."""
    path = tmp_path / "sites.kml"
    sites()[["nom", "geometry"]].rename(columns={"nom": "Name"}).to_file(path, driver="KML", engine="pyogrio")
    up = read_upload(path)
    assert up.driver == "KML"
    assert list(up.gdf["Name"]) == list(sites()["nom"])
    assert up.gdf.geometry.geom_equals_exact(sites().geometry, 1e-6).all()


def test_csv_semicolon_decimal_comma_round_trip(tmp_path):
    """A spreadsheet CSV with ';' and decimal commas gives points and float values."""
    path = tmp_path / "sites.csv"
    rows = ["id;nom;prod_gwh;Latitude;Longitude"]
    for _, r in sites().iterrows():
        rows.append(f"{r.id};{r.nom};{str(r.prod_gwh).replace('.', ',')};"
                    f"{str(r.geometry.y).replace('.', ',')};{str(r.geometry.x).replace('.', ',')}")
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    up = read_upload(path)
    assert up.line_numbers == [2, 3, 4]
    same(up.gdf, sites())


def test_csv_lambert93_xy_cp1252(tmp_path):
    """A CSV with X/Y in Lambert-93 written in CP1252 is recognised and reprojected."""
    l93 = sites("EPSG:2154")
    lines = ["id,nom,X,Y"] + [f"{r.id},{r.nom},{r.geometry.x:.2f},{r.geometry.y:.2f}" for _, r in l93.iterrows()]
    path = tmp_path / "sites.csv"
    path.write_bytes(("\n".join(lines) + "\n").encode("cp1252"))
    up = read_upload(path)
    assert up.crs_in == "EPSG:2154" and up.encoding == "CP1252"
    assert up.gdf.loc[0, "nom"] == "Nœux-les-Mines"
    assert up.gdf.geometry.geom_equals_exact(sites().geometry, 1e-5).all()


def test_no_crs_proposes_lambert93_and_crs_option_fixes_it(tmp_path):
    """A Lambert-93 Shapefile without .prj is refused proposing EPSG:2154; --crs EPSG:2154 reads it."""
    archive = zip_shapefile(tmp_path, sites("EPSG:2154"), drop=(".prj",))
    with pytest.raises(IngestError) as exc:
        read_upload(archive)
    assert exc.value.code == "no_crs_lambert93" and "EPSG:2154" in str(exc.value)
    up = read_upload(archive, ReadOptions(crs="EPSG:2154"))
    same(up.gdf, sites())


def test_zip_member_leaving_folder_is_refused(tmp_path):
    """A member named ../x is refused before anything is written outside."""
    archive = tmp_path / "evil.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("../../evil.shp", b"x")
    with pytest.raises(IngestError) as exc:
        ingest.safe_extract(archive, tmp_path / "out")
    assert exc.value.code == "archive_path" and "sortirait du dossier" in str(exc.value)
    assert not (tmp_path.parent / "evil.shp").exists()


def test_zip_too_many_members(tmp_path):
    """An archive with more members than allowed is refused."""
    archive = tmp_path / "many.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for i in range(ingest.MAX_ZIP_MEMBERS + 1):
            zf.writestr(f"f{i}.txt", b"x")
    with pytest.raises(IngestError) as exc:
        ingest.safe_extract(archive, tmp_path / "out")
    assert exc.value.code == "archive_members"


def test_zip_bomb_counted_while_reading(tmp_path, monkeypatch):
    """A highly compressed member is stopped by counting the bytes really decompressed."""
    monkeypatch.setattr(ingest, "MAX_UNZIPPED_BYTES", 1024 * 1024)
    archive = tmp_path / "bomb.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("couche.dbf", b"\0" * (3 * 1024 * 1024))
    assert archive.stat().st_size < 50_000
    with pytest.raises(IngestError) as exc:
        ingest.safe_extract(archive, tmp_path / "out")
    assert exc.value.code == "archive_size"
    assert (tmp_path / "out" / "couche.dbf").stat().st_size <= 1024 * 1024 + ingest.ZIP_CHUNK


def test_vrt_is_refused_even_renamed(tmp_path):
    """A VRT (which can point GDAL at other files or URLs) is refused, also under a .geojson name."""
    vrt = ('<OGRVRTDataSource><OGRVRTLayer name="x"><SrcDataSource>/etc/passwd</SrcDataSource>'
           '</OGRVRTLayer></OGRVRTDataSource>')
    for name in ("x.vrt", "x.geojson", "x.csv"):
        path = tmp_path / name
        path.write_text(vrt)
        with pytest.raises(IngestError) as exc:
            read_upload(path)
        assert exc.value.code in ("unsupported_format", "unreadable")


def test_gdal_is_hardened_before_reading(tmp_path):
    """Reading an upload sets the GDAL options that forbid network access and directory listing."""
    import pyogrio

    path = tmp_path / "sites.geojson"
    sites().to_file(path, driver="GeoJSON", engine="pyogrio")
    read_upload(path)
    assert pyogrio.get_gdal_config_option("GDAL_DISABLE_READDIR_ON_OPEN") == "EMPTY_DIR"
    assert pyogrio.get_gdal_config_option("CPL_VSIL_CURL_ALLOWED_EXTENSIONS") == ".pma-map-no-network"


def test_looks_lambert93():
    """Lambert-93 metres are told from degrees."""
    assert ingest.looks_lambert93((640_000, 7_020_000, 720_000, 7_060_000))
    assert not ingest.looks_lambert93((2.6, 50.3, 3.1, 50.6))


def test_decimal_columns_only_converts_numbers():
    """Decimal-comma columns become floats; text and codes stay text."""
    import pandas as pd

    df = pd.DataFrame({"a": ["1,5", "2", None], "b": ["62498", "62001", "62002"], "c": ["x,1", "2,5", "3"]})
    out = ingest.decimal_columns(df)
    assert out["a"].tolist()[:2] == [1.5, 2.0]
    assert out["b"].tolist() == ["62498", "62001", "62002"] and out["c"].tolist()[0] == "x,1"


def test_polygon_geojson_in_other_crs(tmp_path):
    """A GeoJSON polygon written in Web Mercator comes back in EPSG:4326."""
    gdf = gpd.GeoDataFrame({"id": ["p"]}, geometry=[box(2.7, 50.4, 2.72, 50.42)], crs="EPSG:4326")
    path = tmp_path / "p.gpkg"
    gdf.to_crs("EPSG:3857").to_file(path, driver="GPKG", engine="pyogrio")
    up = read_upload(path)
    assert up.crs_in == "EPSG:3857"
    same(up.gdf, gdf)


def test_geojson_with_lambert93_metres_but_no_crs_member(tmp_path):
    """A GeoJSON holding Lambert-93 metres without saying so is refused proposing EPSG:2154."""
    import json

    l93 = sites("EPSG:2154")
    features = [{"type": "Feature", "properties": {"id": r.id},
                 "geometry": {"type": "Point", "coordinates": [r.geometry.x, r.geometry.y]}}
                for _, r in l93.iterrows()]
    path = tmp_path / "l93.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    with pytest.raises(IngestError) as exc:
        read_upload(path)
    assert exc.value.code == "no_crs_lambert93"
    up = read_upload(path, ReadOptions(crs="EPSG:2154"))
    assert up.gdf.geometry.geom_equals_exact(sites().geometry, 1e-6).all()
