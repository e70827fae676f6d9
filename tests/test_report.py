"""The review page: occurrences, highlight nesting, page content, `prikaz report` inputs."""

from __future__ import annotations

import datetime as dt
import html
import re
import shutil
from pathlib import Path

from prikaz.pipeline import report
from prikaz.pipeline.cli import main
from prikaz.pipeline.extract import extract_document
from prikaz.pipeline.readers import read_document
from prikaz.pipeline.run import run_batch
from tests.conftest import SEEDS

TOMSK = next(p for p in SEEDS if p.name.startswith("004"))


def test_occurrences_follow_the_rule_and_stop_at_until() -> None:
    days = report.occurrences(
        "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=20;UNTIL=20251231",
        dt.date(2023, 12, 20),
        until=dt.date(2030, 1, 1),
    )
    assert days == [dt.date(2023, 12, 20), dt.date(2024, 12, 20), dt.date(2025, 12, 20)]
    open_ended = report.occurrences("FREQ=MONTHLY", dt.date(2022, 1, 15), dt.date(2022, 4, 1))
    assert open_ended == [dt.date(2022, m, 15) for m in (1, 2, 3)]


def test_describe_component() -> None:
    assert report.describe_component({"kind": "deadline", "end": dt.date(2023, 2, 20)}) == (
        "by 2023-02-20"
    )
    recurring = {
        "kind": "recurring",
        "rrule": "FREQ=YEARLY;UNTIL=20241231",
        "dtstart": dt.date(2021, 1, 1),
        "times": 2,
        "period": "P1Y",
        "at_least": True,
    }
    assert report.describe_component(recurring) == (
        "FREQ=YEARLY;UNTIL=20241231; from 2021-01-01; at least 2× per P1Y"
    )


def test_source_marks_nest_and_cover_the_text_once() -> None:
    text = "Назначение куратора до 01.10.2020"
    marks = [
        report.Highlight(0, len(text), "row", "row-0", "row"),
        report.Highlight(0, 19, "cell", "row-0", "activity"),
        report.Highlight(23, 33, "deadline", "row-0", "2020-10-01"),
        report.Highlight(11, 26, "reference", "ref-0", "crossing the others"),
    ]
    out = report.render_source(text, marks)
    assert html.unescape(re.sub(r"<[^>]+>", "", out)) == text  # no text lost or repeated
    assert out.count("<mark") == out.count("</mark>")
    assert [out.count(f'id="src-{i}"') for i in range(4)] == [1, 1, 1, 1]
    # the deadline lies inside the row mark
    assert re.search(r'<mark class="hl hl-row"[^>]*><mark class="hl hl-deadline"', out)


def test_page_of_a_seed() -> None:
    doc = read_document(TOMSK)
    extraction = extract_document(doc)
    data = report.from_extraction(extraction, doc.text)
    page = report.render_html(data)
    assert page.count('<tr id="row-') == len(extraction.roadmap_items)
    lanes = report.timeline_lanes(data)
    assert page.count('<g class="lane"') == len(lanes) > 0
    assert "<script src" not in page and "<link" not in page  # self-contained
    # every roadmap row's span is highlighted, and each header span
    kinds = [h.kind for h in report.highlights(data)]
    assert kinds.count("row") == len(extraction.roadmap_items)
    assert kinds.count("header") == len(extraction.header.spans)
    # normalized deadlines stand beside the raw cell
    assert "далее – ежегодно до 1 февраля 2024 года" in html.unescape(page)
    assert "FREQ=YEARLY" in page


def test_timeline_without_dates_says_so() -> None:
    data = report.ReportData(document={"doc_id": "x"}, tables={}, text="")
    assert "no dated deadlines" in report.render_timeline(report.timeline_lanes(data))


def test_report_by_doc_id_from_parquet(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    source = raw / TOMSK.name
    shutil.copy(TOMSK, source)
    out_dir = tmp_path / "parquet"
    run_batch(raw, out_dir)
    doc_id = read_document(source).doc_id
    page = tmp_path / "r.html"
    assert main(["report", doc_id[:12], "--data", str(out_dir), "--out", str(page)]) == 0
    fresh = report.render_html(report.from_store(out_dir, doc_id))
    assert page.read_text(encoding="utf-8") == fresh
    assert fresh.count('<tr id="row-') == 22
    assert 'id="source-text"' in fresh

    source.write_text("changed", encoding="utf-8")
    changed = report.from_store(out_dir, doc_id)
    assert changed.text is None and "changed" in changed.notes[0]
    assert 'id="source-text"' not in report.render_html(changed)


def test_report_of_an_unknown_doc_id_fails(tmp_path: Path) -> None:
    assert main(["report", "deadbeef", "--data", str(tmp_path), "--out", str(tmp_path / "x")]) == 1
