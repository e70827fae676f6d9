"""Reading, running and writing: readers, the batch runner, writers, CLI (the outer layer)."""

# The folder is importable only as part of `prikaz` (prikaz/pipeline links here): imported by its
# bare name from the repository root it would be a second copy of every class, and an
# `isinstance` against the other copy would silently fail.
if __name__ != "prikaz.pipeline":
    raise ImportError(f"import prikaz.pipeline, not {__name__}: the folder is a stage of prikaz")
