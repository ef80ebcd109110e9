"""Investor commands: the site finder, PDF site sheets and shortlist handouts.

The same functions as the investor page (:mod:`pma_map.invest.finder`,
:mod:`pma_map.invest.sheets`) on the current layers (:func:`pma_map.layers.load_all`).
Exit codes: 0 done, 1 no site matches (``find``), 2 usage error (unknown zone,
wrong shortlist size, bad address, unwritable output), with a French message on
stderr. A PDF is written to a temporary file beside the output, then moved into
place: an error never leaves a partial file.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from dataclasses import asdict
from pathlib import Path

from pma_map import config
from pma_map.catalogue import EPCI_CODES, VOCATIONS
from pma_map.commands.explore import _csv
from pma_map.errors import PmaError
from pma_map.fileio import atomic_write_bytes
from pma_map.i18n import LANGS, fmt_num, t
from pma_map.invest import sheets
from pma_map.invest.finder import Criteria, check_shortlist, find_sites
from pma_map.layers import load_all
from pma_map.parse import parse_number

_URL = re.compile(r"^https?://[^\s/?#]+[^\s?#]*$")


# --- checks -------------------------------------------------------------------------

def base_address(option: str | None) -> str:
    """The base address of links: ``--base-url``, else ``PMA_MAP_BASE_URL``, checked."""
    value = (option if option is not None else config.base_url()).strip().rstrip("/")
    if not _URL.match(value):
        where = "--base-url" if option is not None else "PMA_MAP_BASE_URL"
        raise PmaError("bad_base_url", where=where, value=value)
    return value


def warn_if_local(base: str) -> None:
    """Say on stderr when the QR codes would open a local address a visitor's phone cannot reach."""
    if config.is_local_url(base):
        print(f"Attention : les QR codes et liens pointent vers {base}, une adresse locale que le "
              "téléphone d'un visiteur ne peut pas ouvrir. Indiquez l'adresse publique avec --base-url "
              "ou la variable PMA_MAP_BASE_URL (par exemple https://carte.pole-metropolitain-artois.fr).",
              file=sys.stderr)


def output_path(value: str | None) -> Path:
    """The PDF to write, refused early when it cannot be written."""
    if not value:
        raise PmaError("pdf_output_missing")
    out = Path(value)
    if out.is_dir():
        raise PmaError("output_is_folder", out=out, example=out / "fiche.pdf")
    parent = out.parent
    if not parent.is_dir():
        raise PmaError("output_folder_missing", parent=parent)
    if not os.access(parent, os.W_OK | os.X_OK):
        raise PmaError("output_folder_readonly", parent=parent)
    return out


def write_atomic(out: Path, content: bytes) -> None:
    """Write ``content`` to ``out`` whole or not at all, or a French ValueError."""
    try:
        atomic_write_bytes(out, content)
    except OSError as exc:
        raise PmaError("write_failed", out=out, reason=exc.strerror or exc) from None


def check_zones(data, ids) -> None:
    """Every id is a business park of the current layer, or a French ValueError."""
    known = sorted(data["zones_activite"]["id"].astype(str))
    unknown = [i for i in ids if i not in set(known)]
    if unknown:
        raise PmaError("unknown_zones", ids=", ".join(f"« {i} »" for i in unknown), known=", ".join(known))


# --- commands -------------------------------------------------------------------------

def cmd_site_sheet(args: argparse.Namespace) -> int:
    out = output_path(args.output)
    base = base_address(args.base_url)
    data = load_all()
    check_zones(data, [args.zone_id])
    pdf = sheets.site_sheet(data, args.zone_id, args.lang, base)
    warn_if_local(base)
    write_atomic(out, pdf)
    print(f"Fiche ({args.lang}) de « {args.zone_id} » écrite dans {out} ({len(pdf)} octets).")
    print(f"Lien du QR code : {sheets.site_url(args.zone_id, args.lang, base)}")
    return 0


def cmd_handout(args: argparse.Namespace) -> int:
    ids = check_shortlist(args.zone_ids)
    out = output_path(args.output)
    base = base_address(args.base_url)
    data = load_all()
    check_zones(data, ids)
    pdf = sheets.handout(data, ids, args.lang, base)
    warn_if_local(base)
    write_atomic(out, pdf)
    print(f"Dossier ({args.lang}) de {len(ids)} sites ({', '.join(ids)}) écrit dans {out} "
          f"({len(pdf)} octets).")
    return 0


def criteria_from_args(args: argparse.Namespace) -> Criteria:
    return Criteria(
        min_available_ha=args.min_available_ha,
        vocations=tuple(args.vocations),
        epci=tuple(args.epci),
        max_motorway_km=args.max_motorway_km,
        max_station_km=args.max_station_km,
        max_port_km=args.max_port_km,
        include_unpublished=args.include_unpublished,
    )


