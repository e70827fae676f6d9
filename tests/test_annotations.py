"""The spaCy annotation layer: every value with a place in the text is a span over it."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from spacy.tokens import DocBin

from prikaz.pipeline.extract import extract_document
from prikaz.pipeline.readers import read_document
from prikaz.pipeline.writers.annotations import SPANS_KEY, blank_russian, to_spacy_doc
from tests.conftest import ROOT, SEEDS


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name[:3])
def test_spans_cover_the_extracted_values(seed: Path) -> None:
    doc = read_document(seed)
    ex = extract_document(doc)
    sdoc = to_spacy_doc(doc, ex)
    assert sdoc.text == doc.text
    labels = Counter(s.label_ for s in sdoc.spans[SPANS_KEY])
    assert labels["ROADMAP_ROW"] == len(ex.roadmap_items)
    assert labels["NUMBER"] == 1 and labels["DATE"] == 1 and labels["DOC_TYPE"] == 1
    assert labels["REFERENCE"] == len(ex.references)
    # Every deadline component and party is found inside its row's text.
    assert sum(n for k, n in labels.items() if k.startswith("DEADLINE_")) == len(ex.deadlines)
    assert sum(n for k, n in labels.items() if k.startswith("RESPONSIBLE_")) == len(ex.responsibles)
    number = next(s for s in sdoc.spans[SPANS_KEY] if s.label_ == "NUMBER")
    assert ex.header.number.replace(" ", "") in number.text.replace(" ", "")


def test_extract_writes_a_docbin(tmp_path: Path) -> None:
    out = tmp_path / "seed.spacy"
    done = subprocess.run(
        [sys.executable, "-m", "prikaz", "extract", str(SEEDS[4]), "--spacy", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    (sdoc,) = DocBin().from_disk(out).get_docs(blank_russian().vocab)
    spans = sdoc.spans[SPANS_KEY]
    assert any(s.label_ == "DEADLINE_RECURRING" and "ежегодно" in s.text for s in spans)
    assert any(s.label_ == "ABBREVIATION" and s.text.startswith("ДОО ТО") for s in spans)
    assert sdoc.user_data["doc_id"] == read_document(SEEDS[4]).doc_id
