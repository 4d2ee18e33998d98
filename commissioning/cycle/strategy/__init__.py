"""The strategy or plan of a commissioning activity, its approval and its public page."""
