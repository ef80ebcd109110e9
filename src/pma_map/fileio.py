"""Files written whole or not at all, and their checksums.

One writer for the whole project: a temporary file in the target's folder,
flushed and fsynced, then ``os.replace`` and an fsync of the folder. A reader
sees the old file or the new one, never half of one; the temporary file is
removed when anything fails.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

TMP_PREFIX = ".tmp-"


def sha256_of(path: Path) -> str:
    """Hex SHA-256 of a file, read in 64 KiB chunks."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 16), b""):
            h.update(chunk)
    return h.hexdigest()


def fsync_dir(folder: Path) -> None:
    """Make a rename inside ``folder`` durable (best effort where the OS refuses)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically, with the permissions a plain write would give."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f"{TMP_PREFIX}{path.name}.")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    fsync_dir(path.parent)


def atomic_write_json(path: Path, obj) -> None:
    """``obj`` as indented UTF-8 JSON, written atomically."""
    atomic_write_bytes(path, json.dumps(obj, ensure_ascii=False, indent=2).encode("utf-8"))


def keep_newest(folder: Path, name: str, lang: str, keep: int) -> list[Path]:
    """Remove all but the ``keep`` newest files ``<name>-<checksum>-<lang>.json`` of ``folder``
    (a layer's files in one language); the removed paths."""
    files = sorted(Path(folder).glob(f"{name}-*-{lang}.json"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
    files = [p for p in files if p.name.count("-") == name.count("-") + 2]
    gone = files[keep:]
    for old in gone:
        old.unlink(missing_ok=True)
    return gone


def write_content_named(folder: Path, name: str, lang: str, doc, keep: int) -> tuple[Path, str, int]:
    """``doc`` as compact JSON in ``<folder>/<name>-<checksum>-<lang>.json`` (the checksum of the
    content: a name never changes meaning), written atomically unless that file exists, then only
    the ``keep`` newest files of ``name`` in ``lang`` kept; (path, checksum, size in bytes)."""
    data = json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    checksum = hashlib.sha256(data).hexdigest()[:20]
    path = Path(folder) / f"{name}-{checksum}-{lang}.json"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(path, data)
        keep_newest(path.parent, name, lang, keep)
    return path, checksum, len(data)

