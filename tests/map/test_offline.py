"""The map loads no script or stylesheet from outside the app (pma_map.map.offline)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import branca.colormap
import folium
import folium.plugins
import pytest

from pma_map.map import offline

ROOT = Path(__file__).resolve().parents[2]

POLYGON = {
    "type": "FeatureCollection",
    "features": [
        {
            "type": "Feature",
            "properties": {"nom": "Arras", "code": "62041"},
            "geometry": {
                "type": "Polygon",
                "coordinates": [
                    [[2.70, 50.27], [2.82, 50.27], [2.82, 50.32], [2.70, 50.32], [2.70, 50.27]]
                ],
            },
        }
    ],
}
POINTS = [(50.29, 2.78), (50.43, 2.83), (50.53, 2.64)]


@pytest.fixture
def vendor_dir() -> Path:
    if not offline.VENDOR_DIR.is_dir():
        pytest.fail(f"{offline.VENDOR_DIR} is missing: run `make assets`")
    return offline.VENDOR_DIR


def build_map() -> tuple[folium.Map, folium.FeatureGroup]:
    """A map with every element kind the app uses, and a group for feature_group_to_add."""
    m = folium.Map(location=[50.4, 2.8], zoom_start=10, tiles=None)
    folium.TileLayer("OpenStreetMap", name="OSM").add_to(m)
    folium.WmsTileLayer(
        url="https://data.geopf.fr/wms-r/wms", layers="ORTHOIMAGERY.ORTHOPHOTOS", name="Ortho",
        fmt="image/png", transparent=True, overlay=True, show=False,
    ).add_to(m)
    base = folium.FeatureGroup(name="Communes").add_to(m)
    folium.GeoJson(
        POLYGON,
        tooltip=folium.GeoJsonTooltip(fields=["nom"]),
        popup=folium.GeoJsonPopup(fields=["nom", "code"]),
    ).add_to(base)
    folium.Marker(POINTS[0], icon=folium.Icon(), tooltip="glyphicon").add_to(m)
    folium.Marker(POINTS[1], icon=folium.Icon(prefix="fa", icon="star", angle=45)).add_to(m)
    cluster = folium.plugins.MarkerCluster(name="Cluster").add_to(m)
    folium.Marker(POINTS[2]).add_to(cluster)
    folium.plugins.FastMarkerCluster(POINTS, name="Fast").add_to(m)
    folium.plugins.Fullscreen().add_to(m)
    folium.LayerControl().add_to(m)
    offline.localize(m)

    group = folium.FeatureGroup(name="Atouts")
    for lat, lon in POINTS:
        folium.CircleMarker((lat, lon), radius=6, tooltip="point").add_to(group)
    folium.plugins.MarkerCluster().add_to(group)
    offline.localize(group)
    return m, group


def links_sent_by_st_folium(m: folium.Map) -> list[str]:
    """The js_links + css_links st_folium collects by walking the map (as in 0.27)."""
    links = []
    for node in offline._walk(m):
        links += [url for _, url in getattr(node, "default_js", [])]
        links += [url for _, url in getattr(node, "default_css", [])]
    return links


def local_refs(html: str) -> list[str]:
    return [
        url
        for url in re.findall(r"(?:src|href)=[\"']([^\"']+)[\"']", html)
        if url.startswith(offline.VENDOR_URL)
    ]


def test_rendered_map_has_no_external_script_or_stylesheet():
    """A localized map's HTML names no CDN: offline it would be blank."""
    m, group = build_map()
    group.add_to(m)  # as st_folium does with feature_group_to_add
    html = m.get_root().render()
    assert offline.external_refs(html) == []
    assert local_refs(html), "the map should load Leaflet from /app/static/vendor"


def test_st_folium_links_are_all_local():
    """What streamlit-folium loads (default_js/css of the map and its groups) is local."""
    m, group = build_map()
    group.add_to(m)
    links = links_sent_by_st_folium(m)
    assert links
    assert [url for url in links if not url.startswith(offline.VENDOR_URL)] == []


def test_every_referenced_local_file_exists(vendor_dir):
    """Each local script/stylesheet the map names was copied by `make assets`."""
    m, group = build_map()
    group.add_to(m)
    html = m.get_root().render()
    missing = [
        url for url in local_refs(html)
        if not (vendor_dir / url.removeprefix(offline.VENDOR_URL)).is_file()
    ]
    assert missing == [], f"run `make assets`; missing: {missing}"
    absent = [str(p) for p in offline.local_asset_paths() if not p.is_file()]
    assert absent == [], f"run `make assets`; missing: {absent}"


def test_css_relative_urls_resolve(vendor_dir):
    """Images and fonts named by the vendored stylesheets (icons, markers) exist."""
    missing = []
    for css in vendor_dir.rglob("*.css"):
        for raw in re.findall(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)", css.read_text("utf-8")):
            if re.match(r"^(data:|#|[a-z]+:|//)", raw):
                assert not raw.startswith(("http", "//")), f"{css} loads {raw}"
                continue
            target = (css.parent / urlsplit(raw).path).resolve()
            if not target.is_file():
                missing.append(f"{css.relative_to(vendor_dir)} -> {raw}")
    assert missing == []


def test_unmapped_plugin_raises_value_error_naming_the_address():
    """A plugin with no local copy cannot silently bring a CDN back."""
    m = folium.Map(tiles=None)
    folium.plugins.Draw().add_to(m)
    with pytest.raises(ValueError, match=r"leaflet\.draw"):
        offline.localize(m)


def test_colormap_is_refused():
    """A branca ColorMap makes streamlit-folium add d3 from a CDN: refused."""
    m = folium.Map(tiles=None)
    branca.colormap.LinearColormap(["white", "green"], vmin=0, vmax=1).add_to(m)
    with pytest.raises(ValueError, match="d3"):
        offline.localize(m)


def test_localize_changes_instances_not_folium_classes():
    """Maps built without localize (other pages, notebooks) keep folium's defaults."""
    before = list(folium.Map.default_js)
    offline.localize(folium.Map(tiles=None))
    assert folium.Map.default_js == before
    assert offline.localize(offline.localize(folium.Map(tiles=None))) is not None


def test_external_refs_finds_only_foreign_scripts_and_stylesheets():
    """external_refs tells app-served files from anything with a scheme or host."""
    html = """
    <script src="/app/static/vendor/leaflet/dist/leaflet.js"></script>
    <script src="https://cdn.example/x.js"></script>
    <script>var inline = 1;</script>
    <link rel="stylesheet" href="//cdn.example/y.css"/>
    <link href="http://cdn.example/z.css" rel="stylesheet">
    <link rel="icon" href="https://cdn.example/favicon.ico">
    <link rel="stylesheet" href="static/local.css">
    """
    assert offline.external_refs(html) == [
        "https://cdn.example/x.js",
        "//cdn.example/y.css",
        "http://cdn.example/z.css",
    ]


def test_npm_versions_match_the_addresses_folium_names():
    """package-lock pins the versions whose CDN addresses the copies replace."""
    lock = json.loads((ROOT / "package-lock.json").read_text("utf-8"))["packages"]
    version = {path.removeprefix("node_modules/"): p["version"] for path, p in lock.items() if path}
    for cdn, local in offline.LOCAL_COPIES.items():
        package = local.split("/")[0]
        if package.startswith("@"):
            package = "/".join(local.split("/")[:2])
        if package in version and package != "bootstrap-3-glyphicons":
            assert version[package] in cdn, f"{package} {version[package]} for {cdn}"
