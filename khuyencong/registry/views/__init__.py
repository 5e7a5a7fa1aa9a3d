"""Registry views, one module per area."""
