"""``pma-map db``: the shared PostGIS store (upgrade the schema, import a folder store)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from pma_map import config
from pma_map.catalogue import LAYERS
from pma_map.i18n import t


def _url() -> str:
    from pma_map.publish.pgstore import database_url

    url = database_url()
    if not url:
        raise ValueError(t("db.no_url", "fr"))
    return url


def _connect(url: str):
    import psycopg

    try:
        return psycopg.connect(url)
    except psycopg.OperationalError as exc:
        raise ValueError(t("db.unreachable", "fr", detail=str(exc).strip().splitlines()[0])) from None


def cmd_upgrade(args: argparse.Namespace) -> int:
    from pma_map.publish import pgstore

    url = _url()
    _connect(url).close()
    done = pgstore.upgrade(url)
    if done:
        print(t("db.upgraded", "fr", names=", ".join(done)))
    else:
        print(t("db.up_to_date", "fr", names=", ".join(f"{n:04d}" for n, _, _ in pgstore.migrations())))
    seeded = pgstore.seed_bundled(url, config.geo_dir())
    if seeded:
        print(t("db.seeded", "fr", layers=", ".join(seeded)))
    return 0


def import_folder(folder: Path, url: str) -> list[str]:
    """Copy a folder store (versions, manifests, current pointers, audit, lockouts) into the database.

    One transaction: everything is imported or nothing. Returns the lines to print.
    """
    from pma_map.publish.pgstore import PostgisStore, check_schema
    from pma_map.publish.store import FolderStore

    folder = Path(folder)
    if not (folder / "store").is_dir():
        raise ValueError(t("db.not_a_store", "fr", folder=folder))
    source = FolderStore(folder, config.geo_dir())
    target = PostgisStore(url, config.geo_dir())
    lines: list[str] = []
    with _connect(url) as conn:
        check_schema(conn)
        with conn.transaction():
            for layer in LAYERS:
                if not source.layer_dir(layer).exists():
                    continue
                manifests = [m for m in source.history(layer) if m["version"] > 1]
                if not manifests and not source._pointer(layer):
                    continue
                if conn.execute("SELECT 1 FROM pma.layer_versions WHERE layer = %s AND version > 1 LIMIT 1",
                                (layer,)).fetchone():
                    raise ValueError(t("db.layer_not_empty", "fr", layer=layer))
                for m in manifests:
                    target.import_version(conn, layer, m, source.layer_dir(layer) / m["file"])
                pointer = source._pointer(layer)
                current = int(pointer["version"]) if pointer else 1
                if pointer:
                    conn.execute("INSERT INTO pma.current_version (layer, version, since, by_whom, action) "
                                 "VALUES (%s, %s, coalesce(%s::timestamptz, now()), %s, %s) "
                                 "ON CONFLICT (layer) DO UPDATE SET version = excluded.version, "
                                 "since = excluded.since, by_whom = excluded.by_whom, action = excluded.action",
                                 (layer, current, pointer.get("since"), pointer.get("by") or "?",
                                  pointer.get("action") if pointer.get("action") in ("publish", "rollback", "repair")
                                  else "import"))
                versions = ", ".join(f"v{m['version']}" for m in manifests) or t("db.nothing", "fr")
                lines.append(t("db.imported_layer", "fr", layer=layer, n=len(manifests), versions=versions,
                               current=current))
            conn.execute("UPDATE pma.generation SET value = value + 1")
            from psycopg.types.json import Jsonb

            events = 0
            audit_file = folder / "audit.log"
            if audit_file.exists():
                for line in audit_file.read_text(encoding="utf-8").splitlines():
                    if not line.strip():
                        continue
                    entry = json.loads(line)
                    details = {k: v for k, v in entry.items() if k not in ("time", "event")}
                    conn.execute("INSERT INTO pma.audit (time, event, details) VALUES (%s, %s, %s)",
                                 (entry.get("time"), entry.get("event"), Jsonb(details)))
                    events += 1
            locks = 0
            failures_file = folder / "auth_failures.json"
            if failures_file.exists():
                for key, entry in json.loads(failures_file.read_text(encoding="utf-8")).items():
                    conn.execute("INSERT INTO pma.lockout_entries (key, entry) VALUES (%s, %s) "
                                 "ON CONFLICT (key) DO UPDATE SET entry = excluded.entry", (key, Jsonb(entry)))
                    locks += not key.startswith("known:")
            lines.append(t("db.imported_audit", "fr", n=events, locks=locks))
    return lines


def cmd_import_folder(args: argparse.Namespace) -> int:
    folder = Path(args.folder) if args.folder else config.data_dir()
    for line in import_folder(folder, _url()):
        print(line)
    return 0


def register(sub) -> None:
    p = sub.add_parser("db", help="base PostgreSQL + PostGIS partagée (PMA_MAP_DATABASE_URL)")
    dbsub = p.add_subparsers(dest="db_command", required=True, metavar="ACTION")
    q = dbsub.add_parser("upgrade", help="créer ou mettre à jour le schéma (migrations numérotées) et les vues")
    q.set_defaults(func=cmd_upgrade)
    q = dbsub.add_parser("import-folder", help="importer un magasin en dossier (versions, audit) dans la base")
    q.add_argument("folder", nargs="?", metavar="DOSSIER", help="dossier PMA_MAP_DATA_DIR (défaut : le vôtre)")
    q.set_defaults(func=cmd_import_folder)
