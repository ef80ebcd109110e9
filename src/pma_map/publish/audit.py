"""Audit log: one JSON line per publish, rollback, failed sign-in and lockout.

Append-only, in ``<PMA_MAP_DATA_DIR>/audit.log``. Each line is written with a
single ``write`` on a file opened in append mode, then fsynced. With
``PMA_MAP_DATABASE_URL`` set, in the table ``pma.audit`` of the shared database.
"""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path

from pma_map import config
from pma_map.errors import PmaError

AUDIT_FILE = "audit.log"
EVENTS = ("publish", "rollback", "signin_failed", "lockout", "signin")


def _database_url() -> str | None:
    return (os.environ.get("PMA_MAP_DATABASE_URL") or "").strip() or None


def audit_path() -> Path:
    return config.data_dir() / AUDIT_FILE


def record(event: str, **details) -> dict:
    """Append one event to the audit log and return it."""
    if event not in EVENTS:
        raise PmaError("unknown_audit_event", event=event)
    entry = {"time": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"), "event": event, **details}
    url = _database_url()
    if url:
        from pma_map.publish import pgstore

        pgstore.audit_append(url, entry)
        return entry
    line = (json.dumps(entry, ensure_ascii=False, default=str) + "\n").encode("utf-8")
    path = audit_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
    try:
        os.write(fd, line)
        os.fsync(fd)
    finally:
        os.close(fd)
    return entry


def read_events(event: str | None = None) -> list[dict]:
    """Every event of the log (optionally one kind), oldest first."""
    url = _database_url()
    if url:
        from pma_map.publish import pgstore

        return pgstore.audit_read(url, event)
    path = audit_path()
    if not path.exists():
        return []
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            entry = json.loads(line)
            if event is None or entry.get("event") == event:
                out.append(entry)
    return out
