"""Linked map and timeline of a curated crisis: data pipeline, command line and Dash app."""
