"""prikaz: Russian official orders into structured data.

The core lives here and imports no stage: the layout model (`model`), the records (`records`),
the error types (`errors`) and Russian morphology (`morphology`). The stages live in the
user's top-level folders `pipeline/`, `extractors/` and `normalizers/`, linked here as
`prikaz.pipeline`, `prikaz.extractors` and `prikaz.normalizers`.
"""

__version__ = "0.1.0"
