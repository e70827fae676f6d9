"""Header of an act: type, number, date, issuer, place, title, signatory, approval, period.

Layout rules lead. The header is read as lines (paragraphs, and table cells for headers laid
out in tables) around an anchor, the type line («ПРИКАЗ», «П О С Т А Н О В Л Е Н И Е»,
«УКАЗ / ПРЕЗИДЕНТА РОССИЙСКОЙ ФЕДЕРАЦИИ») or an attachment's approval stamp. One module per
concern:

- `lines`: header lines from the blocks' text, each character mapped to `Document.text`;
- `typeline`: the type line, notes and body starts;
- `dateline`: date, number and place lines;
- `issuer`: the issuing body (block above the type line, or genitive after it);
- `title`: the title block; `period`: the period a plan's title names;
- `approval`: «УТВЕРЖДЕН приказом … от … № …» stamps and «Приложение № 2 к приказу …»;
- `plan`: «УТВЕРЖДАЮ / Директор … / подпись / дата» stamps and a plan's own heading;
- `signature`: the signature block and the sign-off of acts dated at the end;
- `check`: doubtful values (a future date, an OCR-confused number) dropped with a warning;
- `extract`: the walk that ties them together.

Normal forms: doc_type lower case nominative; number without N/№, inner dashes unspaced;
signatory «И.О. Фамилия»; issuer nominative full form in normal case, `issuer_short` from the
federal vocabulary; federal laws have no issuer (None). Every value found gets a `FieldSpan`.
Each rule set is a tuple of `prikaz.rules.Rule` named `RULES` in its module (see `ALL_RULES`).
"""

from __future__ import annotations

from prikaz.extractors.actparts import clean_number

from . import approval, check, dateline, issuer, names, period, plan, signature, typeline
from .dateline import match_place
from .extract import extract_header
from .lines import Line, document_lines
from .period import find_period
from .signature import match_name
from .typeline import match_type_line

ALL_RULES = (
    typeline.RULES
    + dateline.RULES
    + approval.RULES
    + period.RULES
    + signature.RULES
    + plan.RULES
    + check.RULES
    + names.RULES
    + issuer.RULES
)

__all__ = [
    "ALL_RULES",
    "Line",
    "clean_number",
    "document_lines",
    "extract_header",
    "find_period",
    "match_name",
    "match_place",
    "match_type_line",
]
