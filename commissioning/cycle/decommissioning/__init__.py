"""Decommissioning services, with the Compact's notice and consultation warnings."""
