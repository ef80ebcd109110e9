"""Seeding: download the tiles that cover the territory's communes, politely.

- the plan (:func:`plan`) lists the tiles of the zoom range that meet the
  communes themselves (not their bounding box), those already on disk, and an
  estimate of the megabytes still to come;
- :func:`run` fetches the missing ones, one at a time, at most ``rate``
  requests per second, identified by a User-Agent, retrying a few times on
  429 / 5xx (honouring ``Retry-After``); each tile is written atomically, so an
  interrupted seed (Ctrl-C, lost network) resumes where it stopped;
- OpenStreetMap's servers are refused: their tile policy forbids bulk downloads.
"""

from __future__ import annotations

import datetime as _dt
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from pma_map.fileio import atomic_write_bytes, atomic_write_json
from pma_map.tiles import grid
from pma_map.tiles.local import MANIFEST, read_manifest, tile_path
from pma_map.tiles.sources import get_source, refuses_bulk

USER_AGENT = "pma-map tile seeder (Pôle Métropolitain de l'Artois; offline basemap for the SIMI stand)"
DEFAULT_RATE = 8.0  # requests per second
RETRIES = 4
MANIFEST_EVERY = 50  # tiles between two manifest saves
IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")  # PNG, JPEG


class SeedRefused(ValueError):
    """A seed the tile server's policy forbids."""


@dataclass
class Plan:
    key: str
    url: str
    ext: str
    zooms: tuple[int, int]
    root: Path
    tiles: list[tuple[int, int, int]]
    present: int
    todo: list[tuple[int, int, int]]
    absent: set[tuple[int, int, int]] = field(default_factory=set)
    avg_kb: float = 0.0
    avg_measured: bool = False
    present_bytes: int = 0

    @property
    def estimate_mb(self) -> float:
        return len(self.todo) * self.avg_kb / 1024

    def per_zoom(self) -> dict[int, int]:
        out: dict[int, int] = {}
        for z, _, _ in self.tiles:
            out[z] = out.get(z, 0) + 1
        return out


def check_allowed(key: str, url: str) -> None:
    source = get_source(key)
    if not source.seedable or refuses_bulk(url):
        raise SeedRefused(
            "Téléchargement refusé : la politique d'usage des tuiles d'OpenStreetMap interdit le "
            "téléchargement en masse (https://operations.osmfoundation.org/policies/tiles/). "
            "Utilisez --basemap ign_plan ou ign_ortho (Géoplateforme IGN, données ouvertes)."
        )


def plan(communes, key: str = "ign_plan", zooms: tuple[int, int] = (8, 15), root: Path | None = None,
         url: str | None = None) -> Plan:
    """What a seed of ``key`` over ``communes`` for ``zooms`` would fetch (nothing is fetched)."""
    from pma_map.tiles.local import tiles_dir

    source = get_source(key)
    url = url or source.url
    check_allowed(key, url)
    root = Path(root or tiles_dir())
    tiles = grid.covering_tiles(grid.territory_area(communes), range(zooms[0], zooms[1] + 1))
    manifest = read_manifest(root / key) or {}
    absent = {tuple(t) for t in manifest.get("absent", [])}
    present, sizes, todo = 0, [], []
    for z, x, y in tiles:
        p = tile_path(root, key, z, x, y, source.ext)
        try:
            sizes.append(p.stat().st_size)
            present += 1
        except OSError:
            if (z, x, y) not in absent:
                todo.append((z, x, y))
    avg_kb, measured = (sum(sizes) / len(sizes) / 1024, True) if len(sizes) >= 20 else (source.avg_kb, False)
    return Plan(key, url, source.ext, zooms, root, tiles, present, todo, absent & set(tiles), avg_kb, measured,
                sum(sizes))


def _fetch(session, url: str, timeout: float) -> bytes | None:
    """One tile's bytes; None when the server has no tile there (404, 204); raises after retries."""
    import requests

    delay = 1.0
    for attempt in range(RETRIES + 1):
        try:
            resp = session.get(url, timeout=timeout)
        except requests.RequestException:
            if attempt == RETRIES:
                raise
            time.sleep(delay)
            delay *= 2
            continue
        if resp.status_code == 200 and resp.content:
            if not resp.content.startswith(IMAGE_MAGIC):
                # a 200 that is not an image (an error page, a captive portal): never saved as a tile
                raise OSError(f"le serveur a répondu autre chose qu'une image pour {url}")
            return resp.content
        if resp.status_code in (204, 404):
            return None
        if resp.status_code in (429, 500, 502, 503, 504) and attempt < RETRIES:
            retry_after = resp.headers.get("Retry-After", "")
            time.sleep(min(float(retry_after), 60.0) if retry_after.isdigit() else delay)
            delay *= 2
            continue
        resp.raise_for_status()
        raise OSError(f"réponse inattendue {resp.status_code} pour {url}")
    return None


def _write_manifest(p: Plan, done: int, nbytes: int, complete: bool) -> None:
    atomic_write_json(p.root / p.key / MANIFEST, {
        "basemap": p.key, "url": p.url, "ext": p.ext, "zooms": list(p.zooms),
        "seeded_at": _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds"),
        "expected": len(p.tiles), "tiles": done, "bytes": nbytes,
        "absent": sorted(list(t) for t in p.absent), "complete": complete,
    })


def run(p: Plan, *, rate: float = DEFAULT_RATE, timeout: float = 20.0,
        progress: Callable[[int, int, int], None] | None = None, session=None) -> int:
    """Fetch the tiles of ``p.todo``; returns how many were fetched.

    ``progress(done, total, bytes)`` is called after each tile. On any
    interruption the manifest records what is on disk, and a new plan skips it.
    """
    import requests

    if rate <= 0:
        raise ValueError("Le débit doit être positif (requêtes par seconde), par exemple --rate 8.")
    check_allowed(p.key, p.url)
    session = session or requests.Session()
    session.headers.setdefault("User-Agent", USER_AGENT)
    (p.root / p.key).mkdir(parents=True, exist_ok=True)
    gap = 1.0 / rate
    done, fetched, nbytes = p.present, 0, p.present_bytes
    last = 0.0
    complete = False
    try:
        for z, x, y in p.todo:
            wait = last + gap - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            last = time.monotonic()
            data = _fetch(session, p.url.format(z=z, x=x, y=y), timeout)
            if data is None:
                p.absent.add((z, x, y))
            else:
                path = tile_path(p.root, p.key, z, x, y, p.ext)
                path.parent.mkdir(parents=True, exist_ok=True)
                atomic_write_bytes(path, data)
                done += 1
                fetched += 1
                nbytes += len(data)
            if fetched and fetched % MANIFEST_EVERY == 0:
                _write_manifest(p, done, nbytes, False)
            if progress:
                progress(done + len(p.absent), len(p.tiles), nbytes)
        complete = True
    finally:
        _write_manifest(p, done, nbytes, complete)
    return fetched
