"""The reports app's screens, one module per area."""
