"""Copy the front-end files folium loads from node_modules into static/vendor.

Run by ``make assets`` after ``npm ci``. Each file goes to
``static/vendor/<npm package>/<path in the package>``, with the images and
fonts its stylesheet names by relative ``url()``; two small files are made
here (see ``write_glyphicons`` and ``write_awesome_rotate``). Idempotent: the
folder is rebuilt from scratch each run. Ends by checking that every file
``pma_map.map.offline`` points to exists.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NODE_MODULES = ROOT / "node_modules"
VENDOR = ROOT / "static" / "vendor"

sys.path.insert(0, str(ROOT / "src"))
from pma_map.map.offline import VENDOR_DIR, local_asset_paths  # noqa: E402

#: Files or folders to copy, as paths under node_modules (kept under static/vendor).
COPIES = [
    "leaflet/dist/leaflet.js",
    "leaflet/dist/leaflet.css",
    "leaflet/dist/images",
    "leaflet/LICENSE",
    "jquery/dist/jquery.min.js",
    "jquery/LICENSE.txt",
    "bootstrap/dist/js/bootstrap.bundle.min.js",
    "bootstrap/dist/css/bootstrap.min.css",
    "bootstrap/LICENSE",
    "@fortawesome/fontawesome-free/css/all.min.css",
    "@fortawesome/fontawesome-free/webfonts",
    "@fortawesome/fontawesome-free/LICENSE.txt",
    "drmonty-leaflet-awesome-markers/js/leaflet.awesome-markers.min.js",
    "drmonty-leaflet-awesome-markers/css/leaflet.awesome-markers.css",
    "drmonty-leaflet-awesome-markers/css/images",
    "leaflet.markercluster/dist/leaflet.markercluster.js",
    "leaflet.markercluster/dist/MarkerCluster.css",
    "leaflet.markercluster/dist/MarkerCluster.Default.css",
    "leaflet.markercluster/MIT-LICENCE.txt",
    "leaflet.fullscreen/Control.FullScreen.js",
    "leaflet.fullscreen/Control.FullScreen.css",
    "leaflet.fullscreen/icon-fullscreen.svg",
    "leaflet.fullscreen/LICENSE",
    "leaflet.glify/dist/glify-browser.js",
    "leaflet.glify/dist/glify-browser.js.LICENSE.txt",
    "leaflet.glify/LICENSE",
    "pmtiles/dist/pmtiles.js",
    "protomaps-leaflet/dist/protomaps-leaflet.js",
    "protomaps-leaflet/LICENSE",
    "bootstrap-3-glyphicons/dist/fonts",
    "bootstrap-3-glyphicons/LICENSE",
]

#: Bootstrap 3 (npm alias bootstrap-3-glyphicons) whose icon rules are cut out.
GLYPHICONS_SOURCE = "bootstrap-3-glyphicons/dist/css/bootstrap.css"
GLYPHICONS_TARGET = "bootstrap-3-glyphicons/dist/css/bootstrap-glyphicons.css"
GLYPHICONS_START = '@font-face {\n  font-family: "Glyphicons Halflings";'
GLYPHICONS_END = "\n* {\n"

ROTATE_TARGET = "folium/leaflet.awesome.rotate.min.css"


def fail(message: str) -> None:
    sys.exit(f"vendor_assets: {message}")


def copy(rel: str) -> None:
    source = NODE_MODULES / rel
    target = VENDOR / rel
    if not source.exists():
        fail(f"{source} is missing: is package-lock.json up to date? run `npm ci`")
    target.parent.mkdir(parents=True, exist_ok=True)
    if source.is_dir():
        shutil.copytree(source, target)
    else:
        shutil.copyfile(source, target)


def write_glyphicons() -> None:
    """Only the Glyphicons rules of Bootstrap 3 (folium names a 3.0.0 file of them).

    Loading the whole Bootstrap 3 stylesheet would fight Bootstrap 5; the fonts
    sit in ``../fonts`` as in the package, so its relative urls hold.
    """
    css = (NODE_MODULES / GLYPHICONS_SOURCE).read_text(encoding="utf-8")
    start = css.find(GLYPHICONS_START)
    end = css.find(GLYPHICONS_END, start)
    if start < 0 or end < 0:
        fail(f"Glyphicons rules not found in {GLYPHICONS_SOURCE}")
    block = css[start:end].strip()
    header = "/* Glyphicons rules of Bootstrap 3.4.1 (MIT), cut out by vendor_assets.py */\n"
    target = VENDOR / GLYPHICONS_TARGET
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(header + block + "\n", encoding="utf-8")


def write_awesome_rotate() -> None:
    """folium's leaflet.awesome.rotate css (``fa-rotate-N`` for Icon(angle=N)).

    folium's source tree has it but its wheel does not ship it: copy it from the
    installed folium when present, else write the same rules.
    """
    import folium

    target = VENDOR / ROTATE_TARGET
    target.parent.mkdir(parents=True, exist_ok=True)
    templates = Path(folium.__file__).parent / "templates"
    for name in ("leaflet.awesome.rotate.min.css", "leaflet.awesome.rotate.css"):
        if (templates / name).is_file():
            shutil.copyfile(templates / name, target)
            return
    rules = (
        f".fa-rotate-{n}{{-ms-transform:rotate({n}deg);"
        f"-webkit-transform:rotate({n}deg);transform:rotate({n}deg);}}"
        for n in range(1, 361)
    )
    target.write_text("\n".join(rules) + "\n", encoding="utf-8")


def main() -> int:
    if VENDOR.resolve() != VENDOR_DIR.resolve():
        fail(f"{VENDOR} differs from pma_map.map.offline.VENDOR_DIR {VENDOR_DIR}")
    if not NODE_MODULES.is_dir():
        fail(f"{NODE_MODULES} is missing: run `npm ci` first (or `make assets`)")
    if VENDOR.exists():
        shutil.rmtree(VENDOR)
    VENDOR.mkdir(parents=True)
    for rel in COPIES:
        copy(rel)
    write_glyphicons()
    write_awesome_rotate()
    missing = [str(p.relative_to(ROOT)) for p in local_asset_paths() if not p.is_file()]
    if missing:
        fail("pma_map.map.offline names files not copied: " + ", ".join(missing))
    count = sum(1 for p in VENDOR.rglob("*") if p.is_file())
    print(f"vendor_assets: {count} files in {VENDOR.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
