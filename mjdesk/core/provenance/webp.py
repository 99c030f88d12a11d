"""WebP (RIFF) chunks: read ``XMP ``/``EXIF``; add our XMP chunk, turning a simple file into the
extended format (a VP8X header with the canvas size) when needed. The bitstream is not touched."""

from __future__ import annotations

import struct
from typing import BinaryIO

from .errors import ProvenanceError

MAX_CHUNK = 1 << 20
MAX_CHUNKS = 10_000
_XMP_FLAG, _EXIF_FLAG, _ALPHA_FLAG = 0x04, 0x08, 0x10


def is_webp(head: bytes) -> bool:
    return head[:4] == b"RIFF" and head[8:12] == b"WEBP"


def read_chunks(fh: BinaryIO) -> dict[str, bytes]:
    if not is_webp(fh.read(12)):
        return {}
    out: dict[str, bytes] = {}
    for _ in range(MAX_CHUNKS):
        head = fh.read(8)
        if len(head) < 8:
            break
        kind, size = head[:4], struct.unpack("<I", head[4:])[0]
        padded = size + (size & 1)
        if kind in (b"XMP ", b"EXIF") and size <= MAX_CHUNK:
            payload = fh.read(size)
            fh.seek(padded - size, 1)
            out.setdefault("xmp" if kind == b"XMP " else "exif", payload)
        else:
            fh.seek(padded, 1)
    return out


def _chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    out: list[tuple[bytes, bytes]] = []
    pos = 12
    while pos + 8 <= len(data) and len(out) < MAX_CHUNKS:
        kind, size = data[pos : pos + 4], struct.unpack("<I", data[pos + 4 : pos + 8])[0]
        if pos + 8 + size > len(data):
            raise ProvenanceError("the WebP file is cut short")
        out.append((kind, data[pos + 8 : pos + 8 + size]))
        pos += 8 + size + (size & 1)
    if not out:
        raise ProvenanceError("the WebP file has no image")
    return out


def _canvas(kind: bytes, payload: bytes) -> tuple[int, int, bool]:
    """Width, height and whether it has alpha, from a VP8 or VP8L bitstream's header."""
    if kind == b"VP8 " and len(payload) >= 10 and payload[3:6] == b"\x9d\x01\x2a":
        w, h = struct.unpack("<HH", payload[6:10])
        return w & 0x3FFF, h & 0x3FFF, False
    if kind == b"VP8L" and len(payload) >= 5 and payload[0] == 0x2F:
        bits = struct.unpack("<I", payload[1:5])[0]
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1, bool((bits >> 28) & 1)
    raise ProvenanceError("unknown WebP bitstream")


def _pack(kind: bytes, payload: bytes) -> bytes:
    return kind + struct.pack("<I", len(payload)) + payload + (b"\x00" if len(payload) & 1 else b"")


def embed(data: bytes, xmp_packet: bytes) -> bytes:
    if not is_webp(data):
        raise ProvenanceError("not a WebP file")
    chunks = [(k, v) for k, v in _chunks(data) if k != b"XMP "]
    first_kind, first = chunks[0]
    if first_kind == b"VP8X":
        if len(first) < 10:
            raise ProvenanceError("the WebP header is malformed")
        header = bytes((first[0] | _XMP_FLAG,)) + first[1:]
        body = [(b"VP8X", header), *chunks[1:]]
    else:
        width, height, alpha = _canvas(first_kind, first)
        flags = _XMP_FLAG | (_ALPHA_FLAG if alpha else 0)
        header = bytes((flags, 0, 0, 0)) + (width - 1).to_bytes(3, "little") + (height - 1).to_bytes(3, "little")
        body = [(b"VP8X", header), *chunks]
    payload = b"WEBP" + b"".join(_pack(k, v) for k, v in body) + _pack(b"XMP ", xmp_packet)
    return b"RIFF" + struct.pack("<I", len(payload)) + payload
