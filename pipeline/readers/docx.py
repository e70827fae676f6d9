"""DOCX reader: the document body's paragraphs and tables, in body order.

- Tables: the grid is resolved, so a cell merged across columns (`gridSpan`) gives its text
  once followed by empty cells, and a cell merged down rows (`vMerge`) gives its text in the
  first row only; rows keep one cell per grid column (`gridBefore`/`gridAfter` padded).
- A table nested in a cell is flattened into that cell: one line per nested row, its
  non-empty cells joined by a space.
- Line breaks inside a paragraph or cell (`w:br`, `w:cr`, separate paragraphs of one cell)
  are kept as "\\n": they separate the items of multi-value cells.
- Bold: a paragraph or cell is bold when most of its letters are, counting direct run
  formatting and paragraph/character styles.
- Text boxes, drawings, deleted text, field codes, headers and footers are not read into the
  body.
- Pages: DOCX has no pages; Word's rendered page breaks (`w:lastRenderedPageBreak`) are counted
  when present, explicit page breaks otherwise.

Security: no XML entity is ever resolved. Every XML part is checked before parsing and a part
with a DTD (the only way to declare entities) is refused via defusedxml; python-docx's lxml
parser is itself built with `resolve_entities=False` and lxml loads nothing from the network.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import defusedxml.ElementTree as safe_et
import docx
from defusedxml import DefusedXmlException, EntitiesForbidden
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from lxml import etree

from prikaz.errors import ReadError
from prikaz.model import Document, Row
from prikaz.pipeline.readers.builder import CellDraft, DocumentBuilder, clean_cell_text
from prikaz.pipeline.readers.docx_numbering import Numbering
from prikaz.pipeline.readers.merges import CellStart, Merge, track_merges, with_merges

if TYPE_CHECKING:
    from prikaz.pipeline.readers.docx_images import BodyPictures

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"
_NS = {"w": W_NS}

# Zip limits: a DOCX of an order is a few MB; refuse archives that unpack to more.
MAX_UNPACKED_BYTES = 512 * 1024 * 1024
MAX_RATIO = 200

# Elements whose content is not body text (text boxes live inside drawings/picts).
_SKIP = frozenset(
    W + tag
    for tag in (
        "drawing",
        "pict",
        "object",
        "delText",
        "instrText",
        "del",
        "footnoteReference",
        "endnoteReference",
        "commentReference",
        "txbxContent",
    )
) | {"{http://schemas.openxmlformats.org/markup-compatibility/2006}AlternateContent"}
_FALSE = frozenset({"0", "false", "off", "none"})


def check_xml_parts(data: bytes) -> None:
    """Refuse a zip whose XML parts declare a DTD/entities, or that unpacks to too much."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise ReadError("corrupt_docx", f"corrupt DOCX: {exc}") from exc
    with zf:
        infos = zf.infolist()
        total = sum(i.file_size for i in infos)
        packed = max(1, sum(i.compress_size for i in infos))
        if total > MAX_UNPACKED_BYTES or total / packed > MAX_RATIO:
            raise ReadError(
                "zip_bomb",
                f"archive expands beyond limit: DOCX of {_size(len(data))} unpacks to "
                f"{_size(total)} (limits {_size(MAX_UNPACKED_BYTES)}, {MAX_RATIO}:1); not unpacked",
            )
        for info in infos:
            if not info.filename.endswith((".xml", ".rels")):
                continue
            try:
                raw = zf.read(info)
            except (zipfile.BadZipFile, OSError, RuntimeError) as exc:
                raise ReadError("corrupt_docx", f"corrupt DOCX part {info.filename}") from exc
            text = _as_ascii_view(raw)
            if b"<!DOCTYPE" in text or b"<!ENTITY" in text:
                # defusedxml names the offence (entity, external reference) before expanding
                # anything: it refuses at the declaration.
                prefix = f"unsafe DOCX: part {info.filename}"
                try:
                    safe_et.fromstring(raw, forbid_dtd=False, forbid_entities=True)
                except EntitiesForbidden as exc:
                    where = f" ({exc.sysid})" if exc.sysid else ""
                    kind = "an external XML entity" if exc.sysid else "an XML entity"
                    raise ReadError(
                        "unsafe_xml",
                        f"{prefix} declares {kind} {exc.name!r}{where}; refused, never expanded",
                    ) from exc
                except DefusedXmlException as exc:
                    raise ReadError("unsafe_xml", f"{prefix} refused: {exc}") from exc
                except safe_et.ParseError as exc:
                    raise ReadError("unsafe_xml", f"{prefix} has a malformed DTD: {exc}") from exc
                raise ReadError("unsafe_xml", f"{prefix} declares a DTD; refused")


