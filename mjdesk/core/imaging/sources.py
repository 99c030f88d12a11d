"""Where an image comes from: a path, bytes, an http(s) URL or a data URL; and what its bytes are.

The type is always sniffed from the bytes: names and Content-Type headers lie (a text file renamed
``.png``, a CDN answering an error page with ``image/png``).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import io
import os
import re
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from mjdesk.core.i18n import QT_TRANSLATE_NOOP

from .errors import ImageInputError
from .model import DEFAULT_BUDGET, ImageBudget, MiB

HEAD_SIZE = 1024

_HEIF_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"hevm", b"hevs", b"mif1", b"msf1"}
_AVIF_BRANDS = {b"avif", b"avis"}
_BMP_HEADER_SIZES = {12, 40, 52, 56, 64, 108, 124}
_URL_RE = re.compile(r"^https?://", re.IGNORECASE)


def sniff_format(head: bytes) -> str | None:
    """The format of a file from its first bytes (about 1 KiB is plenty).

    Rasters: "JPEG", "PNG", "GIF", "WEBP", "BMP", "TIFF", "HEIF", "AVIF". Recognised things that are
    not images we take: "SVG", "HTML", "TEXT", "PDF", "PSD", "VIDEO". ``None`` when unknown.
    """
    if head.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "GIF"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WEBP"
    if head[:4] in (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+"):
        return "TIFF"
    # "BM" alone also starts plain words; the DIB header size after it is what makes it a bitmap.
    if head[:2] == b"BM" and len(head) >= 18 and int.from_bytes(head[14:18], "little") in _BMP_HEADER_SIZES:
        return "BMP"
    if head[4:8] == b"ftyp":
        return _sniff_ftyp(head)
    if head.startswith(b"%PDF-"):
        return "PDF"
    if head.startswith(b"8BPS"):
        return "PSD"
    return _sniff_text(head)


def _sniff_ftyp(head: bytes) -> str:
    box_size = int.from_bytes(head[0:4], "big")
    brands = {head[8:12]}
    box = head[16 : max(16, min(box_size, len(head)))]
    brands.update(box[i : i + 4] for i in range(0, len(box) - 3, 4))
    if brands & _AVIF_BRANDS:
        return "AVIF"
    if brands & _HEIF_BRANDS:
        return "HEIF"
    return "VIDEO"  # mp4, mov, 3gp, ...: the ISO box family minus the still-image brands


def _sniff_text(head: bytes) -> str | None:
    if not head or b"\x00" in head:
        return None
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A cut in the middle of a multi-byte character at the end of the head is still text.
        if exc.start < len(head) - 3:
            return None
        text = head[: exc.start].decode("utf-8")
    lowered = text.lstrip("\ufeff \t\r\n").lower()
    if "<svg" in lowered and lowered.startswith(("<svg", "<?xml", "<!doctype svg", "<!--")):
        return "SVG"
    if lowered.startswith(("<!doctype html", "<html")):
        return "HTML"
    printable = sum(ch.isprintable() or ch in "\t\r\n" for ch in text)
    return "TEXT" if printable >= 0.95 * len(text) else None


@dataclass(frozen=True)
class Source:
    """Input bytes that can be opened (again) for decoding; kept on disk when they came from a file."""

    name: str
    sha256: str
    size: int
    head: bytes
    data: bytes | None = None
    path: Path | None = None

    def open(self) -> BinaryIO:
        if self.data is not None:
            return io.BytesIO(self.data)
        assert self.path is not None
        return self.path.open("rb")


def display_name(source: str | os.PathLike[str] | bytes, name: str | None = None) -> str:
    if name is not None:
        return name
    if isinstance(source, bytes | bytearray | memoryview):
        return "image"
    text = os.fspath(source)
    if text.startswith("data:"):
        return "data URL"
    if _URL_RE.match(text):
        # Query strings carry signatures and tokens (spec §12.1); they do not belong in messages.
        parts = urllib.parse.urlsplit(text)
        host = parts.netloc.rpartition("@")[2]  # and user:password@ no more than tokens
        return urllib.parse.urlunsplit((parts.scheme, host, parts.path, "", ""))
    return text


def load_source(
    source: str | os.PathLike[str] | bytes, *, budget: ImageBudget = DEFAULT_BUDGET, name: str | None = None
) -> Source:
    """Resolve ``source`` to bytes or a readable file, refusing empty and oversized inputs."""
    shown = display_name(source, name)
    if isinstance(source, bytes | bytearray | memoryview):
        return _from_bytes(bytes(source), shown, budget.max_input_bytes)
    if isinstance(source, str) and source.startswith("data:"):
        data = decode_data_url(source, shown, budget.max_input_bytes)
        return _from_bytes(data, shown, budget.max_input_bytes)
    if isinstance(source, str) and not source.strip():
        raise ImageInputError("(empty)", QT_TRANSLATE_NOOP("ImageInputError", "no file name or URL given"))
    if isinstance(source, str) and source.lower().startswith("file://"):
        # What some apps put on the clipboard or into a drop instead of a plain path.
        source = urllib.request.url2pathname(urllib.parse.urlsplit(source).path)
    if isinstance(source, str) and _URL_RE.match(source):
        data = download(source, name=shown, max_bytes=budget.max_download_bytes, timeout=budget.download_timeout)
        return _from_bytes(data, shown, budget.max_download_bytes)
    return _from_path(Path(source).expanduser(), shown, budget.max_input_bytes)


def _from_bytes(data: bytes, name: str, limit: int) -> Source:
    if not data:
        raise ImageInputError(name, QT_TRANSLATE_NOOP("ImageInputError", "the image is empty (0 bytes)"))
    if len(data) > limit:
        raise _too_large(name, len(data), limit)
    return Source(name=name, sha256=hashlib.sha256(data).hexdigest(), size=len(data), head=data[:HEAD_SIZE], data=data)


def _from_path(path: Path, name: str, limit: int) -> Source:
    from mjdesk.core.safefiles import UserFileError, regular_file

    try:
        # One check for every user-named file: devices, FIFOs and folders are refused before opening.
        st = regular_file(path, limit)
    except UserFileError as exc:
        raise ImageInputError(name, exc.reason, **exc.fields) from None
    try:
        if st.st_size == 0:
            raise ImageInputError(name, QT_TRANSLATE_NOOP("ImageInputError", "the file is empty (0 bytes)"))
        with path.open("rb") as fh:
            head = fh.read(HEAD_SIZE)
            fh.seek(0)
            digest = hashlib.file_digest(fh, "sha256").hexdigest()
    except FileNotFoundError:
        raise ImageInputError(name, QT_TRANSLATE_NOOP("ImageInputError", "no such file")) from None
    except PermissionError:
        raise ImageInputError(name, QT_TRANSLATE_NOOP("ImageInputError", "permission denied")) from None
    except OSError as exc:
        raise ImageInputError(
            name,
            QT_TRANSLATE_NOOP("ImageInputError", "cannot read the file ({error})"),
            error=exc.strerror or exc,
        ) from None
    return Source(name=name, sha256=digest, size=st.st_size, head=head, path=path)


def _too_large(name: str, size: int, limit: int) -> ImageInputError:
    return ImageInputError(
        name,
        QT_TRANSLATE_NOOP("ImageInputError", "the file is too large ({size:.1f} MiB, the limit is {limit:.0f} MiB)"),
        size=size / MiB,
        limit=limit / MiB,
    )


def decode_data_url(url: str, name: str = "data URL", max_bytes: int = 200 * MiB) -> bytes:
    """The bytes of a ``data:`` URL (base64 or percent-encoded)."""
    header, sep, payload = url.partition(",")
    if not sep:
        raise ImageInputError(name, QT_TRANSLATE_NOOP("ImageInputError", "not a valid data URL (no comma)"))
    # Checked before decoding so a huge string is refused without a second copy of it.
    if len(payload) * 3 // 4 > max_bytes:
        raise _too_large(name, len(payload) * 3 // 4, max_bytes)
    if header.lower().endswith(";base64"):
        try:
            return base64.b64decode("".join(payload.split()), validate=True)
        except (binascii.Error, ValueError):
            raise ImageInputError(
                name, QT_TRANSLATE_NOOP("ImageInputError", "the data URL is not valid base64")
            ) from None
    return urllib.parse.unquote_to_bytes(payload)


def download(
    url: str,
    *,
    name: str | None = None,
    max_bytes: int = 20 * MiB,
    timeout: float = 30.0,
    transport: object | None = None,
) -> bytes:
    """GET ``url`` without any credentials, streamed, aborting past ``max_bytes`` or ``timeout`` seconds.

    ``transport`` (an ``httpx.BaseTransport``) is for tests; without it environment proxies apply.
    """
    import httpx

    shown = name or display_name(url)
    deadline = time.monotonic() + timeout
    chunks: list[bytes] = []
    received = 0
    try:
        with (
            httpx.Client(
                transport=transport,  # type: ignore[arg-type]
                timeout=httpx.Timeout(min(timeout, 15.0)),
                follow_redirects=True,
                max_redirects=5,
                headers={"User-Agent": "mjdesk", "Accept": "image/*"},
            ) as client,
            client.stream("GET", url) as response,
        ):
            if response.status_code >= 400:
                raise ImageInputError(
                    shown,
                    QT_TRANSLATE_NOOP("ImageInputError", "the server answered HTTP {status}"),
                    status=response.status_code,
                )
            declared = response.headers.get("Content-Length", "")
            if declared.isdigit() and int(declared) > max_bytes:
                raise _download_too_large(shown, max_bytes)
            for chunk in response.iter_bytes():  # as it arrives, so the deadline is checked often
                received += len(chunk)
                if received > max_bytes:
                    raise _download_too_large(shown, max_bytes)
                if time.monotonic() > deadline:
                    raise httpx.ReadTimeout("overall deadline")
                chunks.append(chunk)
    except httpx.TimeoutException:
        raise ImageInputError(
            shown,
            QT_TRANSLATE_NOOP("ImageInputError", "the download timed out after {seconds:g} s"),
            seconds=timeout,
        ) from None
    except httpx.HTTPError as exc:
        raise ImageInputError(
            shown,
            QT_TRANSLATE_NOOP("ImageInputError", "the download failed ({error})"),
            error=str(exc) or type(exc).__name__,
        ) from None
    return b"".join(chunks)


def _download_too_large(name: str, limit: int) -> ImageInputError:
    return ImageInputError(
        name,
        QT_TRANSLATE_NOOP("ImageInputError", "the download is larger than {limit:.0f} MiB"),
        limit=limit / MiB,
    )
