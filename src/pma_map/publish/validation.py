"""Validating a new version of a layer against its schema in the catalogue (pure).

``validate(gdf, spec, ...)`` returns a ``Validated``: the ``Report`` (errors
block publishing, warnings do not; each with a code, a message naming the
problem and the fix, and the features or CSV lines concerned) and the frame
prepared for publishing (catalogue fields only, repaired geometries, typed
values, EPSG:4326). Nothing here reads or writes files.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from pma_map.catalogue import LayerSpec
from pma_map.errors import PmaError
from pma_map.geo import LAMBERT93, WGS84
from pma_map.i18n import fmt_num, t
from pma_map.parse import to_number
from pma_map.publish.ingest import MAX_FEATURES  # the one limit of an upload (read, then validated)

#: How many features a message names before "…".
NAMED_IN_MESSAGE = 5
#: Distance (degrees, about 1 km) a feature may lie outside the communes and still count as inside.
TERRITORY_TOLERANCE = 0.01
#: Shapefile (DBF) column names are cut to this many characters.
SHAPEFILE_NAME_LENGTH = 10
#: Longitudes and latitudes (EPSG:4326) of a box far around metropolitan France: a feature
#: outside it is a coordinate error (swapped or wrong system, 1e308), not a far-away site.
FRANCE_FAR_BOX = (-12.0, 38.0, 15.0, 56.0)
WORLD_BOX = (-180.0, -90.0, 180.0, 90.0)
#: A communes layer whose total area differs from the current one by more than this share
#: is a change of territory.
TERRITORY_AREA_TOLERANCE = 0.10

GEOMETRY_TYPES = {
    "Polygon": ("Polygon", "MultiPolygon"),
    "LineString": ("LineString", "MultiLineString"),
    "Point": ("Point", "MultiPoint"),
}


@dataclass
class Issue:
    """One finding: ``level`` is ``error`` (blocks publishing) or ``warning``."""

    code: str
    level: str
    message: str
    features: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"code": self.code, "level": self.level, "message": self.message,
                "features": list(self.features), "count": len(self.features)}


@dataclass
class Report:
    """The validation report of one upload."""

    layer: str
    features: int = 0
    crs_in: str | None = None
    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def codes(self) -> list[str]:
        return [i.code for i in self.errors + self.warnings]

    def to_dict(self) -> dict:
        return {"ok": self.ok, "layer": self.layer, "features": self.features, "crs_in": self.crs_in,
                "errors": [i.to_dict() for i in self.errors],
                "warnings": [i.to_dict() for i in self.warnings]}


@dataclass
class Validated:
    report: Report
    gdf: gpd.GeoDataFrame | None


def id_field(spec: LayerSpec) -> str:
    """The field that identifies a feature of the layer (``insee`` for communes)."""
    return spec.id_field


def parse_mapping(pairs: Sequence[str] | Mapping[str, str] | None) -> dict[str, str]:
    """``["INSEE_COM=insee", ...]`` as a dict; a clear ValueError on a malformed pair."""
    if not pairs:
        return {}
    if isinstance(pairs, Mapping):
        return {str(k).strip(): str(v).strip() for k, v in pairs.items() if str(k).strip()}
    out = {}
    for pair in pairs:
        old, sep, new = str(pair).partition("=")
        if not sep or not old.strip() or not new.strip():
            raise PmaError("bad_mapping_pair", pair=pair)
        out[old.strip()] = new.strip()
    return out


def _names(labels: list[str]) -> str:
    shown = ", ".join(labels[:NAMED_IN_MESSAGE])
    return shown + ("…" if len(labels) > NAMED_IN_MESSAGE else "")


class _Collector:
    def __init__(self, report: Report, lang: str):
        self.report, self.lang = report, lang

    def add(self, level: str, code: str, features: list[str] | None = None, **values) -> None:
        features = [str(f) for f in (features or [])]
        if features:
            values.setdefault("n", len(features))
            values.setdefault("which", _names(features))
        issue = Issue(code, level, t(f"val.{code}", self.lang, **values), features)
        (self.report.errors if level == "error" else self.report.warnings).append(issue)

    def error(self, code: str, features=None, **values) -> None:
        self.add("error", code, features, **values)

    def warning(self, code: str, features=None, **values) -> None:
        self.add("warning", code, features, **values)


def refused(layer: str, code: str, message: str, crs_in: str | None = None) -> Report:
    """A report for an upload that could not be read at all."""
    return Report(layer=layer, crs_in=crs_in, errors=[Issue(code, "error", message)])


def _labels(gdf: pd.DataFrame, id_col: str, line_numbers: Sequence[int] | None, lang: str) -> list[str]:
    if line_numbers is not None:
        return [t("val.line", lang, n=n) for n in line_numbers]
    if id_col in gdf.columns:
        ids = gdf[id_col]
        return [str(v) if pd.notna(v) and str(v).strip() else t("val.feature_n", lang, n=i + 1)
                for i, v in enumerate(ids)]
    return [t("val.feature_n", lang, n=i + 1) for i in range(len(gdf))]


def _apply_mapping(gdf: gpd.GeoDataFrame, spec: LayerSpec, mapping: dict[str, str], c: _Collector) -> gpd.GeoDataFrame:
    bad_src = [old for old in mapping if old not in gdf.columns]
    bad_dst = [new for new in mapping.values() if new not in spec.field_names]
    if bad_src:
        c.error("mapping_unknown_column", columns=", ".join(bad_src),
                available=", ".join(str(x) for x in gdf.columns if x != "geometry"))
    if bad_dst:
        c.error("mapping_unknown_field", fields=", ".join(bad_dst), known=", ".join(spec.field_names))
    rename = {old: new for old, new in mapping.items() if old in gdf.columns and new in spec.field_names}
    # Columns named like a field but for case (NOM, Insee), or cut to 10 characters by the
    # Shapefile format (source_dat), are taken as that field.
    lowered = {f.lower(): f for f in spec.field_names}
    truncated: dict[str, list[str]] = {}
    for f in spec.field_names:
        if len(f) > SHAPEFILE_NAME_LENGTH:
            truncated.setdefault(f[:SHAPEFILE_NAME_LENGTH].lower(), []).append(f)
    guessed = []
    for col in gdf.columns:
        if col in rename or col == "geometry" or col in spec.field_names:
            continue
        target = lowered.get(str(col).lower())
        cut = truncated.get(str(col).lower(), [])
        if target is None and len(cut) == 1:
            target = cut[0]
            guessed.append(f"{col}={target}")
        if target and target not in gdf.columns and target not in rename.values():
            rename[col] = target
    if guessed:
        c.warning("truncated_names", pairs=", ".join(guessed))
    return gdf.rename(columns=rename)


def _flatten(geom) -> list:
    if geom.geom_type == "GeometryCollection" or geom.geom_type.startswith("Multi"):
        return [q for p in shapely.get_parts(geom) for q in _flatten(p)]
    return [geom]


def _keep_type(geom, allowed: tuple[str, ...]):
    """The parts of ``geom`` of an allowed type (make_valid may return a collection)."""
    if geom is None or geom.is_empty:
        return None
    if geom.geom_type in allowed:
        return geom
    kept = [p for p in _flatten(geom) if p.geom_type in allowed and not p.is_empty]
    if not kept:
        return None
    return shapely.union_all(kept) if len(kept) > 1 else kept[0]


def _geometries(gdf: gpd.GeoDataFrame, spec: LayerSpec, labels: list[str], csv: bool,
                c: _Collector) -> gpd.GeoDataFrame:
    allowed = GEOMETRY_TYPES[spec.geometry]
    geoms = gdf.geometry
    missing = geoms.isna() | geoms.is_empty
    if missing.any():
        which = [labels[i] for i in range(len(gdf)) if missing.iloc[i]]
        c.error("csv_no_coordinates" if csv else "geometry_missing", which)
    # Not finite or off the globe (GEOS cannot even test 1e308 or Infinity): set aside.
    # Far from France: refused too, but kept for the territory check (which says "swapped?").
    world, france = _plausible(geoms, WORLD_BOX), _plausible(geoms, FRANCE_FAR_BOX)
    absurd = ~missing & ~world
    far = ~missing & world & ~france
    if (absurd | far).any():
        c.error("coordinates_absurd", [labels[i] for i in range(len(gdf)) if absurd.iloc[i] or far.iloc[i]])
    present = ~missing & ~absurd
    types = geoms.geom_type
    # Wrong type: only judge the shape family, before any repair.
    wrong = present & ~types.isin(allowed + ("GeometryCollection",))
    if wrong.any():
        which = [labels[i] for i in range(len(gdf)) if wrong.iloc[i]]
        found = ", ".join(sorted(set(types[wrong])))
        c.error("wrong_geometry", which, expected=t(f"geom.{spec.geometry}", c.lang), found=found)
    checked = present & ~wrong
    valid = pd.Series(True, index=geoms.index)
    if checked.any():
        valid[checked] = geoms[checked].is_valid
    invalid = checked & ~valid
    new = geoms.copy()
    new[absurd] = None
    if invalid.any():
        repaired, failed = [], []
        for i in range(len(gdf)):
            if not invalid.iloc[i]:
                continue
            fixed = _keep_type(shapely.make_valid(geoms.iloc[i]), allowed)
            if fixed is None or not fixed.is_valid:
                failed.append(labels[i])
            else:
                new.iloc[i] = fixed
                repaired.append(labels[i])
        if repaired:
            c.warning("geometry_repaired", repaired)
        if failed:
            c.error("geometry_invalid", failed)
    collections = present & ~wrong & ~invalid & (types == "GeometryCollection")
    for i in range(len(gdf)):
        if collections.iloc[i]:
            kept = _keep_type(geoms.iloc[i], allowed)
            if kept is None:
                c.error("wrong_geometry", [labels[i]], expected=t(f"geom.{spec.geometry}", c.lang),
                        found="GeometryCollection")
            new.iloc[i] = kept
    out = gdf.copy()
    # The map is flat: heights (KML, GPS exports) are dropped.
    out = out.set_geometry(gpd.GeoSeries(shapely.force_2d(new.values), index=gdf.index, crs=gdf.crs))
    return out


def _plausible(geoms: gpd.GeoSeries, box: tuple[float, float, float, float]) -> pd.Series:
    """True where every coordinate is finite and inside ``box`` (missing: True)."""
    arr = np.asarray(geoms.values, dtype=object)
    ok = np.ones(len(arr), dtype=bool)
    have = ~(shapely.is_missing(arr) | shapely.is_empty(arr))
    if have.any():
        coords = [shapely.get_coordinates(g) for g in arr[have]]
        minx, miny, maxx, maxy = box
        ok[have] = [bool(np.isfinite(xy).all() and (xy[:, 0] >= minx).all() and (xy[:, 0] <= maxx).all()
                         and (xy[:, 1] >= miny).all() and (xy[:, 1] <= maxy).all()) for xy in coords]
    return pd.Series(ok, index=geoms.index)


def territory_difference(new: gpd.GeoDataFrame, current: gpd.GeoDataFrame, lang: str = "fr") -> list[str]:
    """How a communes layer differs from the current territory (count, EPCI codes, total area), in words."""
    out = []
    if len(new) != len(current):
        out.append(t("territory.count", lang, new=len(new), old=len(current)))
    if "epci" in new.columns and "epci" in current.columns:
        codes_new = {str(v) for v in new["epci"].dropna()}
        codes_old = {str(v) for v in current["epci"].dropna()}
        if codes_new - codes_old:
            out.append(t("territory.epci_added", lang, codes=_names(sorted(codes_new - codes_old))))
        if codes_old - codes_new:
            out.append(t("territory.epci_removed", lang, codes=_names(sorted(codes_old - codes_new))))
    areas = []
    for gdf in (new, current):
        geoms = gdf.geometry[gdf.geometry.notna() & ~gdf.geometry.is_empty]
        areas.append(float(geoms.to_crs(LAMBERT93).area.sum()) / 1e6 if len(geoms) else 0.0)
    if areas[1] > 0 and abs(areas[0] - areas[1]) > TERRITORY_AREA_TOLERANCE * areas[1]:
        out.append(t("territory.area", lang, new=fmt_num(areas[0], lang), old=fmt_num(areas[1], lang)))
    return out


def _values(gdf: gpd.GeoDataFrame, spec: LayerSpec, labels: list[str], c: _Collector) -> gpd.GeoDataFrame:
    out = gdf.copy()
    for f in spec.fields:
        if f.name not in out.columns:
            continue
        col = out[f.name]
        blank = col.isna() | col.astype("string").str.strip().eq("").fillna(True)
        if f.type in ("float", "int"):
            num = to_number(col)
            bad = ~blank & num.isna()
            if bad.any():
                which = [labels[i] for i in range(len(out)) if bad.iloc[i]]
                c.error("bad_number", which, field=f.name,
                        examples=_names([str(v) for v in col[bad].unique()]))
            if f.type == "int":
                frac = num.notna() & (num % 1 != 0)
                if frac.any():
                    which = [labels[i] for i in range(len(out)) if frac.iloc[i]]
                    c.error("bad_integer", which, field=f.name)
                out[f.name] = num.round().astype("Int64")
            else:
                out[f.name] = num.astype(float)
        else:
            text = col.astype("string").str.strip()
            if f.code:
                text = text.str.replace(r"\.0$", "", regex=True)
            out[f.name] = text.where(~blank, None).astype(object)
            out[f.name] = out[f.name].where(out[f.name].notna(), None)
            if f.choices:
                bad = ~blank & ~text.isin(f.choices).fillna(False)
                if bad.any():
                    which = [labels[i] for i in range(len(out)) if bad.iloc[i]]
                    c.error("bad_choice", which, field=f.name, choices=", ".join(f.choices),
                            examples=_names([str(v) for v in col[bad].unique()]))
        if f.required and blank.any():
            which = [labels[i] for i in range(len(out)) if blank.iloc[i]]
            c.error("missing_values", which, field=f.name)
    return out


def _territory(gdf: gpd.GeoDataFrame, territory, labels: list[str], c: _Collector) -> None:
    geoms = gdf.geometry
    present = geoms.notna() & ~geoms.is_empty
    if territory is None or not present.any():
        return
    area = shapely.buffer(territory, TERRITORY_TOLERANCE)
    outside = present & ~geoms.intersects(area)
    if outside[present].all():
        c.error("all_outside", [labels[i] for i in range(len(gdf)) if outside.iloc[i]])
    elif outside.any():
        c.warning("outside_territory", [labels[i] for i in range(len(gdf)) if outside.iloc[i]])


def validate(gdf: gpd.GeoDataFrame, spec: LayerSpec, *, territory=None, current_count: int = 0,
             mapping: Mapping[str, str] | None = None, line_numbers: Sequence[int] | None = None,
             crs_in: str | None = None, lang: str = "fr", max_features: int = MAX_FEATURES,
             current_communes: gpd.GeoDataFrame | None = None, territory_change: bool = False) -> Validated:
    """Check ``gdf`` (EPSG:4326) against ``spec`` and prepare it for publishing.

    ``territory`` is the union of the communes (shapely geometry) used for the
    outside-territory checks; ``current_count`` the number of features of the
    version now published (named when an empty layer is refused, and a warning
    when the file holds fewer than half as many);
    ``line_numbers`` the CSV line of each row, used to name rows.
    ``current_communes`` (communes layer only): the territory now published; a file that
    differs in count, EPCI codes or total area is refused unless ``territory_change``.
    """
    report = Report(layer=spec.name, features=int(len(gdf)), crs_in=crs_in)
    c = _Collector(report, lang)
    if gdf.crs is not None and not gdf.crs.equals(WGS84):
        raise PmaError("validate_crs")
    if len(gdf) == 0:
        c.error("empty_layer", current=current_count)
        return Validated(report, None)
    if len(gdf) > max_features:
        c.error("too_many_features", n=len(gdf), max=max_features)
        return Validated(report, None)
    if current_count and 2 * len(gdf) < current_count:
        # A filtered or partial export looks like this: allowed (the previous version is
        # kept and can be restored), but said before publishing.
        c.warning("large_removal", n=len(gdf), current=current_count)
    gdf = gdf.reset_index(drop=True)
    gdf = _apply_mapping(gdf, spec, dict(mapping or {}), c)
    idf = id_field(spec)
    labels = _labels(gdf, idf, line_numbers, lang)

    missing = [f for f in spec.required_fields if f not in gdf.columns]
    if missing:
        extra = [str(col) for col in gdf.columns if col != "geometry" and col not in spec.field_names]
        c.error("missing_fields", fields=", ".join(missing),
                columns=", ".join(extra) or t("val.none", lang),
                example=f"{extra[0]}={missing[0]}" if extra else f"colonne={missing[0]}")
    extra = [str(col) for col in gdf.columns if col != "geometry" and col not in spec.field_names]
    if extra:
        c.warning("extra_columns", columns=", ".join(extra))

    gdf = _geometries(gdf, spec, labels, line_numbers is not None, c)
    gdf = _values(gdf, spec, labels, c)
    if idf in gdf.columns:
        ids = gdf[idf]
        dup = ids.notna() & ids.duplicated(keep=False)
        if dup.any():
            c.error("duplicate_ids", [f"{labels[i]}" if line_numbers is None else f"{labels[i]} ({ids.iloc[i]})"
                                      for i in range(len(gdf)) if dup.iloc[i]], field=idf)
    _territory(gdf, territory, labels, c)
    if spec.name == "communes" and current_communes is not None:
        diff = territory_difference(gdf, current_communes, lang)
        if diff:
            if territory_change:
                c.warning("territory_change_confirmed", diff=" ; ".join(diff))
            else:
                c.error("territory_change", diff=" ; ".join(diff))

    columns = [f for f in spec.field_names if f in gdf.columns]
    prepared = gdf[columns + ["geometry"]].copy()
    for f in spec.fields:
        if f.name not in prepared.columns:
            prepared[f.name] = None
    prepared = prepared[list(spec.field_names) + ["geometry"]]
    prepared = gpd.GeoDataFrame(prepared, geometry="geometry", crs=WGS84)
    return Validated(report, prepared)
