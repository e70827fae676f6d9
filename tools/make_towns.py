"""Derive `normalizers/data/towns.tsv` from the HFLabs/DaData «Города России» dataset.

    python tools/make_towns.py [path/to/city.csv] [--out normalizers/data/towns.tsv]

Source: https://github.com/hflabs/city (`city.csv`, data of 11.10.2021), licence CC BY-SA 4.0;
the TSV written here is an adaptation of it and carries the same licence (its header says so).
The dataset itself is kept in `tools/data/city.csv.gz` (unchanged, gzip; the default input), so
the TSV can be re-made, and is checked by the tests, on any machine.

Per row of city.csv one town is kept, with three facts:
- the town's name: the `settlement` when set (Алупка under Ялта), else the `city`, else the `area`
  when the area is itself a town (Moscow oblast's «г Воскресенск»), else the `region` for the
  federal cities (Москва, Санкт-Петербург, Севастополь);
- its federal subject, found by our own subject matcher (`regions.find_subjects`) in the
  dataset's region name with its type word («Свердловская» + «обл», «Адыгея» + «Респ»); a row
  whose region maps to no subject or to two stops the script;
- the district (`area` of type «р-н» or «у») the town lies in, as «Рыбинский район».
"""

from __future__ import annotations

import argparse
import csv
import gzip
import sys
from pathlib import Path

from prikaz.normalizers import regions

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "normalizers" / "data" / "towns.tsv"
CITY_CSV = ROOT / "tools" / "data" / "city.csv.gz"

# The dataset's region types as the word a subject's name uses.
TYPE_WORDS = {
    "обл": "область",
    "край": "край",
    "Респ": "Республика",
    "АО": "автономный округ",
    "Аобл": "автономная область",
    "г": "",
    "Чувашия": "",  # «Чувашская Республика» is written out whole
}
DISTRICT_WORDS = {"р-н": "район", "у": "улус"}

HEADER = """\
# Towns of Russia: every settlement with the status of a town (город), its federal subject and
# the district it lies in. Source: «Города России» by HFLabs (DaData), https://github.com/hflabs/city,
# file city.csv, data of 11.10.2021, licence CC BY-SA 4.0
# (https://creativecommons.org/licenses/by-sa/4.0/). This file is an adaptation of that dataset
# (columns selected, region names replaced by our subjects' names and ISO codes) and is
# distributed under the same licence, CC BY-SA 4.0, with attribution to HFLabs.
# Made by tools/make_towns.py from city.csv (re-run it on a newer city.csv to update): the town is
# the row's settlement, city, town-area or federal city; the subject is the row's region matched to
# federal_subjects.tsv by name («Свердловская» обл → Свердловская область); the district is the
# row's area of type р-н / у («Рыбинский район», «Алданский улус»), empty when the town is in none.
# Columns (tab-separated): town | subject (name as in federal_subjects.tsv) | iso (empty for the
# subjects ISO 3166-2:RU does not list) | district
"""


def town_name(row: dict[str, str]) -> str:
    if row["settlement"]:
        return row["settlement"]
    if row["city"]:
        return row["city"]
    if row["area_type"] == "г":
        return row["area"]
    if row["region_type"] == "г":
        return row["region"]
    raise ValueError(f"no town in row {row['address']!r}")


def subject_of_region(region: str, region_type: str) -> regions.Subject:
    """The federal subject a dataset region names («Адыгея», «Респ» → Республика Адыгея)."""
    word = TYPE_WORDS[region_type]
    candidates = [f"{word} {region}", f"{region} {word}"] if word else [region]
    found = {m.subject.name: m.subject for c in candidates for m in regions.find_subjects(c)}
    if len(found) != 1:
        raise ValueError(f"region {region!r} ({region_type}) maps to {sorted(found) or 'nothing'}")
    return next(iter(found.values()))


def district_of(row: dict[str, str]) -> str:
    noun = DISTRICT_WORDS.get(row["area_type"])
    return f"{row['area']} {noun}" if noun else ""


def make_rows(city_csv: Path) -> list[tuple[str, str, str, str]]:
    opener = gzip.open if city_csv.suffix == ".gz" else open
    with opener(city_csv, "rt", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    out = set()
    for row in rows:
        subject = subject_of_region(row["region"], row["region_type"])
        out.add((town_name(row), subject.name, subject.iso or "", district_of(row)))
    return sorted(out, key=lambda r: (r[0].replace("ё", "е"), r[1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("city_csv", type=Path, nargs="?", default=CITY_CSV)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    rows = make_rows(args.city_csv)
    with args.out.open("w", encoding="utf-8", newline="") as fh:
        fh.write(HEADER)
        fh.write("town\tsubject\tiso\tdistrict\n")
        for row in rows:
            fh.write("\t".join(row) + "\n")
    print(f"{len(rows)} towns → {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
