"""Normalizers: pure functions on strings plus explicit context (document date, period)."""

from prikaz.normalizers.deadlines import parse_deadline

__all__ = ["parse_deadline"]
