"""Pure figure builders: (resolved frame, selection, options) -> plotly Figure; no Dash, no I/O."""
