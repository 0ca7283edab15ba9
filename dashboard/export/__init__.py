"""Exports: what an export is, paper styling, rendering (PNG/SVG/PDF/HTML) and the resolved table as data files."""