def _size(n: int) -> str:
    for unit, scale in (("GiB", 1024**3), ("MiB", 1024**2), ("KiB", 1024)):
        if n >= scale:
            return f"{n / scale:.1f} {unit}"
    return f"{n} bytes"


def _as_ascii_view(raw: bytes) -> bytes:
    """The part's bytes in an ASCII-compatible encoding, so markup can be searched for."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or raw[:2] in (b"<\x00", b"\x00<"):
        try:
            return raw.decode("utf-16").encode("utf-8")
        except UnicodeDecodeError:
            return raw.replace(b"\x00", b"")
    return raw


def _attr(el: etree._Element | None, name: str = "val") -> str | None:
    if el is None:
        return None
    return el.get(W + name)


def _on(el: etree._Element | None) -> bool | None:
    """Value of a toggle property (w:b): None when absent."""
    if el is None:
        return None
    val = _attr(el)
    return val is None or val.lower() not in _FALSE


@dataclass(slots=True)
class _Styles:
    """Bold of paragraph and character styles, resolved along `basedOn`."""

    bold: dict[str, bool | None] = field(default_factory=dict)
    based_on: dict[str, str] = field(default_factory=dict)
    default_para: str | None = None

    @classmethod
    def from_root(cls, root: etree._Element | None) -> _Styles:
        styles = cls()
        if root is None:
            return styles
        for st in root.iterfind(f"{W}style"):
            sid = st.get(W + "styleId")
            if not sid:
                continue
            rpr = st.find(f"{W}rPr")
            styles.bold[sid] = _on(rpr.find(f"{W}b")) if rpr is not None else None
            base = _attr(st.find(f"{W}basedOn"))
            if base:
                styles.based_on[sid] = base
            if st.get(W + "type") == "paragraph" and st.get(W + "default") in ("1", "true"):
                styles.default_para = sid
        return styles

    def is_bold(self, sid: str | None) -> bool:
        seen = 0
        while sid and seen < 20:
            val = self.bold.get(sid)
            if val is not None:
                return val
            sid = self.based_on.get(sid)
            seen += 1
        return False


@dataclass(slots=True)
class _Walker:
    styles: _Styles
    rendered_breaks: bool  # the file carries Word's rendered page breaks
    numbering: Numbering = field(default_factory=Numbering)
    page: int = 1
    skipped_text_boxes: int = 0

    # -- paragraphs -------------------------------------------------------------------------

    def paragraph(self, p: etree._Element) -> tuple[str, bool, int]:
        """Text of a paragraph (line breaks as "\\n"), whether it is mostly bold, and the
        page its first letter stands on."""
        ppr = p.find(f"{W}pPr")
        p_style = _attr(ppr.find(f"{W}pStyle")) if ppr is not None else None
        p_style = p_style or self.styles.default_para
        if ppr is not None and not self.rendered_breaks and _on(ppr.find(f"{W}pageBreakBefore")):
            self.page += 1
        para_bold = self.styles.is_bold(p_style)
        # Paragraph-mark run properties do not format the text; only runs count. The number
        # Word shows for a numbered paragraph comes first (it is not counted for bold).
        label = self.numbering.label(ppr, p_style)
        pieces: list[str] = [label] if label else []
        bold_chars = 0
        letters = 0
        first_page = 0
        for run in self._runs(p):
            rpr = run.find(f"{W}rPr")
            bold = para_bold
            if rpr is not None:
                r_style = _attr(rpr.find(f"{W}rStyle"))
                if r_style and self.styles.bold.get(r_style) is not None:
                    bold = self.styles.is_bold(r_style)
                direct = _on(rpr.find(f"{W}b"))
                if direct is not None:
                    bold = direct
            text = self._run_text(run)
            if text:
                if not first_page and text.strip():
                    first_page = self.page
                pieces.append(text)
                n = sum(1 for ch in text if ch.isalnum())
                letters += n
                if bold:
                    bold_chars += n
        return "".join(pieces), letters > 0 and bold_chars * 2 > letters, first_page or self.page

    def _runs(self, el: etree._Element) -> Iterator[etree._Element]:
        """A paragraph's runs in order, through hyperlinks, insertions, fields, controls."""
        for child in el:
            tag = child.tag
            if tag == f"{W}r":
                yield child
            elif tag in _SKIP:
                if self._has_text_box(child):
                    self.skipped_text_boxes += 1
            elif tag == f"{W}pPr":
                continue
            elif isinstance(tag, str):
                # hyperlink, ins, smartTag, fldSimple, sdt/sdtContent, customXml, ...
                yield from self._runs(child)

    def _run_text(self, run: etree._Element) -> str:
        out: list[str] = []
        for child in run:
            tag = child.tag
            if tag == f"{W}t":
                out.append(child.text or "")
            elif tag == f"{W}tab" or tag == f"{W}ptab":
                out.append("\t")
            elif tag == f"{W}br":
                kind = child.get(W + "type")
                if kind == "page":
                    if not self.rendered_breaks:
                        self.page += 1
                elif kind != "column":
                    out.append("\n")
            elif tag == f"{W}cr":
                out.append("\n")
            elif tag == f"{W}noBreakHyphen":
                out.append("-")
            elif tag == f"{W}softHyphen":
                continue
            elif tag == f"{W}sym":
                char = child.get(W + "char")
                if char:
                    try:
                        code = int(char, 16)
                        # Symbol-font glyphs live in the private area F000-F0FF.
                        out.append(chr(code - 0xF000 if code >= 0xF000 else code))
                    except ValueError:
                        pass
            elif tag == f"{W}lastRenderedPageBreak":
                if self.rendered_breaks:
                    self.page += 1
            elif tag in _SKIP and self._has_text_box(child):
                self.skipped_text_boxes += 1
        return "".join(out)

    @staticmethod
    def _has_text_box(el: etree._Element) -> bool:
        return next(el.iter(f"{W}txbxContent"), None) is not None

    # -- tables -----------------------------------------------------------------------------

    def table_rows(self, tbl: etree._Element, builder: DocumentBuilder) -> list[Row]:
        """The table's rows on its grid, merged areas recorded on their cells (see `Cell`)."""
        ncols = len(tbl.findall(f"{W}tblGrid/{W}gridCol"))
        rows: list[Row] = []
        merges: list[Merge] = []
        open_down: dict[int, Merge] = {}  # grid column → vertical merge still open there
        for tr in self._table_rows(tbl):
            page_before = self.page
            drafts, starts = self._row_cells(tr, ncols)
            page_break = bool(rows) and self.page > page_before
            # A break rendered inside a row belongs to the row that follows it in Word's
            # layout; count the row on the page where it starts.
            row_page = page_before
            rows.append(builder.make_row(drafts, row_page, page_break))
            track_merges(len(rows) - 1, starts, open_down, merges)
        return with_merges(rows, merges)

    def _table_rows(self, tbl: etree._Element) -> Iterator[etree._Element]:
        for child in tbl:
            if child.tag == f"{W}tr":
                yield child
            elif child.tag in (f"{W}sdt", f"{W}customXml"):
                yield from child.iter(f"{W}tr")

    def _row_cells(self, tr: etree._Element, ncols: int) -> tuple[list[CellDraft], list[CellStart]]:
        """One draft per grid column, and where each `w:tc` starts, how wide it is and
        whether it continues a vertical merge (`w:vMerge` without «restart»)."""
        trpr = tr.find(f"{W}trPr")
        before = int(_attr(trpr.find(f"{W}gridBefore")) or 0) if trpr is not None else 0
        drafts = [CellDraft("", self.page) for _ in range(before)]
        starts: list[CellStart] = []
        for tc in self._cells(tr):
            tcpr = tc.find(f"{W}tcPr")
            span = 1
            merged_down = False
            if tcpr is not None:
                span = max(1, int(_attr(tcpr.find(f"{W}gridSpan")) or 1))
                vmerge = tcpr.find(f"{W}vMerge")
                merged_down = vmerge is not None and (_attr(vmerge) or "continue") == "continue"
            page = self.page
            starts.append(CellStart(len(drafts), span, merged_down))
            if merged_down:
                # The value stands in the first row of the merge; here the cell is empty.
                self._skip_cell(tc)
                drafts.append(CellDraft("", page))
            else:
                text, bold = self._cell(tc)
                drafts.append(CellDraft(text, page, bold))
            drafts.extend(CellDraft("", page) for _ in range(span - 1))
        while len(drafts) < ncols:
            drafts.append(CellDraft("", self.page))
        return drafts, starts

    def _cells(self, tr: etree._Element) -> Iterator[etree._Element]:
        for child in tr:
            if child.tag == f"{W}tc":
                yield child
            elif child.tag in (f"{W}sdt", f"{W}customXml"):
                for sdt_content in child:
                    yield from self._cells(sdt_content)

    def _skip_cell(self, tc: etree._Element) -> None:
        # Keep page counting right even for text we do not emit.
        for el in tc.iter(f"{W}lastRenderedPageBreak", f"{W}br"):
            if el.tag == f"{W}lastRenderedPageBreak":
                self.page += 1 if self.rendered_breaks else 0
            elif el.get(W + "type") == "page" and not self.rendered_breaks:
                self.page += 1

    def _cell(self, tc: etree._Element) -> tuple[str, bool]:
        lines: list[str] = []
        letters = bold_letters = 0
        for el in self._cell_blocks(tc):
            if el.tag == f"{W}p":
                text, bold, _ = self.paragraph(el)
            else:
                text, bold = self._nested_table(el)
            text = clean_cell_text(text)
            if not text:
                continue
            lines.append(text)
            n = sum(1 for ch in text if ch.isalnum())
            letters += n
            bold_letters += n if bold else 0
        return "\n".join(lines), letters > 0 and bold_letters * 2 > letters

    def _cell_blocks(self, container: etree._Element) -> Iterator[etree._Element]:
        for child in container:
            if child.tag in (f"{W}p", f"{W}tbl"):
                yield child
            elif child.tag in (f"{W}sdt", f"{W}sdtContent", f"{W}customXml"):
                yield from self._cell_blocks(child)

    def _nested_table(self, tbl: etree._Element) -> tuple[str, bool]:
        lines: list[str] = []
        letters = bold_letters = 0
        for tr in self._table_rows(tbl):
            texts: list[str] = []
            for tc in self._cells(tr):
                tcpr = tc.find(f"{W}tcPr")
                vmerge = tcpr.find(f"{W}vMerge") if tcpr is not None else None
                if vmerge is not None and (_attr(vmerge) or "continue") == "continue":
                    continue
                text, bold = self._cell(tc)
                if text:
                    texts.append(text.replace("\n", " "))
                    n = sum(1 for ch in text if ch.isalnum())
                    letters += n
                    bold_letters += n if bold else 0
            if texts:
                lines.append(" ".join(texts))
        return "\n".join(lines), letters > 0 and bold_letters * 2 > letters


