"""Generate the corpus of broken and hostile inputs (issue 9) into a folder, in seconds.

    python -m tests.bad_inputs.make_bad_corpus OUT_DIR [--seeds tests/data/seeds]

Nothing is downloaded and no binary is committed: every file is built here from bytes, with
the standard library only (PDFs are written by hand, RC4 encryption included, so no PDF
library is needed to make them). `make_corpus` returns, for every input path it created, the
outcome the batch must record: `Expect("documents")` for an input whose content is fine, or
`Expect("errors", error_type)`.

Unreadable files: the tests run as root in CI, where `chmod 000` does not stop reading. The
corpus therefore has inputs that no user can read as a file: a FIFO (opening it would block
for ever), a Unix socket (open fails with ENXIO) and a folder named like a document. The
`chmod 000` file is made too; it is an error only for an unprivileged reader, so its
expectation depends on who runs the batch (`unprivileged`).
"""

from __future__ import annotations

import argparse
import hashlib
import io
import os
import random
import socket
import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

# --------------------------------------------------------------------------------------------
# What each input must become
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Expect:
    table: str  # "documents", "errors" or "skipped" (same bytes as an earlier input)
    error_type: str | None = None
    note: str = ""  # the case, in words (for the README table)
    says: str = ""  # what the error message must contain


def ok(note: str) -> Expect:
    return Expect("documents", None, note)


def err(error_type: str, note: str, says: str = "") -> Expect:
    return Expect("errors", error_type, note, says)


def skipped(note: str) -> Expect:
    """Bytes equal to an earlier input's: read once, this name is counted as skipped."""
    return Expect("skipped", None, note)


# --------------------------------------------------------------------------------------------
# PDF written by hand
# --------------------------------------------------------------------------------------------

_PAD = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")
_FILE_ID = hashlib.md5(b"prikaz bad corpus").digest()


def rc4(key: bytes, data: bytes) -> bytes:
    s = list(range(256))
    j = 0
    for i in range(256):
        j = (j + s[i] + key[i % len(key)]) & 0xFF
        s[i], s[j] = s[j], s[i]
    out = bytearray()
    i = j = 0
    for byte in data:
        i = (i + 1) & 0xFF
        j = (j + s[i]) & 0xFF
        s[i], s[j] = s[j], s[i]
        out.append(byte ^ s[(s[i] + s[j]) & 0xFF])
    return bytes(out)


@dataclass(frozen=True, slots=True)
class _Rc4Security:
    """PDF standard security handler, revision 2 (40-bit RC4): the PDF 1.7 spec, 7.6.3."""

    user: bytes
    owner: bytes
    permissions: int = -4

    def o_value(self) -> bytes:
        key = hashlib.md5(((self.owner or self.user) + _PAD)[:32]).digest()[:5]
        return rc4(key, (self.user + _PAD)[:32])

    def file_key(self) -> bytes:
        p = struct.pack("<i", self.permissions)
        return hashlib.md5((self.user + _PAD)[:32] + self.o_value() + p + _FILE_ID).digest()[:5]

    def u_value(self) -> bytes:
        return rc4(self.file_key(), _PAD)

    def encrypt(self, num: int, data: bytes) -> bytes:
        key = self.file_key() + struct.pack("<i", num)[:3] + b"\0\0"
        return rc4(hashlib.md5(key).digest()[:10], data)

    def dictionary(self) -> bytes:
        return b"<< /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P %d >>" % (
            self.o_value().hex().encode(),
            self.u_value().hex().encode(),
            self.permissions,
        )


