"""Extractors: pure functions from a `Document` to records (header, roadmap, ...)."""

# The folder is importable only as part of `prikaz` (prikaz/extractors links here): imported by its
# bare name from the repository root it would be a second copy of every class, and an
# `isinstance` against the other copy would silently fail.
if __name__ != "prikaz.extractors":
    raise ImportError(f"import prikaz.extractors, not {__name__}: the folder is a stage of prikaz")