def _body_blocks(body: etree._Element) -> Iterator[etree._Element]:
    for child in body:
        if child.tag in (f"{W}p", f"{W}tbl"):
            yield child
        elif child.tag in (f"{W}sdt", f"{W}sdtContent", f"{W}customXml"):
            yield from _body_blocks(child)


def _numbering_root(wdoc: Any) -> etree._Element | None:
    """The numbering part's XML, if the document has one (python-docx would make one up)."""
    try:
        return wdoc.part.part_related_by(RT.NUMBERING).element
    except (KeyError, AttributeError):
        return None


def _body_pictures(wdoc: Any, body: etree._Element) -> BodyPictures | None:
    """The body's pictures (`docx_images`), or None when it has no drawing at all."""
    if next(body.iter(f"{W}drawing", f"{W}pict", f"{W}object"), None) is None:
        return None
    from prikaz.pipeline.readers.docx_images import body_pictures  # noqa: PLC0415  (it loads PIL, which only Word files with pictures need)

    return body_pictures(wdoc.part, body)


def _picture_warnings(
    body: etree._Element, pictures: BodyPictures | None, *, empty: bool
) -> list[str]:
    """What is said of pictures left unread: say so rather than give an empty order quietly."""
    if pictures is not None and pictures.pages:
        return [
            f"{len(pictures.pages)} page-sized picture(s) in the body not read: the body has "
            "text of its own (pictures are read by OCR only in a body of pictures alone)"
        ]
    if not empty:
        return []
    images = sum(1 for _ in body.iter(f"{W}drawing", f"{W}pict", f"{W}object"))
    if not images:
        return ["no text in the document body"]
    linked = pictures.missing if pictures is not None else 0
    return [
        f"no text in the document body: {images} image(s) or drawing(s) only, none "
        "page-sized; not read",
        *([f"{linked} picture(s) not inside the file (linked or broken)"] if linked else []),
    ]


