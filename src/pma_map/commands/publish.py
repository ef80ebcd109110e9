"""Publishing commands: validate, publish, history, rollback, export, hash-password.

The same functions as the publishing page (``pma_map.publish.publishing``). Exit codes:
0 done (or publishable), 1 refused by validation, 2 usage error.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys

from pma_map.catalogue import LAYERS
from pma_map.errors import PmaError
from pma_map.i18n import t
from pma_map.publish import publishing
from pma_map.publish.auth import hash_password
from pma_map.publish.ingest import ReadOptions
from pma_map.publish.store import BaseMovedError, get_store
from pma_map.publish.validation import parse_mapping
from pma_map.text import local_time


def _print_json(obj) -> None:
    print(json.dumps(obj, ensure_ascii=False, indent=2, default=str))


def _prepare(args: argparse.Namespace) -> publishing.CheckedUpload:
    options = ReadOptions(crs=args.crs, encoding=args.encoding, source_layer=args.source_layer,
                          territory_change=args.territory_change)
    return publishing.prepare(args.file, args.layer, options=options, mapping=parse_mapping(args.map))


def _print_report(report, out=None) -> None:
    out = out or sys.stdout  # looked up at call time (a default bound at import outlives a redirection)
    state = "publiable" if report.ok else "refusé"
    print(f"Couche {report.layer} : {report.features} entité(s), système d'origine "
          f"{report.crs_in or '—'} : {state}.", file=out)
    for issue in report.errors:
        print(f"ERREUR [{issue.code}] {issue.message}", file=out)
    for issue in report.warnings:
        print(f"Avertissement [{issue.code}] {issue.message}", file=out)


def _diff(prepared: publishing.CheckedUpload) -> dict | None:
    """What the upload changes in the current version, by id (None when it cannot be published)."""
    if not prepared.ok:
        return None
    return {**publishing.diff_with_current(prepared).to_dict(), "base_version": prepared.base_version}


def _print_diff(diff: dict | None) -> None:
    if diff is not None:
        print(t("cli.diff", "fr", version=diff["base_version"], added=len(diff["added"]),
                removed=len(diff["removed"]), changed=len(diff["changed"]), unchanged=diff["unchanged"]))


def cmd_validate(args: argparse.Namespace) -> int:
    prepared = _prepare(args)
    diff = _diff(prepared)
    if args.json:
        _print_json({**prepared.report.to_dict(), **({"diff": diff} if diff else {})})
    else:
        _print_report(prepared.report)
        _print_diff(diff)
    return 0 if prepared.ok else 1


def cmd_publish(args: argparse.Namespace) -> int:
    prepared = _prepare(args)
    if not prepared.ok:
        if args.json:
            _print_json({**prepared.report.to_dict(), "published": False})
        else:
            _print_report(prepared.report, sys.stderr)
            print("Rien n'a été publié : la version actuelle reste en place.", file=sys.stderr)
        return 1
    diff = _diff(prepared)
    if not (diff["added"] or diff["removed"] or diff["changed"]):  # no two identical versions
        message = (f"Fichier identique à la version actuelle (v{prepared.base_version}) de « {args.layer} » : "
                   "rien à publier. Publiez le fichier qui contient vos modifications.")
        if args.json:
            _print_json({**prepared.report.to_dict(), "diff": diff, "published": False, "message": message})
        else:
            print(message, file=sys.stderr)
        return 1
    try:
        # The version validated against is passed: a publish that landed meanwhile is not replaced.
        lv = publishing.publish(prepared, author=args.author, note=args.note, check_base=True)
    except BaseMovedError as exc:
        message = t("store.base_moved", "fr", now=exc.now, layer=args.layer, by=exc.by, base=exc.base)
        if args.json:
            _print_json({**prepared.report.to_dict(), "published": False, "error": "base_moved",
                         "message": message, "current_version": exc.now})
        else:
            print(message, file=sys.stderr)
        return 1
    if args.json:
        _print_json({**prepared.report.to_dict(), "diff": diff, "published": True, "version": lv.version})
    else:
        _print_report(prepared.report)
        _print_diff(diff)
        print(f"Version {lv.version} de « {args.layer} » publiée.")
    return 0


def cmd_history(args: argparse.Namespace) -> int:
    rows = get_store().history(args.layer)
    if args.json:
        _print_json({"layer": args.layer, "versions": rows})
        return 0
    for m in rows:
        mark = "*" if m["current"] else " "
        print(f"{mark} v{m['version']}  {local_time(m.get('published_at'))}  {m.get('author')}  "
              f"{m.get('features') if m.get('features') is not None else '—'} entités  {m.get('note') or ''}")
    return 0


def cmd_rollback(args: argparse.Namespace) -> int:
    lv = publishing.rollback(args.layer, args.to, author=args.author, note=args.note or "")
    print(f"La couche « {args.layer} » est revenue à la version {lv.version}.")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    n = publishing.export_layer(args.layer, args.output, args.version)
    print(f"{n} entité(s) écrites dans {args.output}.")
    return 0


def cmd_hash_password(args: argparse.Namespace) -> int:
    if args.stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass("Mot de passe : ")
        if getpass.getpass("Confirmez : ") != password:
            raise PmaError("passwords_differ")
    hashed = hash_password(password)
    print(hashed)
    login = (args.login or "identifiant").lower()
    print(f"À placer dans .streamlit/secrets.toml, section [staff] : {login} = \"{hashed}\"\n"
          f"ou dans l'environnement : PMA_MAP_STAFF_{login.upper()}='{hashed}'", file=sys.stderr)
    return 0


def _default_author() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "cli"


def _layer_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--layer", required=True, choices=list(LAYERS), metavar="NOM",
                   help=f"couche : {', '.join(LAYERS)}")


def _read_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", metavar="FICHIER")
    _layer_arg(p)
    p.add_argument("--crs", help="système de coordonnées si le fichier n'en a pas (ex. EPSG:2154)")
    p.add_argument("--encoding", help="encodage des textes : UTF-8, CP1252 ou Latin-1")
    p.add_argument("--source-layer", help="couche du GeoPackage à lire")
    p.add_argument("--map", action="append", default=[], metavar="ANCIEN=NOUVEAU",
                   help="fait correspondre une colonne du fichier à un champ (ex. INSEE_COM=insee)")
    p.add_argument("--json", action="store_true", help="sortie JSON")
    p.add_argument("--territory-change", action="store_true",
                   help="couche communes : confirme un changement de territoire (nombre de communes, "
                        "EPCI ou superficie différents)")


def register(sub) -> None:
    p = sub.add_parser("validate", help="valider un fichier pour une couche, sans rien publier")
    _read_args(p)
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("publish", help="publier un fichier comme nouvelle version d'une couche")
    _read_args(p)
    p.add_argument("--author", required=True)
    p.add_argument("--note", required=True)
    p.set_defaults(func=cmd_publish)

    p = sub.add_parser("history", help="versions publiées d'une couche")
    _layer_arg(p)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_history)

    p = sub.add_parser("rollback", help="revenir à une version antérieure d'une couche")
    _layer_arg(p)
    p.add_argument("--to", type=int, required=True, metavar="VERSION")
    p.add_argument("--author", default=_default_author())
    p.add_argument("--note", default="")
    p.set_defaults(func=cmd_rollback)

    p = sub.add_parser("export", help="exporter une version d'une couche en GeoJSON (EPSG:4326)")
    _layer_arg(p)
    p.add_argument("--version", type=int)
    p.add_argument("-o", "--output", required=True, metavar="FICHIER.geojson")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("hash-password", help="créer le hash d'un mot de passe de compte agent")
    p.add_argument("--login", help="identifiant, pour afficher la ligne de configuration")
    p.add_argument("--stdin", action="store_true", help="lire le mot de passe sur l'entrée standard")
    p.set_defaults(func=cmd_hash_password)
