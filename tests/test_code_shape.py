"""Code shape (issue 13): no function over ~60 lines without a written reason.

Walks the package's own source (`prikaz/` and the stage folders its symlinks point to) with
`ast`, so the check sees exactly the functions Python sees, nested ones included.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# `prikaz/pipeline`, `prikaz/extractors` and `prikaz/normalizers` are symlinks to these
# folders: they are walked once, under their real names.
FOLDERS = ("prikaz", "pipeline", "extractors", "normalizers")
MAX_LINES = 60

# Qualified name ("pipeline/executors.py:WorkerPool.imap") -> why it may be longer.
LONG_FUNCTIONS: dict[str, str] = {}


def _source_files() -> list[Path]:
    files: list[Path] = []
    for folder in FOLDERS:
        base = ROOT / folder
        for path in sorted(base.rglob("*.py")):
            relative = path.relative_to(base)
            # Skip anything reached through a symlinked folder (walked under its real name).
            if any((base / part).is_symlink() for part in _prefixes(relative)):
                continue
            files.append(path)
    return files


def _prefixes(relative: Path) -> list[Path]:
    parts = relative.parts[:-1]
    return [Path(*parts[: i + 1]) for i in range(len(parts))]


def _functions(tree: ast.AST, prefix: str = "") -> list[tuple[str, ast.AST]]:
    found: list[tuple[str, ast.AST]] = []
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            name = f"{prefix}{node.name}"
            found.append((name, node))
            found += _functions(node, f"{name}.")
        elif isinstance(node, ast.ClassDef):
            found += _functions(node, f"{prefix}{node.name}.")
        else:
            found += _functions(node, prefix)
    return found


def _long_in(source: str, relative: str) -> dict[str, int]:
    """Functions of one file over the limit, decorators included -> their length in lines."""
    long: dict[str, int] = {}
    for name, node in _functions(ast.parse(source, filename=relative)):
        assert isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
        first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
        assert node.end_lineno is not None
        lines = node.end_lineno - first + 1
        if lines > MAX_LINES:
            long[f"{relative}:{name}"] = lines
    return long


def _long_functions() -> dict[str, int]:
    long: dict[str, int] = {}
    for path in _source_files():
        long |= _long_in(path.read_text(encoding="utf-8"), path.relative_to(ROOT).as_posix())
    return long


def test_the_walk_sees_the_stage_folders_once() -> None:
    files = [p.relative_to(ROOT).as_posix() for p in _source_files()]
    assert "pipeline/executors.py" in files
    assert "prikaz/rules.py" in files
    assert not any(f.startswith(("prikaz/pipeline/", "prikaz/extractors/")) for f in files)
    assert len(files) == len(set(files))


def _method(body_lines: int) -> str:
    body = "".join(f"        x{i} = {i}\n" for i in range(body_lines))
    return f"class C:\n    @staticmethod\n    def f():\n{body}"


def test_a_function_over_the_limit_is_reported() -> None:
    # Decorator + def line + body: one line over the limit.
    assert _long_in(_method(MAX_LINES - 1), "m.py") == {"m.py:C.f": MAX_LINES + 1}
    assert _long_in(_method(MAX_LINES - 2), "m.py") == {}


def test_no_function_over_the_limit_without_a_reason() -> None:
    unexplained = {
        name: lines for name, lines in _long_functions().items() if name not in LONG_FUNCTIONS
    }
    assert unexplained == {}, (
        f"functions over {MAX_LINES} lines: split them, or give the reason in LONG_FUNCTIONS"
    )


def test_every_listed_exception_is_still_long_and_has_a_reason() -> None:
    # A stale entry would let a future long function of the same name in silently.
    long = _long_functions()
    assert [name for name in LONG_FUNCTIONS if name not in long] == []
    assert [name for name, reason in LONG_FUNCTIONS.items() if not reason.strip()] == []
