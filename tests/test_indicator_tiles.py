"""The explorer's indicator tiles as HTML: every value escaped, the figure and its unit kept."""

from __future__ import annotations

from pma_map.ui.widgets import indicator_tiles


def _row(**over) -> dict:
    row = {"key": "parcs_ha", "value": 1234.5, "decimals": 1, "unit_key": "unit.ha", "published": [],
           "share": None, "approximate_features": 0, "missing": 0, "total": 3}
    row.update(over)
    return row


def test_tile_escapes_sources_from_the_data():
    """A source read from an uploaded layer reaches the page as text, never as markup."""
    fig = {"value": 9, "unit_fr": "ha", "unit_en": "ha", "source": "<img src=x onerror=alert(1)>",
           "source_date": "2022"}
    html = indicator_tiles([_row(published=[fig])], "fr")
    assert "<img" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html


def test_tile_shows_figure_with_unit_and_unpublished_without():
    """1 234,5 ha in French; a missing figure says so, with no unit."""
    html = indicator_tiles([_row(), _row(key="zones_count", value=None)], "fr")
    assert "1\u202f234,5 ha" in html or "1 234,5 ha" in html.replace("\u00a0", " ")
    assert 'data-key="zones_count"' in html and "non publié" in html