def _stream(body: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s>>\nstream\n%s\nendstream" % (len(body), extra, body)


def build_pdf(
    page_contents: list[bytes | None],
    *,
    security: _Rc4Security | None = None,
    xref_shift: int = 0,
) -> bytes:
    """A PDF of one page per entry (None: a page with no content at all), Helvetica text.

    `xref_shift` moves every xref offset, as a file edited by a careless tool would have.
    """
    n_pages = len(page_contents)
    objs: dict[int, bytes] = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        3: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    }
    kids = []
    num = 4
    for content in page_contents:
        page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842]"
        if content is not None:
            page += b" /Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R" % (num + 1)
            body = security.encrypt(num + 1, content) if security else content
            objs[num + 1] = _stream(body)
        objs[num] = page + b" >>"
        kids.append(b"%d 0 R" % num)
        num += 2
    objs[2] = b"<< /Type /Pages /Count %d /Kids [%s] >>" % (n_pages, b" ".join(kids))
    size = max(objs) + 1
    trailer_extra = b""
    if security is not None:
        objs[size] = security.dictionary()
        trailer_extra = b" /Encrypt %d 0 R" % size
        size += 1
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for n in sorted(objs):
        offsets[n] = len(out)
        out += b"%d 0 obj\n%s\nendobj\n" % (n, objs[n])
    xref_at = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for n in range(1, size):
        off = offsets.get(n)
        out += (
            b"%010d 00000 n \n" % (off + xref_shift)
            if off is not None
            else b"0000000000 65535 f \n"
        )
    ident = _FILE_ID.hex().encode()
    out += b"trailer\n<< /Size %d /Root 1 0 R /ID [<%s> <%s>]%s >>\n" % (
        size,
        ident,
        ident,
        trailer_extra,
    )
    out += b"startxref\n%d\n%%%%EOF\n" % xref_at
    return bytes(out)


def text_page(*lines: str) -> bytes:
    """A content stream drawing ASCII lines of text (enough characters for a text layer)."""
    ops = [b"BT /F1 12 Tf 14 TL 72 760 Td"]
    for line in lines:
        escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        ops.append(b"(%s) Tj T*" % escaped.encode("latin-1"))
    ops.append(b"ET")
    return b"\n".join(ops)


ORDER_LINES = (
    "ORDER No 17 of 12 March 2021",
    "On the roadmap of the mentoring model in schools of the district",
    "1. Approve the attached roadmap.",
    "2. Control over the execution of this order is reserved.",
)


