"""Sub-commands of ``pma-map``, one module per group."""
