"""The review page in a real headless Chromium: it renders, is self-contained, logs no error."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

from prikaz.pipeline import report
from prikaz.pipeline.cli import main
from prikaz.pipeline.extract import extract_document
from prikaz.pipeline.readers import read_document
from tests.chromium import Chromium
from tests.conftest import SEEDS


@pytest.fixture(scope="module")
def browser() -> Iterator[Chromium]:
    with Chromium() as chromium:
        yield chromium


def not_blank(png: bytes) -> bool:
    image = Image.open(io.BytesIO(png)).convert("RGB")
    colors = image.getcolors(maxcolors=1 << 16) or []
    inked = sum(n for n, rgb in colors if sum(rgb) < 720)
    return len(colors) > 3 and inked > 0.005 * image.width * image.height


@pytest.mark.parametrize("seed", SEEDS, ids=[p.name[:3] for p in SEEDS])
def test_review_page_renders(seed: Path, tmp_path: Path, browser: Chromium) -> None:
    out = tmp_path / "report.html"
    assert main(["report", str(seed), "--out", str(out)]) == 0
    doc = read_document(seed)
    data = report.from_extraction(extract_document(doc), doc.text)
    lanes = report.timeline_lanes(data)

    run = browser.load(out)
    assert run.errors() == []
    assert run.requests == [out.resolve().as_uri()]  # self-contained: nothing else fetched
    assert browser.evaluate("document.body.dataset.ready") == "yes"

    rows = browser.evaluate("document.querySelectorAll('#roadmap-table tr[data-row]').length")
    assert rows == len(data.rows("roadmap_items")) > 0
    table_h = browser.evaluate(
        "document.getElementById('roadmap-table').getBoundingClientRect().height"
    )
    assert table_h > 20 * rows

    assert lanes, "every seed has dated deadlines"
    assert browser.evaluate("document.querySelectorAll('#timeline-svg g.lane').length") == len(
        lanes
    )
    assert browser.evaluate("document.querySelectorAll('#timeline-svg .mark').length") >= len(lanes)
    box = browser.evaluate(
        "(() => { const r = document.getElementById('timeline-svg').getBoundingClientRect();"
        " return {x: r.x + scrollX, y: r.y + scrollY, width: r.width, height: r.height}; })()"
    )
    assert box["width"] > 300 and box["height"] > 20 * len(lanes)
    assert not_blank(browser.screenshot(clip=box))

    marks = browser.evaluate("document.querySelectorAll('#source-text mark.hl-row').length")
    assert marks >= rows  # every roadmap row is highlighted in the source text
    assert browser.evaluate("document.querySelectorAll('#source-text mark.hl-header').length") > 0


def test_harness_sees_errors_and_requests(tmp_path: Path, browser: Chromium) -> None:
    page = tmp_path / "bad.html"
    page.write_text(
        "<!doctype html><html><body><img src='http://127.0.0.1:9/x.png'>"
        "<script>console.error('boom'); undefinedFunction();</script></body></html>",
        encoding="utf-8",
    )
    run = browser.load(page)
    errors = run.errors()
    assert any("boom" in e for e in errors)
    assert any("undefinedFunction" in e or "Uncaught" in e for e in errors)
    assert "http://127.0.0.1:9/x.png" in run.requests


def test_blank_screenshot_is_detected(tmp_path: Path, browser: Chromium) -> None:
    page = tmp_path / "blank.html"
    page.write_text("<!doctype html><html><body></body></html>", encoding="utf-8")
    browser.load(page)
    assert not not_blank(browser.screenshot(clip={"x": 0, "y": 0, "width": 400, "height": 200}))
