"""prikaz: Russian official orders into structured data.

The stages live in the top-level folders `pipeline/`, `extractors/` and `normalizers/`,
installed as `prikaz.pipeline`, `prikaz.extractors` and `prikaz.normalizers`.
"""

__version__ = "0.1.0"
