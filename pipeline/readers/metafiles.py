"""The scanned bitmap inside a WMF or EMF picture, as old Word and RTF writers keep a pasted scan.

A page scan pasted into a Word 97-era document, or the `\\wmetafile` picture of an old RTF, is
often a metafile whose one drawing record copies a device-independent bitmap (DIB) onto the
page: WMF `META_STRETCHDIB`, `META_DIBSTRETCHBLT`, `META_DIBBITBLT`, `META_SETDIBTODEV`; EMF
`EMR_STRETCHDIBITS`, `EMR_SETDIBITSTODEVICE`, `EMR_BITBLT`, `EMR_STRETCHBLT` ([MS-WMF],
[MS-EMF]). That DIB is the scan. A metafile without a bitmap record (a vector drawing) gives
none, and so does one with several (a bitmap printed in bands, a drawing with pictures in it):
putting bands together would be a guess, and one band read as a page would be a part taken for
the whole. `.wmz`/`.emz` are the same compressed with gzip, unpacked up to `MAX_UNPACKED` bytes.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterator

MAX_UNPACKED = 256 * 1024 * 1024
_WMF_PLACEABLE = 0x9AC6CDD7
# WMF record function -> where its DIB starts, from the record's start (size 4, function 2,
# then the record's fixed parameters).
_WMF_DIB = {0x0F43: 28, 0x0B41: 26, 0x0940: 22, 0x0D33: 24}
# EMF record type -> where its offBmiSrc, cbBmiSrc, offBitsSrc, cbBitsSrc stand.
_EMF_DIB = {0x51: 48, 0x50: 48, 0x4C: 84, 0x4D: 84}
_EMF_SIGNATURE = b" EMF"
_EMR_EOF = 0x0E
_DIB_HEADER = 12  # the smallest DIB header (BITMAPCOREHEADER)


class MetafileError(ValueError):
    """The metafile holds no single bitmap to read (the message says why)."""


def unpack(data: bytes) -> bytes:
    """The metafile of a .wmz/.emz (gzip), at most `MAX_UNPACKED` bytes."""
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = inflater.decompress(data, MAX_UNPACKED)
    except zlib.error as exc:
        raise MetafileError(f"compressed metafile cannot be unpacked ({exc})") from exc
    if inflater.unconsumed_tail:
        raise MetafileError(f"compressed metafile unpacks to over {MAX_UNPACKED} bytes")
    return out


def dib_of(data: bytes) -> bytes:
    """The one DIB (BITMAPINFO, then the bits) a WMF or EMF draws; `MetafileError` otherwise."""
    emf = data[40:44] == _EMF_SIGNATURE
    found = list(_emf_dibs(data) if emf else _wmf_dibs(data))
    if not found:
        raise MetafileError("a drawing, not a scanned bitmap")
    if len(found) > 1:
        raise MetafileError(f"{len(found)} bitmaps in one picture (bands, or a drawing)")
    return found[0]


def _wmf_dibs(data: bytes) -> Iterator[bytes]:
    placeable = len(data) >= 4 and struct.unpack_from("<I", data)[0] == _WMF_PLACEABLE
    pos = 22 if placeable else 0
    if len(data) < pos + 18:
        raise MetafileError("not a metafile")
    pos += struct.unpack_from("<H", data, pos + 2)[0] * 2  # header size, in 16-bit words
    while pos + 6 <= len(data):
        size, function = struct.unpack_from("<IH", data, pos)
        if size < 3 or function == 0:  # META_EOF, or a broken record
            return
        end = pos + size * 2
        start = _WMF_DIB.get(function)
        if start is not None and pos + start + _DIB_HEADER < end <= len(data):
            yield data[pos + start : end]
        pos = end


def _emf_dibs(data: bytes) -> Iterator[bytes]:
    pos = 0
    while pos + 8 <= len(data):
        kind, size = struct.unpack_from("<II", data, pos)
        if size < 8 or kind == _EMR_EOF:
            return
        at = _EMF_DIB.get(kind)
        if at is not None and pos + at + 16 <= len(data):
            off_bmi, cb_bmi, off_bits, cb_bits = struct.unpack_from("<IIII", data, pos + at)
            bmi = data[pos + off_bmi : pos + off_bmi + cb_bmi]
            bits = data[pos + off_bits : pos + off_bits + cb_bits]
            if cb_bmi >= _DIB_HEADER and cb_bits and len(bmi) == cb_bmi and len(bits) == cb_bits:
                yield bmi + bits
        pos += size
