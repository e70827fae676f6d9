"""Generate a benchmark corpus: variations of the seed orders in TXT, DOCX and PDF.

Every generated file has distinct bytes (so each is a new document for the runner) and the
layout of a real order:
- TXT: a seed (tests/data/seeds) with its own number suffixed by the variant
  (`№388-р` → `№388-р/17`);
- DOCX: the seed's Word rendering (tests/fixtures/formats) with the same change, saved anew;
- PDF: the seed's LibreOffice PDF rendering with a comment line appended after `%%EOF`
  (readers ignore it), so PDF variants repeat the five seed layouts byte-for-byte otherwise.
Scanned PDFs (OCR) are left out: tesseract's seconds per page would swamp the rest.

    .venv/bin/python benchmarks/make_corpus.py OUT --txt 1000 --docx 600 --pdf 400
"""

from __future__ import annotations

import argparse
import io
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "tests" / "data" / "seeds"
FORMATS = ROOT / "tests" / "fixtures" / "formats"
# The order's own number: `№388-р` on its own line or `от 29.12.2021 № 305` (not `№ п/п`).
OWN_NUMBER = re.compile(r"^((?:от\s+\S+\s+)?№\s*\d\S*)", re.MULTILINE)


def seed_names() -> list[str]:
    return sorted(p.stem for p in SEEDS.glob("*.txt"))


def vary_text(text: str, k: int) -> str:
    """The order's own number suffixed with the variant number."""
    varied, n = OWN_NUMBER.subn(lambda m: f"{m[1]}/{k}", text, count=1)
    return varied if n else f"{text}\n{k}\n"


def txt_variant(seed: str, k: int) -> bytes:
    data = (SEEDS / f"{seed}.txt").read_bytes()
    text = data.decode("utf-8")
    return vary_text(text, k).encode("utf-8")


def docx_variant(seed: str, k: int) -> bytes:
    from docx import Document

    doc = Document(str(FORMATS / f"{seed}.docx"))
    for para in doc.paragraphs:
        if OWN_NUMBER.match(para.text.strip()) and para.runs:
            para.runs[-1].text += f"/{k}"
            break
    doc.core_properties.revision = k + 1  # distinct bytes even without a number paragraph
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def pdf_variant(seed: str, k: int) -> bytes:
    data = (FORMATS / f"{seed}.pdf").read_bytes()
    return data + f"\n%prikaz-benchmark-variant {k}\n".encode("ascii")


MAKERS = {"txt": txt_variant, "docx": docx_variant, "pdf": pdf_variant}


def make_corpus(out: Path, counts: dict[str, int], start: int = 0) -> dict[str, list[Path]]:
    """Write `counts[fmt]` variants per format under `out/<fmt>/`; return the paths."""
    seeds = seed_names()
    made: dict[str, list[Path]] = {}
    for fmt, n in counts.items():
        folder = out / fmt
        folder.mkdir(parents=True, exist_ok=True)
        made[fmt] = []
        for i in range(start, start + n):
            seed = seeds[i % len(seeds)]
            path = folder / f"{i:06d}_{seed}.{fmt}"
            if not path.exists():
                path.write_bytes(MAKERS[fmt](seed, i))
            made[fmt].append(path)
    return made


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("out", type=Path)
    p.add_argument("--txt", type=int, default=1000)
    p.add_argument("--docx", type=int, default=600)
    p.add_argument("--pdf", type=int, default=400)
    args = p.parse_args(argv)
    made = make_corpus(args.out, {"txt": args.txt, "docx": args.docx, "pdf": args.pdf})
    print(", ".join(f"{fmt} {len(paths)}" for fmt, paths in made.items()), "→", args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
