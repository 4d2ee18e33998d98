"""Agreed budgets and recorded reviews of commissioning activities."""
