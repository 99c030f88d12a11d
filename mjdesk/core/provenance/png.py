"""PNG text chunks: read them (without decoding pixels), and insert ours with correct CRCs.

Ours go just before the first IDAT: readers that stop at the image data (Pillow's ``info``, many
thumbnailers) still see them. The pixel chunks are copied byte for byte.
"""

from __future__ import annotations

import struct
import zlib
from typing import BinaryIO

from .errors import ProvenanceError

SIGNATURE = b"\x89PNG\r\n\x1a\n"
TEXT_TYPES = (b"tEXt", b"zTXt", b"iTXt")
MAX_TEXT_BYTES = 1 << 20  # one chunk's text, compressed or not: larger ones are skipped
MAX_TOTAL_TEXT = 4 << 20  # all text chunks of a file together
MAX_CHUNKS = 100_000


def chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def itxt(keyword: str, text: str) -> bytes:
    """An uncompressed iTXt chunk (UTF-8 text; what Adobe's XMP spec asks for its packet)."""
    return chunk(b"iTXt", keyword.encode("latin-1") + b"\x00\x00\x00" + b"\x00" + b"\x00" + text.encode("utf-8"))


def read_texts(fh: BinaryIO) -> dict[str, str]:
    """Every text chunk's keyword → text (the first of each keyword), seeking past the pixels.

    A chunk with a bad CRC, a broken compressed stream or text over the caps is skipped."""
    if fh.read(8) != SIGNATURE:
        return {}
    out: dict[str, str] = {}
    total = 0
    for _ in range(MAX_CHUNKS):
        head = fh.read(8)
        if len(head) < 8:
            break
        length, kind = struct.unpack(">I", head[:4])[0], head[4:]
        if kind == b"IEND":
            break
        if kind not in TEXT_TYPES or length > MAX_TEXT_BYTES or total + length > MAX_TOTAL_TEXT:
            fh.seek(length + 4, 1)
            continue
        data = fh.read(length)
        crc = fh.read(4)
        if len(data) < length or len(crc) < 4:
            break
        if struct.unpack(">I", crc)[0] != zlib.crc32(kind + data) & 0xFFFFFFFF:
            continue
        total += length
        parsed = _text_of(kind, data)
        if parsed is not None and parsed[0] not in out:
            out[parsed[0]] = parsed[1]
    return out


def _inflate(data: bytes) -> bytes | None:
    """At most MAX_TEXT_BYTES of a zlib stream (a tiny chunk may inflate to gigabytes)."""
    d = zlib.decompressobj()
    try:
        out = d.decompress(data, MAX_TEXT_BYTES)
    except zlib.error:
        return None
    return None if d.unconsumed_tail else out


def _text_of(kind: bytes, data: bytes) -> tuple[str, str] | None:
    keyword, sep, rest = data.partition(b"\x00")
    if not sep or not 1 <= len(keyword) <= 79:
        return None
    name = keyword.decode("latin-1")
    if kind == b"tEXt":
        return name, rest.decode("latin-1")
    if kind == b"zTXt":
        body = _inflate(rest[1:]) if rest[:1] == b"\x00" else None
        return (name, body.decode("latin-1")) if body is not None else None
    # iTXt: compression flag, method, language\0, translated keyword\0, text
    if len(rest) < 2:
        return None
    flag, _method, tail = rest[0], rest[1], rest[2:]
    parts = tail.split(b"\x00", 2)
    if len(parts) < 3:
        return None
    body = _inflate(parts[2]) if flag else parts[2]
    if body is None:
        return None
    return name, body.decode("utf-8", errors="replace")


def embed(data: bytes, texts: list[tuple[str, str]]) -> bytes:
    """``data`` with ``texts`` as iTXt chunks; earlier text chunks of the same keywords are dropped."""
    if not data.startswith(SIGNATURE):
        raise ProvenanceError("not a PNG file")
    replaced = {k.encode("latin-1") for k, _ in texts}
    out = [SIGNATURE]
    ours = b"".join(itxt(k, v) for k, v in texts)
    pos, inserted, ended = len(SIGNATURE), False, False
    while pos < len(data):
        if pos + 12 > len(data):
            raise ProvenanceError("the PNG file is cut short")
        length = struct.unpack(">I", data[pos : pos + 4])[0]
        kind = data[pos + 4 : pos + 8]
        end = pos + 12 + length
        if end > len(data) or length > 0x7FFFFFFF:
            raise ProvenanceError("the PNG file is cut short")
        if kind in (b"IDAT", b"IEND") and not inserted:
            out.append(ours)
            inserted = True
        if not (kind in TEXT_TYPES and data[pos + 8 : end - 4].partition(b"\x00")[0] in replaced):
            out.append(data[pos:end])
        pos = end
        if kind == b"IEND":
            ended = True
            break
    if not ended:
        raise ProvenanceError("the PNG file has no end")
    out.append(data[pos:])  # anything after IEND stays as it was
    return b"".join(out)