def read_docx_bytes(
    data: bytes,
    *,
    source_path: str,
    doc_id: str | None = None,
    source_format: str = "docx",
) -> Document:
    """Read DOCX bytes into the layout model."""
    check_xml_parts(data)
    try:
        wdoc = docx.Document(io.BytesIO(data))
    except (ValueError, KeyError, zipfile.BadZipFile, etree.XMLSyntaxError) as exc:
        raise ReadError("corrupt_docx", f"unreadable DOCX: {exc}") from exc
    except Exception as exc:  # python-docx raises its own PackageNotFoundError etc.
        raise ReadError("corrupt_docx", f"unreadable DOCX: {type(exc).__name__}: {exc}") from exc
    body = wdoc.element.body
    try:
        styles_root = wdoc.styles.element
    except (KeyError, ValueError):
        styles_root = None
    rendered = next(body.iter(f"{W}lastRenderedPageBreak"), None) is not None
    numbering = Numbering.from_roots(_numbering_root(wdoc), styles_root)
    walker = _Walker(_Styles.from_root(styles_root), rendered, numbering)
    builder = DocumentBuilder()
    for el in _body_blocks(body):
        if el.tag == f"{W}p":
            text, bold, page = walker.paragraph(el)
            builder.add_paragraph(clean_cell_text(text.replace("\t", " ")), page, bold)
        else:
            builder.add_table(walker.table_rows(el, builder))
    doc_id = doc_id or hashlib.sha256(data).hexdigest()
    pictures = _body_pictures(wdoc, body)
    if pictures is not None and pictures.pasted:
        # Pages scanned and pasted into a Word file: read them as a scan is read.
        from prikaz.pipeline.readers.docx_scans import read_page_pictures  # noqa: PLC0415  (page images in Word files are rare; OpenCV loads only for them)

        return read_page_pictures(
            pictures.pages,
            dropped_text=pictures.text,
            doc_id=doc_id,
            source_path=source_path,
            source_format=source_format,
        )
    warnings = _picture_warnings(body, pictures, empty=not builder.blocks)
    if walker.skipped_text_boxes:
        warnings.append(f"{walker.skipped_text_boxes} text box(es) not read into the body")
    if numbering.unknown_formats:
        formats = ", ".join(sorted(numbering.unknown_formats))
        warnings.append(f"list numbers in format(s) {formats} shown as decimal")
    return builder.build(
        doc_id=doc_id,
        source_path=source_path,
        source_format=source_format,
        pages=walker.page,
        warnings=tuple(warnings),
    )


def read_docx(path: str | Path) -> Document:
    data = Path(path).read_bytes()
    return read_docx_bytes(data, source_path=str(path))
