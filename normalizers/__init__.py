"""Normalizers: pure functions on strings plus explicit context (document date, period)."""
