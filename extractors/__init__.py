"""Extractors: pure functions from a `Document` to records (header, roadmap, ...)."""
