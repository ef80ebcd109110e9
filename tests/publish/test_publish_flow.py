"""The publishing flow (read, validate, publish) on bad inputs: a French message naming the fix,
and the current version untouched."""

from __future__ import annotations

import zipfile

import geopandas as gpd
import pytest
from shapely.geometry import Point, Polygon, box

from pma_map.layers import load_layer
from pma_map.publish import ingest, publishing
from pma_map.publish.ingest import ReadOptions
from pma_map.publish.store import get_store, sha256_of


def solar(n: int = 3, **changes) -> gpd.GeoDataFrame:
    """Valid solar sites inside the tiny territory (communes 62001-62003 near Lens)."""
    rows = [{"id": f"sol-{i}", "nom": f"Site {i}", "insee": "62001", "source": "PMA", "source_date": "2024",
             "precision": "approximate", "statut": "en service", "production_gwh_an": 1.5 * i}
            for i in range(1, n + 1)]
    gdf = gpd.GeoDataFrame(rows, geometry=[Point(2.71 + 0.03 * i, 50.42) for i in range(n)], crs="EPSG:4326")
    for col, values in changes.items():
        gdf[col] = values
    return gdf


def write(gdf: gpd.GeoDataFrame, path) -> str:
    gdf.to_file(path, driver="GeoJSON", engine="pyogrio")
    return str(path)


@pytest.fixture
def published(tiny_geo_dir, tmp_path):
    """A store where version 2 of sites_solaires is published; returns its checksum."""
    prepared = publishing.prepare(write(solar(), tmp_path / "v2.geojson"), "sites_solaires")
    assert prepared.ok, prepared.report.to_dict()
    lv = publishing.publish(prepared, author="alice", note="v2")
    assert lv.version == 2
    return sha256_of(lv.path)


def refused(path, layer="sites_solaires", **kw):
    """Prepare an upload, check it is refused and that publishing it changes nothing."""
    store = get_store()
    before = store.current(layer)
    prepared = publishing.prepare(path, layer, **kw)
    assert not prepared.ok
    with pytest.raises(ValueError, match="Publication refusée"):
        publishing.publish(prepared, author="alice", note="bad")
    after = store.current(layer)
    assert after == before
    return prepared.report


def error(report, code):
    found = [e for e in report.errors if e.code == code]
    assert found, report.to_dict()
    return found[0]


def assert_untouched(checksum):
    lv = get_store().current("sites_solaires")
    assert lv.version == 2 and sha256_of(lv.path) == checksum
    assert [h["version"] for h in get_store().history("sites_solaires")] == [1, 2]


def test_unreadable_file(published, tmp_path):
    """A corrupt GeoJSON is refused as unreadable, with the formats to export again."""
    path = tmp_path / "x.geojson"
    path.write_text('{"type": "FeatureCollection", "features": [')
    e = error(refused(path), "unreadable")
    assert "Fichier illisible" in e.message and "Exportez-le à nouveau" in e.message
    assert_untouched(published)


def test_not_geographic(published, tmp_path):
    """A GeoJSON whose features have no geometry is not a geographic layer."""
    path = tmp_path / "x.geojson"
    path.write_text('{"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": null, '
                    '"properties": {"id": "a"}}]}')
    e = error(refused(path), "not_geographic")
    assert "aucune géométrie" in e.message
    assert_untouched(published)


def test_unsafe_archive(published, tmp_path):
    """A zip with a member leaving the folder is refused."""
    path = tmp_path / "x.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("../couche.shp", b"x")
    e = error(refused(path), "archive_path")
    assert "sortirait du dossier" in e.message and "Recréez le zip" in e.message
    assert_untouched(published)


def test_too_many_archive_members(published, tmp_path):
    """A zip with too many members is refused."""
    path = tmp_path / "x.zip"
    with zipfile.ZipFile(path, "w") as zf:
        for i in range(ingest.MAX_ZIP_MEMBERS + 1):
            zf.writestr(f"f{i}.dbf", b"x")
    e = error(refused(path), "archive_members")
    assert "Zippez seulement" in e.message
    assert_untouched(published)


def test_archive_too_large_uncompressed(published, tmp_path, monkeypatch):
    """A zip whose content decompresses over the limit is refused."""
    monkeypatch.setattr(ingest, "MAX_UNZIPPED_BYTES", 1024 * 1024)
    path = tmp_path / "x.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("c.shp", b"\0" * (2 * 1024 * 1024))
    e = error(refused(path), "archive_size")
    assert "décompressée" in e.message
    assert_untouched(published)


def test_file_too_large(published, tmp_path, monkeypatch):
    """A file over the size limit is refused before parsing."""
    monkeypatch.setattr(ingest, "MAX_FILE_BYTES", 1000)
    e = error(refused(write(solar(20), tmp_path / "x.geojson")), "file_too_large")
    assert "trop volumineux" in e.message and "Simplifiez" in e.message
    assert_untouched(published)


