"""The folium elements the app draws name only CDN addresses that have a local copy.

A new folium release may move a script to another CDN address: the map would
then load it from the internet (blank on the stand's Wi-Fi). This test fails
first, naming each new address, before any page does.
"""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import folium
import folium.plugins

from pma_map.map import offline

SRC = Path(__file__).resolve().parents[2] / "src" / "pma_map"


def drawn_folium_classes() -> dict[str, type]:
    """folium and folium.plugins classes named in the app's source (``folium.X``, ``from folium... import X``)."""
    source = "".join(p.read_text("utf-8") for p in SRC.rglob("*.py"))
    names = set(re.findall(r"\bfolium\.(?:plugins\.)?([A-Z]\w+)", source))
    for imported in re.findall(r"from folium(?:\.plugins)? import ([\w, ]+)", source):
        names.update(n.strip() for n in imported.split(","))
    found = {}
    for name in sorted(names):
        cls = getattr(folium, name, None) or getattr(folium.plugins, name, None)
        if inspect.isclass(cls):
            found[name] = cls
    return found


def test_every_cdn_address_of_the_drawn_elements_has_a_local_copy():
    """Each default_js/default_css address of a folium class the app uses is in offline.LOCAL_COPIES."""
    classes = drawn_folium_classes()
    assert {"Map", "MarkerCluster", "GeoJson", "FeatureGroup"} <= set(classes)
    missing = []
    for name, cls in classes.items():
        for attr in ("default_js", "default_css"):
            for _, url in getattr(cls, attr, None) or []:
                if url not in offline.LOCAL_COPIES:
                    missing.append(f"{name}.{attr}: {url}")
    assert missing == [], (
        f"folium {folium.__version__} names CDN addresses with no local copy (the map would load them from "
        "the internet): " + "; ".join(missing) + ". Add each to package.json, scripts/vendor_assets.py and "
        "pma_map.map.offline.LOCAL_COPIES, then raise the folium bound in pyproject.toml.")
