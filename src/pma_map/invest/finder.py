"""The site finder: which business parks fit an investor's criteria, and why.

Pure functions: they take the layers (GeoDataFrames) and a :class:`Criteria`
value and return ranked :class:`Match` values; the page, the CLI and the
site sheets call the same code.

Rules (docs/investor.md says them to users):

- distances are straight-line distances computed in Lambert-93 (EPSG:2154)
  from the zone's geometry (0 when the access point is inside it) to the
  nearest access point of each kind of the ``acces`` layer;
- a zone whose available land is not published never passes a minimum
  above 0, unless ``include_unpublished`` is set: it is then kept, flagged
  "surface disponible non publiée", and ranked after the zones that pass
  with a published figure;
- ranking: published available land first, then the sum of the three
  distances (motorway junction + station + canal port, shortest first),
  then the larger total area, then the name.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, replace

import geopandas as gpd
import pandas as pd

from pma_map.catalogue import ACCESS_KINDS, EPCI_CODES, VOCATIONS
from pma_map.errors import PmaError
from pma_map.geo import LAMBERT93, WGS84
from pma_map.i18n import fmt_num, t
from pma_map.parse import parse_number
from pma_map.text import when_text

#: A shortlist compares this many sites.
SHORTLIST_MIN, SHORTLIST_MAX = 2, 5


@dataclass(frozen=True)
class Criteria:
    """What an investor asks for. ``None`` distances mean "no limit"."""

    min_available_ha: float = 0.0
    vocations: tuple[str, ...] = ()
    epci: tuple[str, ...] = ()
    max_motorway_km: float | None = None
    max_station_km: float | None = None
    max_port_km: float | None = None
    include_unpublished: bool = False

    def __post_init__(self) -> None:
        bad = [v for v in self.vocations if v not in VOCATIONS]
        if bad:
            raise PmaError("unknown_vocation", bad=", ".join(bad), allowed=", ".join(VOCATIONS))
        bad = [e for e in self.epci if e not in EPCI_CODES]
        if bad:
            raise PmaError("unknown_epci", bad=", ".join(bad), allowed=", ".join(EPCI_CODES))
        if self.min_available_ha < 0:
            raise PmaError("negative_min_area")
        for kind in ACCESS_KINDS:
            limit = self.max_km(kind)
            if limit is not None and limit < 0:
                raise PmaError("negative_distance")

    def max_km(self, kind: str) -> float | None:
        return getattr(self, f"max_{kind}_km")


@dataclass(frozen=True)
class Access:
    """The nearest access point of one kind: its name and distance (km)."""

    kind: str
    km: float | None
    name: str | None = None
    reference: str | None = None
    name_en: str | None = None

    def label(self, lang: str = "fr") -> str | None:
        return (self.name_en or self.name) if lang == "en" else self.name


@dataclass(frozen=True)
class Reason:
    """Why a site matches, as an i18n key and the values that fill it."""

    key: str
    values: dict = field(default_factory=dict)

    def text(self, lang: str = "fr") -> str:
        shown = {}
        for k, v in self.values.items():
            if k == "name_en":
                continue
            if k == "name" and lang == "en":
                shown[k] = self.values.get("name_en") or v
            elif k == "vocation":
                shown[k] = t(f"vocation.{v}", lang).lower()
            elif k == "date":
                shown["when"] = when_text(v, lang)
            elif isinstance(v, float):
                shown[k] = fmt_num(v, lang, 1)
            else:
                shown[k] = v
        return t(self.key, lang, **shown)


@dataclass(frozen=True)
class Match:
    """A business park that fits the criteria, with its figures and reasons."""

    id: str
    nom: str
    communes: tuple[str, ...]
    epci: str
    vocation: str
    available_ha: float | None
    total_ha: float | None
    access: tuple[Access, ...]
    reasons: tuple[Reason, ...]
    rank: int = 0

    @property
    def unpublished(self) -> bool:
        return self.available_ha is None

    def distance(self, kind: str) -> Access:
        return next(a for a in self.access if a.kind == kind)

    @property
    def access_score(self) -> float:
        """Sum of the distances to the nearest point of each kind (km); inf if one is missing."""
        kms = [a.km for a in self.access]
        return math.inf if any(k is None for k in kms) else float(sum(kms))

    def reasons_text(self, lang: str = "fr") -> list[str]:
        return [r.text(lang) for r in self.reasons]

    def to_dict(self, lang: str = "fr") -> dict:
        out = asdict(self)
        out["access"] = {a.kind: {"km": a.km, "name": a.label(lang), "reference": a.reference}
                         for a in self.access}
        out["reasons"] = self.reasons_text(lang)
        out["available_published"] = not self.unpublished
        return out


def _num(value) -> float | None:
    try:
        v = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(v) else v


def access_distances(zones: gpd.GeoDataFrame, acces: gpd.GeoDataFrame) -> dict[str, dict[str, Access]]:
    """For each zone id, the nearest access point of each kind, measured in EPSG:2154."""
    zones_l93 = zones.to_crs(LAMBERT93)
    acces_l93 = acces.to_crs(LAMBERT93) if len(acces) else acces
    out: dict[str, dict[str, Access]] = {}
    for zid, geom in zip(zones_l93["id"], zones_l93.geometry):
        found = {}
        for kind, types in ACCESS_KINDS.items():
            pts = acces_l93[acces_l93["type"].isin(types)] if len(acces_l93) else acces_l93
            if len(pts) == 0 or geom is None:
                found[kind] = Access(kind, None)
                continue
            dists = pts.geometry.distance(geom)
            i = dists.idxmin()
            found[kind] = Access(kind, round(float(dists[i]) / 1000, 3), str(pts.at[i, "nom"]),
                                 _text(pts, i, "reference"), _text(pts, i, "nom_en"))
        out[str(zid)] = found
    return out


def _text(frame, i, column: str) -> str | None:
    if column not in frame.columns:
        return None
    value = frame.at[i, column]
    return None if value is None or pd.isna(value) or value == "" else str(value)


def _text_value(value) -> str | None:
    if value is None or (isinstance(value, float) and math.isnan(value)) or str(value).strip() == "":
        return None
    return str(value).strip()


def _zone_communes(row, names: Mapping[str, str]) -> tuple[str, ...]:
    others = row.get("insee_autres")
    others = "" if others is None or (isinstance(others, float) and math.isnan(others)) else str(others)
    codes = [str(row.get("insee") or "")] + [c.strip() for c in others.split(";") if c.strip()]
    return tuple(names.get(c, c) for c in codes if c)


def _zone_epci(row, epci_of: Mapping[str, str]) -> str:
    return epci_of.get(str(row.get("insee")), "")


def evaluate(data: Mapping[str, gpd.GeoDataFrame], criteria: Criteria) -> list[Match]:
    """Every zone that fits ``criteria``, unranked (rank 0), with its reasons."""
    zones = data["zones_activite"]
    communes = data["communes"]
    names = dict(zip(communes["insee"].astype(str), communes["nom"]))
    epci_of = dict(zip(communes["insee"].astype(str), communes["epci"]))
    acces = data.get("acces")
    if acces is None:
        acces = gpd.GeoDataFrame({"type": [], "nom": []}, geometry=[], crs=WGS84)
    dist = access_distances(zones, acces) if len(zones) else {}
    matches = []
    for row in zones.drop(columns="geometry").to_dict("records"):
        zid = str(row["id"])
        epci = _zone_epci(row, epci_of)
        vocation = str(row.get("vocation") or "")
        available = _num(row.get("surface_disponible_ha"))
        reasons: list[Reason] = []
        if criteria.epci:
            if epci not in criteria.epci:
                continue
            reasons.append(Reason("finder.reason.epci", {"epci": epci}))
        if criteria.vocations:
            if vocation not in criteria.vocations:
                continue
            reasons.append(Reason("finder.reason.vocation", {"vocation": vocation}))
        if available is None:
            if criteria.min_available_ha > 0 and not criteria.include_unpublished:
                continue
            reasons.append(Reason("finder.reason.unpublished"))
        else:
            if available < criteria.min_available_ha:
                continue
            date = _text_value(row.get("disponible_date"))
            if date or _text_value(row.get("disponible_source")):  # a figure of land on sale: say when
                reasons.append(Reason("finder.reason.available_dated",
                                      {"value": available, "min": float(criteria.min_available_ha), "date": date}))
            else:
                reasons.append(Reason("finder.reason.available",
                                      {"value": available, "min": float(criteria.min_available_ha)}))
        access = dist.get(zid, {k: Access(k, None) for k in ACCESS_KINDS})
        ok = True
        for kind in ACCESS_KINDS:
            a = access[kind]
            limit = criteria.max_km(kind)
            if limit is not None and (a.km is None or a.km > limit):
                ok = False
                break
            if a.km is None:
                continue
            values = {"km": float(a.km), "name": a.name, "name_en": a.name_en}
            if limit is not None:
                reasons.append(Reason(f"finder.reason.{kind}_within", {**values, "max": float(limit)}))
            else:
                reasons.append(Reason(f"finder.reason.{kind}", values))
        if not ok:
            continue
        matches.append(Match(
            id=zid, nom=str(row["nom"]), communes=_zone_communes(row, names), epci=epci,
            vocation=vocation, available_ha=available, total_ha=_num(row.get("surface_totale_ha")),
            access=tuple(access[k] for k in ACCESS_KINDS), reasons=tuple(reasons),
        ))
    return matches


def rank_key(m: Match) -> tuple:
    """Published available land first, then the nearest access, the largest area, the name."""
    return (m.unpublished, m.access_score, -(m.total_ha or 0.0), m.nom)


def find_sites(data: Mapping[str, gpd.GeoDataFrame], criteria: Criteria) -> list[Match]:
    """The zones that fit ``criteria``, best first, numbered from 1."""
    ranked = sorted(evaluate(data, criteria), key=rank_key)
    return [Match(**{**m.__dict__, "rank": i}) for i, m in enumerate(ranked, start=1)]


def unpublished_excluded(data: Mapping[str, gpd.GeoDataFrame], criteria: Criteria) -> int:
    """How many zones the minimum leaves out only because their available land is not published."""
    if criteria.include_unpublished or criteria.min_available_ha <= 0:
        return 0
    wider = evaluate(data, replace(criteria, include_unpublished=True))
    return sum(1 for m in wider if m.unpublished)


def unpublished_count(data: Mapping[str, gpd.GeoDataFrame], criteria: Criteria) -> tuple[int, int]:
    """Of the zones that fit every criterion but the land minimum: how many have no published
    figure of available land, and how many there are."""
    wider = evaluate(data, replace(criteria, min_available_ha=0.0, include_unpublished=True))
    return sum(1 for m in wider if m.unpublished), len(wider)


def site_facts(data: Mapping[str, gpd.GeoDataFrame], zone_id: str) -> Match:
    """One zone with its distances, whatever the criteria (for sheets and the kiosk)."""
    zones = data["zones_activite"]
    if str(zone_id) not in set(zones["id"].astype(str)):
        known = ", ".join(sorted(zones["id"].astype(str)))
        raise PmaError("unknown_zone", zone_id=zone_id, known=known)
    only = {**data, "zones_activite": zones[zones["id"].astype(str) == str(zone_id)]}
    return find_sites(only, Criteria())[0]


def check_shortlist(ids) -> tuple[str, ...]:
    """The ids of a shortlist (2 to 5, no duplicates) or :class:`PmaError` ``shortlist_size``."""
    ids = tuple(dict.fromkeys(str(i) for i in ids))
    if not SHORTLIST_MIN <= len(ids) <= SHORTLIST_MAX:
        raise PmaError("shortlist_size", min=SHORTLIST_MIN, max=SHORTLIST_MAX, n=len(ids))
    return ids


def compare(matches: list[Match], ids, lang: str = "fr") -> pd.DataFrame:
    """The shortlist side by side: one column per site, one row per criterion."""
    ids = check_shortlist(ids)
    by_id = {m.id: m for m in matches}
    missing = [i for i in ids if i not in by_id]
    if missing:
        raise PmaError("sites_not_in_results", ids=", ".join(missing))
    rows = {
        t("finder.col.communes", lang): [", ".join(by_id[i].communes) for i in ids],
        t("finder.col.epci", lang): [by_id[i].epci for i in ids],
        t("finder.col.vocation", lang): [t(f"vocation.{by_id[i].vocation}", lang) for i in ids],
        t("finder.col.available", lang): [fmt_num(by_id[i].available_ha, lang, 1) for i in ids],
        t("finder.col.total", lang): [fmt_num(by_id[i].total_ha, lang, 0) for i in ids],
    }
    for kind in ACCESS_KINDS:
        rows[t(f"finder.col.{kind}", lang)] = [access_text(by_id[i].distance(kind), lang) for i in ids]
    rows[t("finder.col.rank", lang)] = [str(by_id[i].rank) for i in ids]
    return pd.DataFrame(rows, index=[by_id[i].nom for i in ids]).T


def access_text(a: Access, lang: str = "fr") -> str:
    """"2,3 km (A1, échangeur de Carvin / Libercourt)" or "non publié"."""
    if a.km is None:
        return t("value.unpublished", lang)
    return t("finder.access_text", lang, km=fmt_num(a.km, lang, 1), name=a.label(lang))


# --- URL round trip -----------------------------------------------------------

_QUERY_NUMBERS = ("min_available_ha", "max_motorway_km", "max_station_km", "max_port_km")
_QUERY_TUPLES = {"vocations": VOCATIONS, "epci": EPCI_CODES}


def criteria_to_query(c: Criteria) -> dict[str, str]:
    """Query-string parameters for ``c``; defaults are left out."""
    out: dict[str, str] = {}
    default = Criteria()
    for name in _QUERY_NUMBERS:
        value = getattr(c, name)
        if value != getattr(default, name):
            out[name] = f"{value:g}"
    for name in _QUERY_TUPLES:
        if getattr(c, name):
            out[name] = ",".join(getattr(c, name))
    if c.include_unpublished != default.include_unpublished:
        out["include_unpublished"] = "1" if c.include_unpublished else "0"
    return out


def criteria_from_query(params: Mapping[str, str]) -> Criteria:
    """Read criteria from query parameters; invalid values are dropped so a shared link opens."""
    values: dict = {}
    for name in _QUERY_NUMBERS:
        raw = params.get(name)
        if raw is None:
            continue
        try:
            number = parse_number(raw)
        except ValueError:
            continue
        if math.isfinite(number) and number >= 0:
            values[name] = number
    for name, allowed in _QUERY_TUPLES.items():
        raw = params.get(name)
        if raw:
            values[name] = tuple(dict.fromkeys(v for v in str(raw).split(",") if v in allowed))
    if "include_unpublished" in params:
        values["include_unpublished"] = str(params["include_unpublished"]) in ("1", "true", "oui", "yes")
    return Criteria(**values)