def test_too_many_features(published, tmp_path, monkeypatch):
    """More features than allowed is refused (wrong layer exported?)."""
    monkeypatch.setattr(ingest, "MAX_FEATURES", 5)
    e = error(refused(write(solar(6), tmp_path / "x.geojson")), "too_many_features")
    assert "Trop d'entités" in e.message
    assert_untouched(published)


def test_empty_layer(published, tmp_path):
    """An empty layer is refused: publishing it would erase the current features."""
    path = tmp_path / "x.geojson"
    path.write_text('{"type": "FeatureCollection", "features": []}')
    e = error(refused(path), "empty_layer")
    assert "effacerait les 3 entités" in e.message
    assert_untouched(published)


def test_file_with_far_fewer_features_warns(published, tmp_path):
    """An export holding under half the current features (a QGIS selection?) is named before publishing."""
    prepared = publishing.prepare(write(solar(1), tmp_path / "one.geojson"), "sites_solaires")
    assert prepared.ok
    (warning,) = [w for w in prepared.report.warnings if w.code == "large_removal"]
    assert "1 entité(s) contre 3" in warning.message and "sélection" in warning.message
    two = publishing.prepare(write(solar(2), tmp_path / "two.geojson"), "sites_solaires")
    assert "large_removal" not in [w.code for w in two.report.warnings]


def test_missing_required_fields_then_mapping(published, tmp_path):
    """Missing fields are named with the --map fix; the mapping makes the file publishable."""
    path = write(solar().rename(columns={"insee": "INSEE_COM", "production_gwh_an": "prod"}),
                 tmp_path / "x.geojson")
    e = error(refused(path), "missing_fields")
    assert "insee" in e.message and "INSEE_COM" in e.message and "correspondre" in e.message
    assert_untouched(published)
    ok = publishing.prepare(path, "sites_solaires", mapping={"INSEE_COM": "insee", "prod": "production_gwh_an"})
    assert ok.ok and ok.gdf["production_gwh_an"].tolist() == [1.5, 3.0, 4.5]


def test_wrong_geometry_type(published, tmp_path):
    """Polygons uploaded to a point layer are refused."""
    gdf = solar()
    gdf = gdf.set_geometry([box(2.71, 50.41, 2.72, 50.42)] * 3)
    e = error(refused(write(gdf, tmp_path / "x.geojson")), "wrong_geometry")
    assert "attend des points" in e.message and e.features == ["sol-1", "sol-2", "sol-3"]
    assert_untouched(published)


def test_invalid_geometries_are_repaired_and_listed(tiny_geo_dir, tmp_path):
    """A self-intersecting park polygon is repaired with make_valid and listed as a warning."""
    bowtie = Polygon([(2.71, 50.41), (2.73, 50.43), (2.73, 50.41), (2.71, 50.43), (2.71, 50.41)])
    gdf = solar(2).set_geometry([bowtie, box(2.75, 50.41, 2.76, 50.42)]).drop(columns=["statut", "production_gwh_an"])
    prepared = publishing.prepare(write(gdf, tmp_path / "p.geojson"), "parcs")
    assert prepared.ok
    w = [i for i in prepared.report.warnings if i.code == "geometry_repaired"][0]
    assert w.features == ["sol-1"] and "réparée" in w.message
    assert prepared.gdf.geometry.is_valid.all()
    assert set(prepared.gdf.geom_type) <= {"Polygon", "MultiPolygon"}


def test_features_outside_territory_warn(tiny_geo_dir, tmp_path):
    """One site far from the PMA is a warning naming it; the file stays publishable."""
    gdf = solar()
    gdf.loc[2, "geometry"] = Point(5.37, 43.30)
    prepared = publishing.prepare(write(gdf, tmp_path / "x.geojson"), "sites_solaires")
    assert prepared.ok
    w = [i for i in prepared.report.warnings if i.code == "outside_territory"][0]
    assert w.features == ["sol-3"] and "hors du territoire" in w.message


def test_swapped_latitude_longitude(published, tmp_path):
    """All features outside (latitude and longitude swapped) is an error that says so."""
    lines = ["id;nom;insee;source;source_date;precision;statut;latitude;longitude"]
    lines += [f"s{i};Site {i};62001;PMA;2024;approximate;en service;2,7{i};50,42" for i in range(3)]
    path = tmp_path / "x.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    e = error(refused(path), "all_outside")
    assert "inversées" in e.message
    assert_untouched(published)


def test_duplicate_ids(published, tmp_path):
    """Two features with the same id are refused, both named."""
    e = error(refused(write(solar(id=["a", "b", "a"]), tmp_path / "x.geojson")), "duplicate_ids")
    assert e.features == ["a", "a"] and "identifiant unique" in e.message
    assert_untouched(published)


def test_csv_rows_without_coordinates_listed_by_line(published, tmp_path):
    """CSV rows without coordinates are refused with their line numbers."""
    lines = ["id;nom;insee;source;source_date;precision;statut;lat;lon",
             "a;A;62001;PMA;2024;approximate;en service;50,42;2,72",
             "b;B;62001;PMA;2024;approximate;en service;;",
             "c;C;62001;PMA;2024;approximate;en service;50,42;2,74",
             "d;D;62001;PMA;2024;approximate;en service;50,42;"]
    path = tmp_path / "x.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    e = error(refused(path), "csv_no_coordinates")
    assert e.features == ["ligne 3", "ligne 5"] and "ligne 3, ligne 5" in e.message
    assert_untouched(published)


