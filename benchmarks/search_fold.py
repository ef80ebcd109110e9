"""Typed search on the server (issue 9): what folding case, accents, ligatures and hyphens costs.

Prints the median time of ``search.find`` / ``search.resolve`` for typed text on the bundled
layers (communes and sites) and with a dense synthetic layer of 100,000 points (the search menu
leaves such a layer out, so typed text is the only way to it), and of ``search.best_key`` on the
150 communes (the Commune(s) filter). Run: ``python benchmarks/search_fold.py [--n 100000]``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import synthetic  # noqa: E402

from pma_map import layers, search  # noqa: E402


def median_ms(fn, repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000, help="points of the dense synthetic layer")
    args = parser.parse_args(argv)
    data = dict(layers.load_all())
    places = search.places(data)
    names = dict(zip(data["communes"]["insee"].astype(str), data["communes"]["nom"]))
    print(f"bundled layers: {len(places)} places")
    for query in ("Noeux", "bethune", "saint venant", "delta 3", "introuvable"):
        ms = median_ms(lambda q=query: search.resolve(q, places))
        place, n = search.resolve(query, places)
        print(f"  resolve({query!r}): {ms:.2f} ms, {n} match(es), first: {place.label if place else None}")
    print(f"  best_key('lens') on {len(names)} communes: {median_ms(lambda: search.best_key('lens', names)):.3f} ms")
    data["sites_solaires"] = synthetic.synthetic_points(data["communes"], args.n)
    start = time.perf_counter()
    listed = search.listed_places(data)
    print(f"dense layer of {args.n:,} points: the menu's places (what every first visit builds) in "
          f"{(time.perf_counter() - start) * 1000:.0f} ms, {len(listed):,} places")
    start = time.perf_counter()
    dense = search.places(data)
    ms = (time.perf_counter() - start) * 1000
    print(f"  every place, dense layer included (built on the first typed search): in {ms:.0f} ms "
          f"(once per version), {len(dense):,} places")
    for query in ("Noeux", "sol-000042"):
        ms = median_ms(lambda q=query: search.resolve(q, dense), repeat=3)
        print(f"  resolve({query!r}): {ms:.0f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
