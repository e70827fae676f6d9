"""Normalizers: pure functions on strings plus explicit context (document date, period)."""

# The folder is importable only as part of `prikaz` (prikaz/normalizers links here): imported by its
# bare name from the repository root it would be a second copy of every class, and an
# `isinstance` against the other copy would silently fail.
if __name__ != "prikaz.normalizers":
    raise ImportError(f"import prikaz.normalizers, not {__name__}: the folder is a stage of prikaz")
