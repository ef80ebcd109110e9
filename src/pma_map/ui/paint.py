"""What the first paint and a filter change send and run, each technique measured (issue 10).

Every technique here was kept because the browser benchmark showed it wins (``benchmarks/README.md``,
"Issue 10: the first map and the filter change"). ``PMA_MAP_PAINT_OFF`` switches some off, for
the benchmark's ablation only (comma-separated names from :data:`TECHNIQUES`, or ``all``).
"""

from __future__ import annotations

import os

#: name -> what it does. The names are those of ``PMA_MAP_PAINT_OFF``.
TECHNIQUES = {
    "lean_js": "the map's frame loads Leaflet and jQuery only: folium's Bootstrap and awesome-markers "
               "scripts (loaded one after the other, used by nothing on our maps) are left out",
    "lazy_table": "the explorer's table is in an expander run only when opened (its grid is the "
                  "heaviest script of the page)",
}


def enabled(name: str) -> bool:
    """True unless ``PMA_MAP_PAINT_OFF`` names the technique (or says ``all``)."""
    if name not in TECHNIQUES:
        raise KeyError(name)
    off = {part.strip() for part in os.environ.get("PMA_MAP_PAINT_OFF", "").split(",")}
    return name not in off and "all" not in off
