"""notebooks/compare_regions.ipynb runs top to bottom on the sample data; it is committed run."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import nbformat

from prikaz.pipeline.run import run_batch
from tests.conftest import ROOT, SEEDS_DIR

NOTEBOOK = ROOT / "notebooks" / "compare_regions.ipynb"
spec = importlib.util.spec_from_file_location("nb_execute", ROOT / "notebooks" / "execute.py")
assert spec is not None and spec.loader is not None
nb_execute = importlib.util.module_from_spec(spec)
spec.loader.exec_module(nb_execute)


def images(nb: nbformat.NotebookNode) -> int:
    return sum(
        "image/png" in out.get("data", {})
        for cell in nb.cells
        if cell.cell_type == "code"
        for out in cell.outputs
    )


def test_notebook_runs_on_the_sample_data(tmp_path: Path) -> None:
    summary = run_batch(SEEDS_DIR, tmp_path / "parquet")
    assert summary.ok == 5
    nb = nb_execute.execute(tmp_path / "parquet")  # raises CellExecutionError on any error
    assert images(nb) == 4
    stdout = "".join(
        out.get("text", "")
        for cell in nb.cells
        if cell.cell_type == "code"
        for out in cell.outputs
        if out.get("name") == "stdout"
    )
    components, occurrences = (int(w) for w in stdout.split() if w.isdigit())
    assert occurrences > components > 0  # recurring rules were expanded


def test_committed_notebook_has_its_outputs() -> None:
    nb = nbformat.read(NOTEBOOK, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert [c.execution_count for c in code] == list(range(1, len(code) + 1))
    assert not [o for c in code for o in c.outputs if o.output_type == "error"]
    assert images(nb) == 4


def test_notebook_runs_on_odd_outputs(tmp_path: Path) -> None:
    """A region with a document but no roadmap rows, and a store holding only errors."""
    inp = tmp_path / "in"
    inp.mkdir()
    (inp / "seed.txt").write_bytes(sorted(SEEDS_DIR.glob("*.txt"))[0].read_bytes())
    (inp / "no_plan.txt").write_text(
        "АДМИНИСТРАЦИЯ КОСТРОМСКОЙ ОБЛАСТИ\nПРИКАЗ\nот 01.02.2021 № 5\n"
        "О проведении совещания\n\nПровести совещание руководителей.\n",
        "utf-8",
    )
    summary = run_batch(inp, tmp_path / "mixed")
    assert summary.ok == 2
    nb_execute.execute(tmp_path / "mixed")  # raises CellExecutionError on any error

    errors_only = tmp_path / "errors_only"
    errors_only.mkdir()
    (errors_only / "empty.txt").write_bytes(b"")
    assert run_batch(errors_only, tmp_path / "only_errors").failed == 1
    nb_execute.execute(tmp_path / "only_errors")
