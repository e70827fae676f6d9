"""Execute compare_regions.ipynb top to bottom on the sample data and keep its outputs.

    python notebooks/execute.py            # rewrites notebooks/compare_regions.ipynb in place

The sample data is what `run_batch('data/raw', tmp)` writes; tests/test_notebook.py runs the
same `execute` on a fresh batch and fails on any cell error.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import nbformat
from nbclient import NotebookClient

HERE = Path(__file__).resolve().parent
NOTEBOOK = HERE / "compare_regions.ipynb"
RAW = HERE.parent / "data" / "raw"


def execute(data_dir: str | Path, notebook: Path = NOTEBOOK) -> nbformat.NotebookNode:
    """The notebook executed against the Parquet folder `data_dir` (raises on a cell error)."""
    nb = nbformat.read(notebook, as_version=4)
    previous = os.environ.get("PRIKAZ_DATA")
    os.environ["PRIKAZ_DATA"] = str(Path(data_dir).resolve())  # the kernel inherits it
    try:
        client = NotebookClient(
            nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(HERE)}}
        )
        client.execute()
    finally:
        if previous is None:
            os.environ.pop("PRIKAZ_DATA", None)
        else:
            os.environ["PRIKAZ_DATA"] = previous
    return nb


def main() -> int:
    from prikaz.pipeline.run import run_batch

    with tempfile.TemporaryDirectory(prefix="prikaz-sample-") as tmp:
        run_batch(RAW, tmp)
        nb = execute(tmp)
    nbformat.write(nb, NOTEBOOK)
    print(f"executed and saved {NOTEBOOK}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
