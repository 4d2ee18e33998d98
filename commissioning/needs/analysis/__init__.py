"""Needs analyses for a topic or commissioning activity, and the priorities they set, with report cards."""
