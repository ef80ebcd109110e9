"""The investor wing: site finder, PDF site sheets (map renderer and document), kiosk tour."""
