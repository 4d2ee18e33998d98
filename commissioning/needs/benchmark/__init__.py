"""Benchmarking an indicator: an area against England, its region and its statistical neighbours, over time."""
