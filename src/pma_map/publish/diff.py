"""What a new version changes (pure): features added, removed, changed, by id.

Also the indicators of the layer before and after, computed by
``indicators.compute_indicators`` on the current data with the layer swapped.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import geopandas as gpd
import pandas as pd

from pma_map.catalogue import LayerSpec
from pma_map.indicators import INDICATORS, compute_indicators, population_vintage
from pma_map.publish.validation import id_field

#: Coordinates closer than this (degrees, about 1 cm) count as unchanged.
GEOMETRY_TOLERANCE = 1e-7


@dataclass
class Diff:
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    #: id -> names of the fields that changed ("geometry" included).
    changed: dict[str, list[str]] = field(default_factory=dict)
    unchanged: int = 0

    def to_dict(self) -> dict:
        return {"added": self.added, "removed": self.removed, "changed": self.changed,
                "unchanged": self.unchanged}

    def rows(self) -> list[dict]:
        """One row per added, removed or changed feature, for a table."""
        out = [{"id": i, "change": "added", "fields": ""} for i in self.added]
        out += [{"id": i, "change": "removed", "fields": ""} for i in self.removed]
        out += [{"id": i, "change": "changed", "fields": ", ".join(f)} for i, f in self.changed.items()]
        return out


def _same(a, b) -> bool:
    a_na = a is None or (not isinstance(a, (list, dict)) and pd.isna(a))
    b_na = b is None or (not isinstance(b, (list, dict)) and pd.isna(b))
    if a_na or b_na:
        return a_na and b_na
    try:
        return float(a) == float(b)
    except (TypeError, ValueError):
        return str(a) == str(b)


def diff_layers(old: gpd.GeoDataFrame, new: gpd.GeoDataFrame, spec: LayerSpec) -> Diff:
    """Features of ``new`` compared with ``old`` by the layer's id field."""
    key = id_field(spec)
    old_by = {str(r[key]): r for r in old.to_dict("records")} if key in old.columns else {}
    new_by = {str(r[key]): r for r in new.to_dict("records")} if key in new.columns else {}
    result = Diff(added=[i for i in new_by if i not in old_by],
                  removed=[i for i in old_by if i not in new_by])
    for i, row in new_by.items():
        if i not in old_by:
            continue
        before = old_by[i]
        fields = [f for f in spec.field_names if f != key and not _same(before.get(f), row.get(f))]
        g_old, g_new = before.get("geometry"), row.get("geometry")
        if (g_old is None) != (g_new is None) or (
                g_old is not None and not g_old.equals_exact(g_new, GEOMETRY_TOLERANCE)):
            fields.append("geometry")
        if fields:
            result.changed[i] = fields
        else:
            result.unchanged += 1
    return result


def indicators_before_after(current: Mapping[str, gpd.GeoDataFrame], layer: str,
                            new: gpd.GeoDataFrame) -> list[dict]:
    """The indicators read from ``layer``: ``{key, decimals, unit_key, before, after}``;
    the population's also carry ``vintage_before`` / ``vintage_after`` (its year, INSEE's words)."""
    before = compute_indicators(current)
    after = compute_indicators({**current, layer: new})
    vintages = (population_vintage(current), population_vintage({**current, layer: new}))
    return [{"key": d.key, "decimals": d.decimals, "unit_key": d.unit_key,
             "before": before[d.key], "after": after[d.key],
             **({"vintage_before": vintages[0], "vintage_after": vintages[1]} if d.key == "population" else {})}
            for d in INDICATORS if d.layer == layer]
