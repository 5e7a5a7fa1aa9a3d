"""The reports app's pages, one module per area (dashboard.py)."""
