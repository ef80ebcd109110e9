"""Styles of the commune layer: density classes and colours."""

from __future__ import annotations

import math

from pma_map.map.styles import DENSITY_COLORS, commune_style, density_classes, styles


def test_commune_without_density_gets_no_density_class(tiny_data):
    """A commune whose population or area is missing (NaN density) is drawn, not a StopIteration."""
    communes = tiny_data["communes"].copy()
    communes["population"] = communes["population"].astype(float)
    communes.loc[1, "population"] = math.nan
    classes = density_classes(communes)
    drawn = styles("communes", communes, "density", classes)
    assert len(drawn) == 3
    assert drawn[1]["fillColor"] not in DENSITY_COLORS
    assert drawn[0]["fillColor"] in DENSITY_COLORS
    assert commune_style({"population": 10, "superficie_km2": math.nan}, "density", classes)[
        "fillColor"] not in DENSITY_COLORS
