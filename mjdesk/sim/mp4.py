"""A small, real MP4 for the simulator's video results: Motion-JPEG frames in an ISO media file.

The simulator has no video encoder, and the app must play what it serves (the viewer's player is
tested against it). Every player's demuxer reads MJPEG in MP4 (sample entry ``jpeg``), and Pillow
writes the frames, so the whole file is built here from a few dozen lines of boxes.
"""

from __future__ import annotations

import io
import struct
from collections.abc import Sequence

from PIL import Image

TIMESCALE = 1000  # the movie's and the track's clock: milliseconds


def _box(kind: bytes, *payload: bytes) -> bytes:
    body = b"".join(payload)
    return struct.pack(">I", 8 + len(body)) + kind + body


def _full(kind: bytes, version: int, flags: int, *payload: bytes) -> bytes:
    return _box(kind, struct.pack(">I", (version << 24) | flags), *payload)


_MATRIX = struct.pack(">9I", 0x10000, 0, 0, 0, 0x10000, 0, 0, 0, 0x40000000)


def mjpeg_mp4(frames: Sequence[Image.Image], fps: int = 12, quality: int = 80) -> bytes:
    """The frames (all of one size) as an MP4 video of ``len(frames) / fps`` seconds."""
    if not frames:
        raise ValueError("a video needs at least one frame")
    width, height = frames[0].size
    samples = []
    for frame in frames:
        out = io.BytesIO()
        frame.convert("RGB").save(out, "JPEG", quality=quality)
        samples.append(out.getvalue())
    delta = TIMESCALE // fps
    duration = delta * len(samples)

    ftyp = _box(b"ftyp", b"isom", struct.pack(">I", 0x200), b"isomiso2mp41")
    mdat_header = struct.pack(">I", 8 + sum(map(len, samples))) + b"mdat"

    def moov(first_sample_offset: int) -> bytes:
        mvhd = _full(
            b"mvhd", 0, 0, struct.pack(">IIII", 0, 0, TIMESCALE, duration), struct.pack(">IH", 0x10000, 0x100),
            bytes(10), _MATRIX, bytes(24), struct.pack(">I", 2),
        )  # fmt: skip
        tkhd = _full(
            b"tkhd", 0, 3, struct.pack(">IIIII", 0, 0, 1, 0, duration), bytes(8), struct.pack(">HHHH", 0, 0, 0, 0),
            _MATRIX, struct.pack(">II", width << 16, height << 16),
        )  # fmt: skip
        mdhd = _full(b"mdhd", 0, 0, struct.pack(">IIIIHH", 0, 0, TIMESCALE, duration, 0x55C4, 0))
        hdlr = _full(b"hdlr", 0, 0, bytes(4), b"vide", bytes(12), b"VideoHandler\0")
        entry = _box(
            b"jpeg", bytes(6), struct.pack(">H", 1), bytes(16), struct.pack(">HH", width, height),
            struct.pack(">II", 0x480000, 0x480000), bytes(4), struct.pack(">H", 1), bytes(32),
            struct.pack(">Hh", 24, -1),
        )  # fmt: skip
        stsd = _full(b"stsd", 0, 0, struct.pack(">I", 1), entry)
        stts = _full(b"stts", 0, 0, struct.pack(">III", 1, len(samples), delta))
        stsc = _full(b"stsc", 0, 0, struct.pack(">IIII", 1, 1, len(samples), 1))
        stsz = _full(b"stsz", 0, 0, struct.pack(">II", 0, len(samples)), *(struct.pack(">I", len(s)) for s in samples))
        stco = _full(b"stco", 0, 0, struct.pack(">II", 1, first_sample_offset))
        stbl = _box(b"stbl", stsd, stts, stsc, stsz, stco)
        dinf = _box(b"dinf", _full(b"dref", 0, 0, struct.pack(">I", 1), _full(b"url ", 0, 1)))
        minf = _box(b"minf", _full(b"vmhd", 0, 1, bytes(8)), dinf, stbl)
        return _box(b"moov", mvhd, _box(b"trak", tkhd, _box(b"mdia", mdhd, hdlr, minf)))

    # moov before mdat, so a player can start before the whole file is read; its size does not
    # depend on the offset it holds.
    size = len(moov(0))
    return ftyp + moov(len(ftyp) + size + len(mdat_header)) + mdat_header + b"".join(samples)
