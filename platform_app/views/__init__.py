"""Portal pages, one module per area; `core` holds the home dashboard and the health check."""
