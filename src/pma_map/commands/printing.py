"""``pma-map print`` (the map of a filter as a PDF) and ``pma-map commune-sheet`` (a commune's profile)."""

from __future__ import annotations

import argparse

from pma_map.commands.explore import _csv, add_filter_arguments, filters_from_args
from pma_map.commands.investor import base_address, output_path, warn_if_local, write_atomic
from pma_map.filters import ALL_ASSET_LAYERS
from pma_map.layers import load_all


def _check_communes(data, codes) -> None:
    known = set(data["communes"]["insee"].astype(str))
    unknown = [c for c in codes if c not in known]
    if unknown:
        raise ValueError(f"Code INSEE inconnu dans le PMA : {', '.join(unknown)}. "
                         "Vérifiez le code (5 caractères, ex. 62498 pour Lens).")


def cmd_print(args: argparse.Namespace) -> int:
    from pma_map.printing.document import print_view, view_url

    out = output_path(args.output)
    base = base_address(args.base_url)
    f = filters_from_args(args)
    data = load_all()
    _check_communes(data, f.communes)
    warn_if_local(base)
    pdf = print_view(data, f, args.lang, args.format, base=base)
    write_atomic(out, pdf)
    print(f"Carte ({args.lang}, {args.format.upper()} paysage) écrite dans {out} ({len(pdf)} octets).")
    print(f"Lien du QR code : {view_url(f, args.lang, base)}")
    return 0


def cmd_commune_sheet(args: argparse.Namespace) -> int:
    from pma_map.printing.commune import commune_sheet, commune_url

    out = output_path(args.output)
    base = base_address(args.base_url)
    data = load_all()
    _check_communes(data, [args.insee])
    warn_if_local(base)
    pdf = commune_sheet(data, args.insee, args.lang, base=base)
    write_atomic(out, pdf)
    print(f"Fiche commune ({args.lang}) de {args.insee} écrite dans {out} ({len(pdf)} octets).")
    print(f"Lien du QR code : {commune_url(args.insee, args.lang, base)}")
    return 0


def register(sub) -> None:
    p = sub.add_parser("print", help="imprimer la carte d'un filtre en PDF (A4 ou A3 paysage)")
    add_filter_arguments(p)
    p.add_argument("--layers", dest="layers", type=_csv, default=None, action="extend",
                   help=f"couche(s), comme --layer : {', '.join(ALL_ASSET_LAYERS)}")
    p.add_argument("--format", choices=("a4", "a3"), default="a4", type=str.lower, help="format du papier")
    p.add_argument("--lang", choices=("fr", "en"), default="fr")
    p.add_argument("-o", "--output", help="fichier PDF à écrire")
    p.add_argument("--base-url", help="adresse de l'application dans le lien et le QR code "
                                      "(défaut : PMA_MAP_BASE_URL)")
    p.set_defaults(func=cmd_print)

    p = sub.add_parser("commune-sheet", help="fiche commune en PDF pour les maires")
    p.add_argument("insee", help="code INSEE de la commune, par exemple 62498 (Lens)")
    p.add_argument("--lang", choices=("fr", "en"), default="fr")
    p.add_argument("-o", "--output", help="fichier PDF à écrire")
    p.add_argument("--base-url", help="adresse de l'application dans le lien et le QR code "
                                      "(défaut : PMA_MAP_BASE_URL)")
    p.set_defaults(func=cmd_commune_sheet)
