"""Provenance in and out of whole files: the format is sniffed from the bytes, never the name."""

from __future__ import annotations

import io
import os
import shutil
from pathlib import Path
from typing import BinaryIO

from mjdesk.core.safefiles import read_capped, regular_file

from . import exif, jpeg, png, webp, xmp
from .errors import ProvenanceError
from .model import (
    Provenance,
    clean,
    merged,
    parameters_of,
    parameters_text,
    parse_parameters_text,
    split_midjourney_description,
)

# An image to rewrite is read whole; a library file is far below this.
MAX_EMBED_BYTES = 512 << 20
# Reading only seeks through a file's chunks, so a large file costs little; this refuses the absurd.
MAX_READ_BYTES = 4 << 30
# The PNG text keywords we write (and replace). "parameters" is the Stable Diffusion web UIs' key,
# which Eagle and prompt readers show; Description is Midjourney's own.
PNG_KEYS = ("parameters", "Description", "Comment", "Software", "Creation Time", "XML:com.adobe.xmp")


def embed(data: bytes, p: Provenance) -> bytes:
    """``data`` (PNG, JPEG or WebP) with ``p`` written into it, pixels untouched. Raises
    :class:`ProvenanceError` for any other format or a malformed file."""
    if len(data) > MAX_EMBED_BYTES:
        raise ProvenanceError("the file is too large to rewrite")
    text = parameters_text(p)
    if data.startswith(png.SIGNATURE):
        texts = [
            ("parameters", text),
            ("Description", clean(p.prompt)),
            ("Comment", text),
            ("Software", clean(p.software, 200)),
            ("Creation Time", clean(p.created, 100)),
            ("XML:com.adobe.xmp", xmp.build(p).decode("utf-8")),
        ]
        return png.embed(data, [(k, v) for k, v in texts if v])
    if data.startswith(b"\xff\xd8"):
        # One APP1 segment holds 64 KB: long (or Chinese) prompts get shorter texts until it fits.
        for limit in (20_000, 8_000, 2_000):
            packet = xmp.build(p, text_limit=limit)
            if len(packet) + len(jpeg.XMP_HEADER) <= jpeg.MAX_SEGMENT:
                break
        # Exif "ASCII" is ASCII: readers show other text as mojibake; UserComment carries Unicode.
        description = clean(p.prompt) if clean(p.prompt).isascii() else ""
        payload = exif.build(description, clean(p.software, 200), text)
        return jpeg.embed(data, packet, payload)
    if webp.is_webp(data[:12]):
        return webp.embed(data, xmp.build(p))
    raise ProvenanceError("only PNG, JPEG and WebP files carry provenance")


def read(data: bytes) -> Provenance | None:
    """What ``data`` says about how it was made, or None (no such metadata, or another format)."""
    return _read(io.BytesIO(data))


def read_file(path: Path) -> Provenance | None:
    """Like :func:`read` for a file the user named; raises :class:`~mjdesk.core.safefiles.UserFileError`
    when it cannot be read (missing, a folder, a device)."""
    regular_file(path, MAX_READ_BYTES)
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    with os.fdopen(fd, "rb") as fh:
        return _read(fh)


def _read(fh: BinaryIO) -> Provenance | None:
    head = fh.read(12)
    fh.seek(0)
    found: list[Provenance] = []
    if head.startswith(png.SIGNATURE):
        texts = png.read_texts(fh)
        packet = texts.get("XML:com.adobe.xmp")
        if packet:
            found.append(xmp.parse(packet.encode("utf-8", errors="replace")) or Provenance(source="none"))
        if texts.get("parameters"):
            found.append(parse_parameters_text(texts["parameters"]) or Provenance(source="none"))
        described = _described(texts.get("Description") or texts.get("Comment") or "", "png")
        if described is not None:
            author = clean(texts.get("Author"), 200) or None
            if author:  # Midjourney's downloads name the account that made them
                described = merged(Provenance(author=author, source="midjourney"), described)
            found.append(described)
    elif head.startswith(b"\xff\xd8"):
        segments = jpeg.read_segments(fh)
        if segments.get("xmp"):
            found.append(xmp.parse(segments["xmp"]) or Provenance(source="none"))
        if segments.get("exif"):
            description, comment = exif.read(segments["exif"])
            if comment:
                found.append(parse_parameters_text(comment) or Provenance(source="none"))
            found.append(_described(description, "exif") or Provenance(source="none"))
        if segments.get("comment"):
            found.append(
                _described(segments["comment"].decode("utf-8", errors="replace"), "jpeg") or Provenance(source="none")
            )
    elif webp.is_webp(head):
        chunks = webp.read_chunks(fh)
        if chunks.get("xmp"):
            found.append(xmp.parse(chunks["xmp"]) or Provenance(source="none"))
    found = [f for f in found if f.source != "none" and (f.has_prompt or f.task_id or f.job_id)]
    if not found:
        return None
    # The structured record first (ours), then whatever the other chunks add.
    found.sort(key=lambda f: 0 if f.source == "mjdesk" else 1)
    result = found[0]
    for more in found[1:]:
        result = merged(result, more)
    return result


def _described(text: str, source: str) -> Provenance | None:
    prompt, task = split_midjourney_description(clean(text))
    if not prompt and not task:
        return None
    return Provenance(
        prompt=prompt, parameters=parameters_of(prompt), task_id=task, source="midjourney" if task else source
    )


def copy_with_provenance(source: Path, target: Path, p: Provenance | None) -> bool:
    """Write ``source`` to ``target`` with ``p`` inside; a format that cannot carry it (a GIF, a
    video, a malformed file) is copied as it is. True when the provenance went in."""
    if p is not None:
        try:
            data = embed(read_capped(source, MAX_EMBED_BYTES), p)
        except (ProvenanceError, ValueError):
            pass
        else:
            target.write_bytes(data)
            return True
    shutil.copyfile(source, target)
    return False
