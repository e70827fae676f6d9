"""Whether a page's text layer can be trusted, or the page must be read again by OCR.

A text layer lies when it is not the text that is drawn: a scan carrying a bad OCR layer made by
someone else (Latin look-alikes inside Cyrillic words, «IIOCTAHOBJIEHI4E»), a font without a
usable character map. Such a page is mostly made of tokens that are no Russian words. Judged on
the page's letter tokens of three letters or more (`layer_quality`):

- `mixed`: tokens mixing Cyrillic and Latin letters, or letters and digits inside a word
  («Prr6uHcxoro», «Уссурии&ка» is not counted: & is no letter);
- `known`: Cyrillic tokens the Russian dictionary knows (pymorphy2 through natasha's
  `MorphVocab`, shared in `prikaz.morphology`);
- `latin`: tokens in Latin letters only.

A layer is garbage (`is_garbage`) when under `MIN_KNOWN` of its tokens are known Russian words
while `MIN_BROKEN` or more are mixed or Latin. A layer drawn invisibly over a page image (an
OCR layer) must do better: under `MIN_KNOWN_OCR_LAYER` known words, its page is read by our own
OCR, which also finds the page's table rulings in the image (an OCR layer carries none).
A page of too few tokens (`MIN_TOKENS`) is not judged: its layer is kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from prikaz.morphology import morph
from prikaz.rules import Rule

MIN_TOKENS = 20
MIN_KNOWN = 0.5
MIN_BROKEN = 0.2
MIN_KNOWN_OCR_LAYER = 0.95
SCAN_COVER = 0.8  # an image covering this share of a page makes it a scan

_TOKEN = re.compile(r"[^\W_]{3,}")
_CYRILLIC = re.compile(r"[А-Яа-яЁё]")
_LATIN = re.compile(r"[A-Za-z]")

# A token of two scripts, or with letters and digits mixed inside a word; a number followed by
# a short ending («2020года», «57од», «1-го» is two tokens) is not.
BROKEN_TOKEN = Rule.of(
    "broken_token",
    r"^(?=.*[А-Яа-яЁё])(?=.*[A-Za-z])|^(?!\d+[^\W\d_]{1,5}$)(?=.*[^\W\d_])(?=.*\d)",
    {
        "Prr6uHcxoro": True,
        "pafioHa": False,
        "МуниципаЛьнoгo": True,
        "2020года": False,
        "57од": False,
        "постановление": False,
        "I4E": True,
    },
    flags=0,
)


def is_broken(token: str) -> bool:
    return BROKEN_TOKEN.search(token) is not None


@dataclass(frozen=True, slots=True)
class LayerQuality:
    tokens: int
    known: int
    mixed: int
    latin: int

    @property
    def known_share(self) -> float:
        return self.known / self.tokens if self.tokens else 1.0

    @property
    def broken_share(self) -> float:
        return (self.mixed + self.latin) / self.tokens if self.tokens else 0.0


def layer_quality(text: str) -> LayerQuality:
    tokens = _TOKEN.findall(text)
    analyser = morph()
    known = mixed = latin = 0
    for token in tokens:
        if is_broken(token):
            mixed += 1
        elif _CYRILLIC.search(token):
            known += bool(analyser.word_is_known(token.lower()))
        elif _LATIN.search(token):
            latin += 1
    return LayerQuality(len(tokens), known, mixed, latin)


def is_garbage(quality: LayerQuality, *, ocr_layer: bool = False) -> bool:
    """Whether a page's layer of this quality is to be replaced by OCR (see the docstring)."""
    if quality.tokens < MIN_TOKENS:
        return False
    if ocr_layer:
        return quality.known_share < MIN_KNOWN_OCR_LAYER
    return quality.known_share < MIN_KNOWN and quality.broken_share >= MIN_BROKEN


def covered_by_image(page) -> bool:  # page: pdfplumber.page.Page
    """Whether one image covers most of the page: a scan, its text a layer laid over it."""
    area = float(page.width) * float(page.height)
    for im in page.images:
        w = float(im["x1"]) - float(im["x0"])
        h = float(im["bottom"]) - float(im["top"])
        if w * h >= SCAN_COVER * area:
            return True
    return False


def layer_lies(page) -> bool:  # page: pdfplumber.page.Page
    """Whether a page's text layer is to be replaced by OCR (see the module docstring)."""
    quality = layer_quality(page.extract_text() or "")
    return is_garbage(quality, ocr_layer=covered_by_image(page))
