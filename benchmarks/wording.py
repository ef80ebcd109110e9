"""What issue 9's wording work costs per rerun, printed (never asserted).

- indicators from the territory selection (every layer on) against the old
  computation from the displayed layers only, CALL with every layer hidden;
- the size of the widget-text script ``app.py`` sends on every run.

Run: ``PYTHONPATH=src .venv/bin/python benchmarks/wording.py``.
"""

from __future__ import annotations

import statistics
import time

from pma_map.filters import Filters, apply_filters, territory_selection
from pma_map.indicators import indicator_report
from pma_map.layers import load_all
from pma_map.ui import widget_texts


def median_ms(fn, runs: int = 30) -> float:
    fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    data = load_all()
    hidden = Filters(epci=("CALL",), layers=())
    shown = median_ms(lambda: indicator_report(apply_filters(data, hidden), data))
    filtered = apply_filters(data, hidden)
    territory = median_ms(lambda: indicator_report(territory_selection(data, hidden, filtered), data))
    default = Filters()
    shown_all = apply_filters(data, default)
    same = median_ms(lambda: indicator_report(territory_selection(data, default, shown_all), data))
    before = median_ms(lambda: indicator_report(shown_all, data))
    print(f"indicators, displayed layers only (old):  {shown:7.1f} ms")
    print(f"indicators, territory selection (now):    {territory:7.1f} ms  (ratio {territory / shown:.2f})")
    print(f"default view, old / now:                  {before:7.1f} / {same:.1f} ms")
    print(f"widget-text script per run:               {len(widget_texts.snippet('fr').encode()):7d} bytes")


if __name__ == "__main__":
    main()
