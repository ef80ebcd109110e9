"""Issue 14, public pages: the table's own CSV toolbar gets neutralised cells; layer text that reaches
Markdown is inert (no image fetched from an address chosen by a file's author); links only http(s)."""

from __future__ import annotations

import pytest

from pma_map.catalogue import LAYERS
from pma_map.exports import neutralise_formulas
from pma_map.text import esc_md, http_url

IMAGE = "![x](http://attacker.example/pixel.png)"
FORMULAS = ['=HYPERLINK("http://attacker.example","clic")', "+cmd|' /C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0"]


@pytest.fixture
def hostile_geo_dir(tiny_data, tmp_path, monkeypatch):
    """The tiny layers with formulas in asset names and sources, Markdown in a commune's source and contact."""
    data = tiny_data
    data["parcs"]["nom"] = FORMULAS[:2]
    data["parcs"]["source"] = [FORMULAS[2], "-2+3"]
    communes = data["communes"]
    communes["source"] = [IMAGE, "test", "test"]
    for field in ("mairie_adresse", "mairie_telephone", "mairie_email"):
        communes[field] = [f"1 rue {IMAGE} [lien](http://attacker.example/) <img src=x>", None, None]
    communes["mairie_site"] = ["javascript:alert(1)", "https://www.example.fr/mairie", None]
    geo = tmp_path / "geo"
    geo.mkdir()
    for name, gdf in data.items():
        gdf.to_file(geo / LAYERS[name].filename, driver="GeoJSON", engine="pyogrio")
    monkeypatch.setenv("PMA_MAP_GEO_DIR", str(geo))
    monkeypatch.setenv("PMA_MAP_DATA_DIR", str(tmp_path / "store_root"))
    return geo


def test_table_cells_neutralised_for_the_toolbar_csv(hostile_geo_dir, app_test):
    """The explorer's table (whose toolbar downloads a CSV of its cells) shows formulas prefixed with '."""
    at = app_test("pages/explorer.py", session={"explorer_table": True})  # the table runs once opened
    assert not at.exception, at.exception
    table = at.dataframe[0].value
    cells = [str(v) for col in table.columns for v in table[col].tolist() if isinstance(v, str)]
    assert not [c for c in cells if c and (c[0] in "=+@" or c.startswith("-2"))], cells
    assert "'" + FORMULAS[0] in cells and "'" + FORMULAS[2] in cells


def test_neutralise_formulas_keeps_numbers_the_app_formatted():
    """Formatted figures (a negative number) are kept; text starting with = + - @ tab CR is prefixed."""
    import pandas as pd

    table = pd.DataFrame({"nom": ["=1+1", "\t=x", "Parc"], "chiffre": ["-3,5", "2", "1"]})
    out = neutralise_formulas(table, keep=("chiffre",))
    assert out["nom"].tolist() == ["'=1+1", "'\t=x", "Parc"] and out["chiffre"].tolist() == ["-3,5", "2", "1"]


def test_commune_source_and_contact_are_inert_markdown(hostile_geo_dir, app_test):
    """On the commune page, a Markdown image in the layer's source or contact is shown as text, and a
    javascript: website is not linked (the visitor's browser fetched the image before)."""
    at = app_test("pages/commune.py", commune="62001")
    assert not at.exception, at.exception
    texts = [c.value for c in at.caption] + [m.value for m in at.markdown]
    source = next(v for v in texts if "pixel" in v)
    assert IMAGE not in source and "](" not in source
    contact = next(v for v in texts if "rue" in v)
    assert "![" not in contact and "](" not in contact and "<img" not in contact
    assert "javascript" not in contact and "href" not in contact


def test_contact_website_linked_only_when_http():
    """http_url keeps http(s) addresses with a host and refuses the rest."""
    assert http_url("https://www.example.fr/mairie") == "https://www.example.fr/mairie"
    for bad in ("javascript:alert(1)", "data:text/html,x", "http://", "https://a.fr/\" onclick=\"x", " ", None):
        assert http_url(bad) is None
    assert esc_md(IMAGE).count("&#") >= 6 and "!" not in esc_md(IMAGE)
