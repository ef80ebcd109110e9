"""The staff pages of ``staff_app.py`` on a server of their own (another account), for
the language test of the publishing page: the e2e fixture starts one server per script."""

import runpy
from pathlib import Path

import pma_map

REPO = Path(pma_map.__file__).resolve().parents[2]
runpy.run_path(str(REPO / "tests" / "e2e" / "apps" / "staff_app.py"), run_name="__main__")
