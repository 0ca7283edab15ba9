"""The Dash app: layout, callbacks by feature, the detail panel, the table, the embed routes."""
