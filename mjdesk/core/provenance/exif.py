"""A minimal EXIF block (ImageDescription, Software, UserComment) and a reader of those tags.

Enough for tools that read a JPEG's prompt from EXIF (Stable Diffusion web UIs keep their
``parameters`` text in UserComment); the full record is in the XMP packet beside it.
"""

from __future__ import annotations

import struct

HEADER = b"Exif\x00\x00"
_DESCRIPTION, _SOFTWARE, _EXIF_IFD, _USER_COMMENT = 0x010E, 0x0131, 0x8769, 0x9286
_ASCII, _LONG, _UNDEFINED = 2, 4, 7
_MAX_ENTRIES = 512
_SIZES = {1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8}


def build(description: str, software: str, comment: str, *, limit: int = 60_000) -> bytes:
    """An APP1 payload (``Exif\\0\\0`` + big-endian TIFF) within ``limit`` bytes: texts are cut to fit."""
    desc = description.encode("utf-8")[: limit // 3] + b"\x00"
    soft = software.encode("utf-8")[:200] + b"\x00"
    user = b"UNICODE\x00" + comment.encode("utf-16-be")[: (limit // 3) & ~1]
    ifd0_at = 8
    ifd0_size = 2 + 3 * 12 + 4
    data_at = ifd0_at + ifd0_size
    desc_at = data_at
    soft_at = desc_at + len(desc) + (len(desc) & 1)
    exif_at = soft_at + len(soft) + (len(soft) & 1)
    exif_size = 2 + 12 + 4
    user_at = exif_at + exif_size
    out = bytearray(b"MM\x00\x2a" + struct.pack(">I", ifd0_at))
    out += struct.pack(">H", 3)
    out += struct.pack(">HHII", _DESCRIPTION, _ASCII, len(desc), desc_at)
    out += struct.pack(">HHII", _SOFTWARE, _ASCII, len(soft), soft_at)
    out += struct.pack(">HHII", _EXIF_IFD, _LONG, 1, exif_at)
    out += struct.pack(">I", 0)
    out += desc + b"\x00" * (len(desc) & 1)
    out += soft + b"\x00" * (len(soft) & 1)
    out += struct.pack(">H", 1) + struct.pack(">HHII", _USER_COMMENT, _UNDEFINED, len(user), user_at)
    out += struct.pack(">I", 0)
    out += user
    return HEADER + bytes(out)


def read(payload: bytes) -> tuple[str, str]:
    """(ImageDescription, UserComment) of an APP1 Exif payload; empty strings where absent or broken."""
    tiff = payload[len(HEADER) :] if payload.startswith(HEADER) else payload
    if tiff[:4] not in (b"MM\x00\x2a", b"II\x2a\x00"):
        return "", ""
    order = ">" if tiff[:2] == b"MM" else "<"
    try:
        ifd0 = _entries(tiff, order, struct.unpack(order + "I", tiff[4:8])[0])
        description = _ascii(ifd0.get(_DESCRIPTION, b""))
        comment = ""
        pointer = ifd0.get(_EXIF_IFD)
        if pointer is not None and len(pointer) >= 4:
            exif = _entries(tiff, order, struct.unpack(order + "I", pointer[:4])[0])
            comment = _user_comment(exif.get(_USER_COMMENT, b""), order)
    except (struct.error, ValueError):
        return "", ""
    return description, comment


def _entries(tiff: bytes, order: str, at: int) -> dict[int, bytes]:
    if not 8 <= at <= len(tiff) - 2:
        raise ValueError("IFD outside the block")
    count = min(struct.unpack(order + "H", tiff[at : at + 2])[0], _MAX_ENTRIES)
    out: dict[int, bytes] = {}
    for i in range(count):
        entry = tiff[at + 2 + 12 * i : at + 14 + 12 * i]
        if len(entry) < 12:
            break
        tag, kind, n = struct.unpack(order + "HHI", entry[:8])
        size = _SIZES.get(kind, 1) * n
        if size <= 4:
            out[tag] = entry[8 : 8 + size]
        else:
            offset = struct.unpack(order + "I", entry[8:12])[0]
            if offset + size <= len(tiff):
                out[tag] = tiff[offset : offset + size]
    return out


def _ascii(raw: bytes) -> str:
    return raw.split(b"\x00", 1)[0].decode("utf-8", errors="replace").strip()


def _user_comment(raw: bytes, order: str) -> str:
    code, body = raw[:8], raw[8:]
    if code.startswith(b"UNICODE"):
        # The charset is UTF-16 in "the byte order of the file", yet writers differ: a BOM or the
        # spaces of Latin text tell.
        if body[:2] in (b"\xfe\xff", b"\xff\xfe"):
            return body.decode("utf-16", errors="replace").rstrip("\x00")
        be = body.decode("utf-16-be", errors="replace").rstrip("\x00")
        le = body.decode("utf-16-le", errors="replace").rstrip("\x00")
        return be if _plausible(be) >= _plausible(le) else le
    if code.startswith(b"ASCII") or code == b"\x00" * 8:
        return body.split(b"\x00", 1)[0].decode("utf-8", errors="replace")
    return ""


def _plausible(text: str) -> int:
    return sum(1 for c in text if c.isascii() and c.isprintable()) + sum(1 for c in text if "\u4e00" <= c <= "\u9fff")