@pytest.mark.filterwarnings("ignore:Column names longer:UserWarning", "ignore:Normalized/laundered:RuntimeWarning")
def test_no_crs_refused_with_lambert93_proposal(published, tmp_path):
    """A Lambert-93 Shapefile without .prj is refused proposing EPSG:2154; with --crs it passes.

    Its DBF cuts source_date to source_dat: the truncated name is recognised and reported.
    """
    folder = tmp_path / "shp"
    folder.mkdir()
    solar().to_crs("EPSG:2154").drop(columns="production_gwh_an").to_file(folder / "s.shp", engine="pyogrio")
    path = tmp_path / "s.zip"
    with zipfile.ZipFile(path, "w") as zf:
        for p in folder.iterdir():
            if p.suffix != ".prj":
                zf.write(p, p.name)
    e = error(refused(path), "no_crs_lambert93")
    assert "EPSG:2154" in e.message
    assert_untouched(published)
    ok = publishing.prepare(path, "sites_solaires", options=ReadOptions(crs="EPSG:2154"))
    assert ok.ok and "truncated_names" in ok.report.codes()
    assert ok.gdf["source_date"].tolist() == ["2024"] * 3


def test_bad_values_refused(published, tmp_path):
    """A status outside the list and a non-numeric output are refused with the allowed values."""
    gdf = solar(statut=["en service", "fini", "en projet"], production_gwh_an=["1,5", "beaucoup", None])
    report = refused(write(gdf, tmp_path / "x.geojson"))
    assert "en construction" in error(report, "bad_choice").message
    assert "beaucoup" in error(report, "bad_number").message
    assert_untouched(published)


def test_vrt_refused(published, tmp_path):
    """A VRT file is refused as a format."""
    path = tmp_path / "x.vrt"
    path.write_text("<OGRVRTDataSource/>")
    e = error(refused(path), "unsupported_format")
    assert "VRT" in e.message
    assert_untouched(published)


def test_publish_is_seen_without_restart(backend, tmp_path):
    """load_layer returns the new version right after a publish, and the old one after a rollback."""
    assert len(load_layer("sites_solaires")) == 2
    prepared = publishing.prepare(write(solar(3), tmp_path / "x.geojson"), "sites_solaires")
    publishing.publish(prepared, author="alice", note="trois sites")
    assert load_layer("sites_solaires")["id"].tolist() == ["sol-1", "sol-2", "sol-3"]
    publishing.rollback("sites_solaires", 1, author="alice")
    assert len(load_layer("sites_solaires")) == 2


def test_markup_in_attributes_is_escaped_on_the_map(backend, tmp_path):
    """Markup in an uploaded name reaches the map escaped, never as live HTML."""
    from pma_map.layers import load_all
    from pma_map.map import overlays

    evil = '<img src=x onerror="alert(1)">'
    prepared = publishing.prepare(write(solar(nom=[evil, "<b>gras</b>", "ok"]), tmp_path / "x.geojson"),
                                  "sites_solaires")
    publishing.publish(prepared, author="alice", note="test")
    html = overlays.full_map(load_all()).get_root().render()
    # folium writes the GeoJSON with <, > and & as \\u003c, \\u003e, \\u0026.
    for raw in ("<img src=x", "\\u003cimg src=x", "<b>gras", "\\u003cb\\u003egras"):
        assert raw not in html
    assert "\\u0026lt;img src=x onerror=\\u0026quot;" in html
    assert "\\u0026lt;b\\u0026gt;gras" in html


def test_heights_are_dropped(tiny_geo_dir, tmp_path):
    """3D points (KML or GPS exports) are published flat."""
    gdf = solar().set_geometry([Point(2.72, 50.42, 35.0), Point(2.75, 50.42, 40.0), Point(2.78, 50.42, 0.0)])
    prepared = publishing.prepare(write(gdf, tmp_path / "z.geojson"), "sites_solaires")
    assert prepared.ok and not prepared.gdf.geometry.has_z.any()


def test_publish_refused_when_another_version_landed_during_review(backend, tmp_path):
    """A reviewed upload is not published over a version someone else published meanwhile."""
    reviewed = publishing.prepare(write(solar(3), tmp_path / "a.geojson"), "sites_solaires")
    other = publishing.prepare(write(solar(2), tmp_path / "b.geojson"), "sites_solaires")
    publishing.publish(other, author="bob", note="bob")
    with pytest.raises(ValueError, match="publiée par bob pendant votre relecture"):
        publishing.publish(reviewed, author="alice", note="alice", check_base=True)
    assert get_store().current("sites_solaires").version == 2
    assert [h["author"] for h in get_store().history("sites_solaires")][1:] == ["bob"]
