"""Exports of commissioning activities: self-assessment workbooks and tagged PDF summaries."""
