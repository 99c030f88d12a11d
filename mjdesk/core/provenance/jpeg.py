"""JPEG APP segments: read XMP, Exif and comments before the scan; insert ours after SOI.

The compressed image data is copied byte for byte: re-saving through a codec would lose quality.
"""

from __future__ import annotations

import struct
from typing import BinaryIO

from . import exif
from .errors import ProvenanceError

XMP_HEADER = b"http://ns.adobe.com/xap/1.0/\x00"
XMP_EXTENSION = b"http://ns.adobe.com/xmp/extension/\x00"
MAX_SEGMENT = 0xFFFF - 2  # a segment's payload, after its length field
MAX_SEGMENTS = 2_000
_APP0, _APP1, _SOS, _EOI, _COM = 0xE0, 0xE1, 0xDA, 0xD9, 0xFE
_STANDALONE = {0x01, *range(0xD0, 0xD8)}


def read_segments(fh: BinaryIO) -> dict[str, bytes]:
    """``xmp``, ``exif`` and ``comment`` payloads (the first of each) found before the scan."""
    if fh.read(2) != b"\xff\xd8":
        return {}
    out: dict[str, bytes] = {}
    for _ in range(MAX_SEGMENTS):
        marker = _next_marker(fh)
        if marker is None or marker in (_SOS, _EOI):
            break
        if marker in _STANDALONE:
            continue
        size = fh.read(2)
        if len(size) < 2:
            break
        length = struct.unpack(">H", size)[0] - 2
        if length < 0:
            break
        if marker not in (_APP1, _COM):
            fh.seek(length, 1)
            continue
        payload = fh.read(length)
        if marker == _COM:
            out.setdefault("comment", payload)
        elif payload.startswith(XMP_HEADER):
            out.setdefault("xmp", payload[len(XMP_HEADER) :])
        elif payload.startswith(exif.HEADER):
            out.setdefault("exif", payload)
    return out


def _next_marker(fh: BinaryIO) -> int | None:
    byte = fh.read(1)
    if byte != b"\xff":
        return None
    for _ in range(64):  # fill bytes
        byte = fh.read(1)
        if byte != b"\xff":
            return byte[0] if byte else None
    return None


def segment(marker: int, payload: bytes) -> bytes:
    if len(payload) > MAX_SEGMENT:
        raise ProvenanceError("metadata too large for one JPEG segment")
    return bytes((0xFF, marker)) + struct.pack(">H", len(payload) + 2) + payload


def embed(data: bytes, xmp_packet: bytes, exif_payload: bytes | None) -> bytes:
    """``data`` with our XMP (and, when the file has no Exif of its own, our Exif) after SOI and any
    JFIF/Exif header; earlier XMP (main and extended) is dropped. Exif already there is kept: it may
    hold the orientation and colour data the pixels need."""
    if not data.startswith(b"\xff\xd8"):
        raise ProvenanceError("not a JPEG file")
    pos = 2
    head: list[bytes] = []  # the leading JFIF/Exif segments, which must stay first
    rest: list[bytes] = []
    has_exif = False
    leading = True
    for _ in range(MAX_SEGMENTS):
        if pos + 4 > len(data) or data[pos] != 0xFF:
            raise ProvenanceError("the JPEG file is malformed")
        marker = data[pos + 1]
        if marker == 0xFF:  # a fill byte
            pos += 1
            continue
        if marker in (_SOS, _EOI):
            break
        if marker in _STANDALONE:
            rest.append(data[pos : pos + 2])
            pos += 2
            continue
        end = pos + 2 + struct.unpack(">H", data[pos + 2 : pos + 4])[0]
        if end > len(data):
            raise ProvenanceError("the JPEG file is cut short")
        seg = data[pos:end]
        payload = seg[4:]
        is_exif = marker == _APP1 and payload.startswith(exif.HEADER)
        has_exif = has_exif or is_exif
        if marker == _APP1 and payload.startswith((XMP_HEADER, XMP_EXTENSION)):
            pass  # replaced by ours
        elif leading and (marker == _APP0 or is_exif):
            head.append(seg)
        else:
            leading = False
            rest.append(seg)
        pos = end
    else:
        raise ProvenanceError("the JPEG file has too many segments")
    ours = [segment(_APP1, XMP_HEADER + xmp_packet)]
    if exif_payload is not None and not has_exif:
        ours.insert(0, segment(_APP1, exif_payload))
    return b"".join([data[:2], *head, *ours, *rest, data[pos:]])