def cmd_find(args: argparse.Namespace) -> int:
    criteria = criteria_from_args(args)
    lang = args.lang
    matches = find_sites(load_all(), criteria)
    if args.json:
        out = {"criteria": asdict(criteria), "lang": lang, "count": len(matches),
               "matches": [m.to_dict(lang) for m in matches]}
        print(json.dumps(out, ensure_ascii=False, indent=2, default=str))
        return 0 if matches else 1
    if not matches:
        print(t("invest.no_result", lang))
        return 1
    print(t("invest.results", lang, n=len(matches)))
    for m in matches:
        print()
        print(f"{t('invest.rank', lang, rank=m.rank)}  {m.nom} ({m.id})")
        vocation = t(f"vocation.{m.vocation}", lang) if m.vocation in VOCATIONS else m.vocation
        print(f"    {', '.join(m.communes)} · {m.epci} · {vocation}")
        land = [t("find.field", lang, label=t("sheet.available", lang),
                  value=_ha(m.available_ha, lang, 1)),
                t("find.field", lang, label=t("sheet.total", lang), value=_ha(m.total_ha, lang, 0))]
        print("    " + " · ".join(land))
        for reason in m.reasons_text(lang):
            print(f"    - {reason}")
    return 0


def _ha(value: float | None, lang: str, decimals: int) -> str:
    return t("value.unpublished", lang) if value is None else f"{fmt_num(value, lang, decimals)} ha"


def _number(value: str) -> float:
    """A number written 2.5 or 2,5."""
    try:
        return parse_number(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"nombre attendu, reçu « {value} »") from None


# --- parser -------------------------------------------------------------------------

def _pdf_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--lang", choices=LANGS, default="fr", help="langue du document (défaut : fr)")
    p.add_argument("-o", "--output", metavar="FICHIER.pdf", help="fichier PDF à écrire (obligatoire)")
    p.add_argument("--base-url", metavar="URL",
                   help="adresse de la carte pour le lien et le QR code "
                        "(défaut : variable PMA_MAP_BASE_URL, sinon http://localhost:8501)")


def register(sub) -> None:
    p = sub.add_parser("site-sheet", help="fiche PDF d'une zone d'activité (français ou anglais)",
                       description="Fiche PDF d'une zone d'activité : chiffres, accès, carte et "
                                   "QR code vers le site sur la carte.")
    p.add_argument("zone_id", metavar="ZONE_ID", help="identifiant de la zone (ex. zae-delta3)")
    _pdf_arguments(p)
    p.set_defaults(func=cmd_site_sheet)

    p = sub.add_parser("handout", help="dossier PDF de 2 à 5 sites : comparaison puis une fiche par site",
                       description="Dossier PDF d'une sélection de 2 à 5 zones d'activité : "
                                   "comparaison, puis la fiche de chaque site.")
    p.add_argument("zone_ids", metavar="ZONE_ID", nargs="*", help="identifiants des zones (2 à 5)")
    _pdf_arguments(p)
    p.set_defaults(func=cmd_handout)

    p = sub.add_parser("find", help="zones d'activité qui répondent à des critères, classées",
                       description="Chercher les zones d'activité qui répondent aux critères d'un "
                                   "investisseur. Distances à vol d'oiseau en Lambert-93. "
                                   "Code de sortie 1 si aucune zone ne correspond.")
    p.add_argument("--min-available-ha", type=_number, default=0.0, metavar="HA",
                   help="surface disponible minimale (ha) ; au-dessus de 0, les zones sans surface "
                        "publiée sont exclues, sauf avec --include-unpublished")
    p.add_argument("--vocation", dest="vocations", type=_csv, default=[], action="extend",
                   help=f"vocation(s), séparées par des virgules : {', '.join(VOCATIONS)}")
    p.add_argument("--epci", type=_csv, default=[], action="extend",
                   help=f"agglomération(s), séparées par des virgules : {', '.join(EPCI_CODES)}")
    for kind, what in (("motorway", "une jonction autoroutière"), ("station", "une gare"),
                       ("port", "un port fluvial")):
        p.add_argument(f"--max-{kind}-km", type=_number, default=None, metavar="KM",
                       help=f"distance maximale à {what} (km ; sans l'option : pas de limite)")
    p.add_argument("--include-unpublished", action="store_true",
                   help="garder les zones dont la surface disponible n'est pas publiée "
                        "(classées après les autres)")
    p.add_argument("--lang", choices=LANGS, default="fr", help="langue de la sortie (défaut : fr)")
    p.add_argument("--json", action="store_true", help="sortie JSON")
    p.set_defaults(func=cmd_find)