def garbage_stream(size: int = 400_000) -> bytes:
    """Operands that never meet an operator, unbalanced q, an array and a string never closed."""
    rnd = random.Random(9)
    parts = [b"q " * 2000]
    parts.append(b" ".join(b"%d" % rnd.randrange(10**6) for _ in range(size // 8)))
    parts.append(b" [ 1 2 3 << /A [ (never closed \\) ")
    parts.append(bytes(rnd.randrange(33, 127) for _ in range(20_000)).replace(b")", b"\\)"))
    return b"".join(parts)


# --------------------------------------------------------------------------------------------
# DOCX written by hand
# --------------------------------------------------------------------------------------------

_CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" ContentType="application/'
    b'vnd.openxmlformats-package.relationships+xml"/>'
    b'<Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/word/document.xml" ContentType="application/'
    b'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    b"</Types>"
)
_RELS = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    b'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)
_W_NS = b"http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def document_xml(paragraphs: list[str], doctype: bytes = b"") -> bytes:
    body = b"".join(b"<w:p><w:r><w:t>%s</w:t></w:r></w:p>" % p.encode("utf-8") for p in paragraphs)
    return (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n%s'
        b'<w:document xmlns:w="%s"><w:body>%s</w:body></w:document>' % (doctype, _W_NS, body)
    )


def build_docx(document: bytes) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", _CONTENT_TYPES)
        zf.writestr("_rels/.rels", _RELS)
        zf.writestr("word/document.xml", document)
    return buf.getvalue()


DOCX_PARAGRAPHS = [
    "ПРИКАЗ",
    "от 12.03.2021 № 17",
    "О дорожной карте",
    "1. Утвердить прилагаемую дорожную карту.",
]

# The external entity names a file whose content would show if it were ever resolved.
SECRET = "prikaz-secret-7f3a"


def xxe_docx(secret_file: Path) -> bytes:
    doctype = b'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "%s">]>' % secret_file.as_uri().encode()
    return build_docx(document_xml(["ПРИКАЗ", "&xxe;"], doctype).replace(b"&amp;xxe;", b"&xxe;"))


def billion_laughs_docx() -> bytes:
    ents = [b'<!ENTITY lol0 "lol">']
    ents += [b'<!ENTITY lol%d "%s">' % (i, b"&lol%d;" % (i - 1) * 10) for i in range(1, 10)]
    doctype = b"<!DOCTYPE w:document [%s]>" % b"".join(ents)
    return build_docx(document_xml(["ПРИКАЗ", "&lol9;"], doctype).replace(b"&amp;lol9;", b"&lol9;"))


ZIP_BOMB_BYTES = 2 * 1024**3  # what the bomb's document.xml unpacks to


def _deflate_zeros(total: int) -> tuple[bytes, int]:
    """Raw deflate of `total` zero bytes and its CRC-32, without compressing `total` bytes.

    After the first blocks the compressor's output for another megabyte of zeros (ended by a
    full flush) no longer changes, so that block is repeated.
    """
    chunk = 1 << 20
    assert total % chunk == 0
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    zero = bytes(chunk)
    blocks = []
    for _ in range(4):
        blocks.append(comp.compress(zero) + comp.flush(zlib.Z_FULL_FLUSH))
    assert blocks[-1] == blocks[-2], "deflate of zeros did not settle"
    head = b"".join(blocks[:-1])
    steady = blocks[-1]
    n_steady = total // chunk - (len(blocks) - 1)
    data = head + steady * n_steady + comp.flush(zlib.Z_FINISH)
    crc = 0
    big = bytes(64 * chunk)
    for _ in range(total // len(big)):
        crc = zlib.crc32(big, crc)
    return data, crc


def zip_bomb_docx() -> bytes:
    """A DOCX whose word/document.xml unpacks to 2 GiB of zeros; the file is about 2 MB.

    The zip is written with honest sizes and CRC (a liar's zip is refused by zipfile's
    size/CRC checks anyway): the reader must refuse it from the declared sizes, before
    unpacking anything.
    """
    small = build_docx(document_xml(["x"]))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name in ("[Content_Types].xml", "_rels/.rels"):
            zf.writestr(name, zipfile.ZipFile(io.BytesIO(small)).read(name))
    # Append the bomb member by hand: local header, data, then rewrite the central directory.
    data, crc = _deflate_zeros(ZIP_BOMB_BYTES)
    raw = out.getvalue()
    entries = zipfile.ZipFile(io.BytesIO(raw)).infolist()
    end_of_locals = _end_of_local_records(raw, entries)
    body = bytearray(raw[:end_of_locals])
    name = b"word/document.xml"
    bomb_offset = len(body)
    body += struct.pack(
        "<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0, crc, len(data), ZIP_BOMB_BYTES, len(name), 0
    )
    body += name + data
    central = bytearray()
    for info in entries:
        central += _central_record(
            info.filename.encode(),
            info.CRC,
            info.compress_size,
            info.file_size,
            info.header_offset,
        )
    central += _central_record(name, crc, len(data), ZIP_BOMB_BYTES, bomb_offset)
    cd_offset = len(body)
    body += central
    count = len(entries) + 1
    body += struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, count, count, len(central), cd_offset, 0)
    return bytes(body)


def _end_of_local_records(raw: bytes, entries: list[zipfile.ZipInfo]) -> int:
    last = entries[-1]
    name_len, extra_len = struct.unpack(
        "<HH", raw[last.header_offset + 26 : last.header_offset + 30]
    )
    return last.header_offset + 30 + name_len + extra_len + last.compress_size


def _central_record(name: bytes, crc: int, csize: int, usize: int, offset: int) -> bytes:
    return (
        struct.pack(
            "<IHHHHHHIIIHHHHHII",
            0x02014B50,
            20,
            20,
            0,
            8,
            0,
            0,
            crc,
            csize,
            usize,
            len(name),
            0,
            0,
            0,
            0,
            0,
            offset,
        )
        + name
    )


# --------------------------------------------------------------------------------------------
# Other odd bytes
# --------------------------------------------------------------------------------------------

HTML_PAGE = (
    "<!DOCTYPE html>\n<html><head><meta charset='utf-8'><title>Приказ № 17</title></head>"
    "<body><h1>Страница не найдена</h1></body></html>\n"
).encode()

# A JPEG's first bytes (SOI, APP0/JFIF) and some of its body.
JPEG = (
    bytes.fromhex("FFD8FFE000104A46494600010100000100010000")
    + bytes(random.Random(3).randrange(256) for _ in range(2000))
    + b"\xff\xd9"
)

# koi8-r has no «», № or long dashes: real koi8-r files write them in ASCII.
KOI8_SAFE = str.maketrans({"«": '"', "»": '"', "№": "N", "–": "-", "—": "-", "ё": "е"})

BIG_TXT_BYTES = 50 * 1024 * 1024


def order_text(number: int, title: str = "О работе") -> str:
    """A short order, unique per number, that the TXT reader and extractors take as fine."""
    return (
        "АДМИНИСТРАЦИЯ ГОРОДА\n\nПРИКАЗ\n\n"
        f"от 01.02.2023 № {number}\n\n{title}\n\n"
        "1. Утвердить прилагаемый план.\n\nДиректор\tИ.И. Иванов\n"
    )


def big_txt(path: Path, size: int = BIG_TXT_BYTES) -> None:
    """A plain-text order padded with paragraphs to `size` bytes (utf-8), written in chunks."""
    para = "Настоящий приказ вступает в силу со дня его подписания и подлежит размещению.\n"
    block = (para * 2000).encode("utf-8")
    with open(path, "wb") as fh:
        fh.write(order_text(999).encode("utf-8"))
        while fh.tell() + len(block) <= size:
            fh.write(block)
        fh.write(b" " * (size - fh.tell() - 1) + b"\n")


# --------------------------------------------------------------------------------------------
# The corpus
# --------------------------------------------------------------------------------------------


def unprivileged() -> bool:
    return os.geteuid() != 0


def make_corpus(out: Path, seeds: Path) -> dict[Path, Expect]:
    """Write every bad input under `out` (which must be empty or absent); return expectations.

    `seeds` is the folder of the seed orders (tests/data/seeds): two of them are re-encoded.
    `out/../outside/` is created too, as the target of a symlink that escapes the input.
    """
    out.mkdir(parents=True, exist_ok=True)
    outside = out.parent / (out.name + "-outside")
    outside.mkdir(exist_ok=True)
    cases: dict[Path, Expect] = {}

    def put(name: str, data: bytes, expect: Expect) -> Path:
        path = out / name
        path.write_bytes(data)
        cases[path] = expect
        return path

    # Zero bytes, under each readable extension. Equal bytes are read once per run: the first
    # name in discovery order (empty.docx) gets the error row, the others are skipped.
    put("empty.docx", b"", err("empty_file", "zero-byte .docx"))
    for ext in ("pdf", "txt"):
        put(f"empty.{ext}", b"", skipped(f"zero-byte .{ext} (same bytes as empty.docx)"))

    # PDFs.
    good_pdf = build_pdf([text_page(*ORDER_LINES)])
    put("good.pdf", good_pdf, ok("a small valid PDF (control)"))
    put("truncated.pdf", good_pdf[: len(good_pdf) // 3], err("corrupt_pdf", "PDF cut at a third"))
    put(
        "broken_xref.pdf",
        build_pdf([text_page(*ORDER_LINES, "broken xref")], xref_shift=37),
        ok("PDF whose xref offsets all point 37 bytes off (repaired by scanning objects)"),
    )
    put(
        "encrypted_user_password.pdf",
        build_pdf(
            [text_page(*ORDER_LINES, "user password")],
            security=_Rc4Security(user=b"secret", owner=b"owner-secret"),
        ),
        err(
            "encrypted_pdf",
            "PDF encrypted with a user password",
            "encrypted PDF: password required",
        ),
    )
    put(
        "encrypted_owner_only.pdf",
        build_pdf(
            [text_page(*ORDER_LINES, "owner password only")],
            security=_Rc4Security(user=b"", owner=b"owner-secret"),
        ),
        ok("PDF with an owner password only (empty user password: opens for anyone)"),
    )
    put(
        "empty_pages.pdf",
        build_pdf([None] * 3000),
        err("no_text", "PDF of 3000 empty pages"),
    )
    put(
        "garbage_content.pdf",
        build_pdf([garbage_stream()]),
        err("no_text", "PDF whose content stream is operands without operators, never closed"),
    )
    put(
        "jpeg.pdf",
        JPEG,
        # Read as what its bytes are (a JPEG, through OCR); these bytes are a JPEG header over
        # noise, so the image reader refuses them.
        err("corrupt_image", ".pdf that is a JPEG of noise", "image cannot be decoded"),
    )

    # DOCX.
    good_docx = build_docx(document_xml(DOCX_PARAGRAPHS))
    put("good.docx", good_docx, ok("a small valid DOCX (control)"))
    put(
        "truncated.docx",
        good_docx[: len(good_docx) * 2 // 3],
        err("corrupt_docx", "DOCX cut at two thirds (no ZIP central directory)"),
    )
    put(
        "zip_bomb.docx",
        zip_bomb_docx(),
        err("zip_bomb", "DOCX of 2 MB unpacking to 2 GiB", "archive expands beyond limit"),
    )
    secret = outside / "secret.txt"
    secret.write_text(SECRET, encoding="utf-8")
    put(
        "xxe.docx",
        xxe_docx(secret),
        err("unsafe_xml", "DOCX with an XML external entity", "external XML entity 'xxe'"),
    )
    put(
        "billion_laughs.docx",
        billion_laughs_docx(),
        err("unsafe_xml", "DOCX with a billion-laughs entity expansion"),
    )
    put(
        "html.docx",
        HTML_PAGE,
        err("format_mismatch", ".docx that is an HTML page", "not a DOCX: file is HTML"),
    )

    # TXT.
    rnd = random.Random(7)
    put(
        "garbage.txt",
        bytes(rnd.randrange(256) for _ in range(8192)),
        err("format_mismatch", "binary garbage (with NUL bytes) named .txt"),
    )
    put(
        "garbage_no_nul.txt",
        bytes(rnd.randrange(1, 256) for _ in range(8192)),
        err("undecodable_text", "binary garbage without NUL bytes named .txt"),
    )
    seed_files = sorted(seeds.glob("*.txt"))
    for seed, enc in zip(seed_files[:2], ("cp1251", "koi8_r"), strict=True):
        text = seed.read_text(encoding="utf-8").translate(KOI8_SAFE if enc == "koi8_r" else {})
        put(f"seed_{seed.stem[:3]}.{enc}.txt", text.encode(enc), ok(f"a seed in {enc}, no hint"))
    big = out / "big_50mb.txt"
    big_txt(big)
    cases[big] = err("file_too_large", "50 MB TXT", "file too large")

    # Odd file names (content fine, each unique).
    for i, name in enumerate(
        (
            "name with spaces.txt",
            "приказ №5 от 01.02.2023.txt",
            "quotes \"double\" and 'single'.txt",
            "new\nline.txt",
            "$(touch pwned) `id`; rm -rf x.txt",
        )
    ):
        put(name, order_text(100 + i).encode("utf-8"), ok(f"file name {name!r}"))

    # Symlinks.
    loop_a, loop_b = out / "loop_a.txt", out / "loop_b.txt"
    loop_a.symlink_to(loop_b.name)
    loop_b.symlink_to(loop_a.name)
    cases[loop_a] = err("symlink_loop", "symlink loop (a -> b -> a)")
    cases[loop_b] = err("symlink_loop", "symlink loop (b -> a -> b)")
    escape = out / "escape.txt"
    escape.symlink_to(secret)
    cases[escape] = err("symlink_outside_input", "symlink to a file outside the input folder")
    escape_dir = out / "escape_dir"
    escape_dir.symlink_to(outside, target_is_directory=True)
    cases[escape_dir] = err("symlink_outside_input", "symlink to a folder outside the input")
    dangling = out / "dangling.txt"
    dangling.symlink_to("no-such-file.txt")
    cases[dangling] = err("broken_symlink", "symlink to a file that does not exist")
    inside = out / "zz_inside_link.txt"  # after its target in discovery order
    inside.symlink_to("name with spaces.txt")
    cases[inside] = skipped("symlink to another input (same bytes as its target)")

    # Unreadable.
    fifo = out / "fifo.txt"
    os.mkfifo(fifo)
    cases[fifo] = err("not_regular_file", "a FIFO named .txt (opening it would block)")
    sock_path = out / "socket.pdf"
    # Bound through the folder's descriptor: a socket path may not exceed 107 bytes.
    folder_fd = os.open(out, os.O_RDONLY)
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.bind(f"/proc/self/fd/{folder_fd}/{sock_path.name}")
    finally:
        os.close(folder_fd)
    cases[sock_path] = err("not_regular_file", "a Unix socket named .pdf")
    locked = put(
        "chmod000.txt",
        order_text(200).encode("utf-8"),
        err("unreadable_file", "chmod 000 file (unprivileged reader)")
        if unprivileged()
        else ok("chmod 000 file read by root (root ignores permissions)"),
    )
    locked.chmod(0)
    return cases


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--seeds", type=Path, default=Path("tests/data/seeds"))
    args = parser.parse_args()
    for path, expect in make_corpus(args.out, args.seeds).items():
        print(f"{expect.table:9} {expect.error_type or '':22} {path.name!r}")


if __name__ == "__main__":
    main()
