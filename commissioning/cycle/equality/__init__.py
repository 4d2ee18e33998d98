"""Equality impact assessments of commissioning activities."""
