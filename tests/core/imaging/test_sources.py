"""Sniffing formats from bytes, and fetching http(s) images with a cap, a timeout and no secrets."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import httpx
import pytest

from mjdesk.core.imaging import ImageBudget, ImageInputError, download, prepare_image, sniff_format

from .conftest import encode, photo


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("rotated_gps.jpg", "JPEG"),
        ("sixteen_bit.png", "PNG"),
        ("animated.gif", "GIF"),
        ("photo.webp", "WEBP"),
        ("photo.tiff", "TIFF"),
        ("photo.bmp", "BMP"),
        ("drawing.svg", "SVG"),
        ("text.png", "TEXT"),
        ("zero.png", None),
    ],
)
def test_sniffing_trusts_the_bytes_not_the_name(samples: dict[str, Path], name: str, expected: str | None) -> None:
    assert sniff_format(samples[name].read_bytes()[:1024]) == expected


def test_sniffing_tells_heif_avif_and_video_apart() -> None:
    def ftyp(major: bytes, *compatible: bytes) -> bytes:
        body = major + b"\0\0\0\0" + b"".join(compatible)
        return (8 + len(body)).to_bytes(4, "big") + b"ftyp" + body

    assert sniff_format(ftyp(b"heic", b"mif1", b"heic")) == "HEIF"
    assert sniff_format(ftyp(b"avif", b"mif1", b"avif")) == "AVIF"
    assert sniff_format(ftyp(b"mif1", b"avif", b"miaf")) == "AVIF"
    assert sniff_format(ftyp(b"isom", b"mp41")) == "VIDEO"
    assert sniff_format(b"<!DOCTYPE html><html><body>404</body></html>") == "HTML"
    assert sniff_format(b"BMW X5 for sale, hardly used") == "TEXT"  # "BM" alone is not a bitmap


class _Handler(BaseHTTPRequestHandler):
    routes: ClassVar[dict[str, tuple[int, str, bytes]]] = {}

    def do_GET(self) -> None:
        try:
            self._serve()
        except ConnectionError:
            pass  # the client gave up on purpose (size cap, timeout): that is the point of the test

    def _serve(self) -> None:
        assert "Authorization" not in self.headers and "Cookie" not in self.headers
        if self.path == "/slow.jpg":
            self.send_response(200)
            self.send_header("Content-Type", "image/jpeg")
            self.end_headers()
            for _ in range(40):  # trickles forever as far as the client's budget is concerned
                self.wfile.write(b"\xff" * 10)
                self.wfile.flush()
                time.sleep(0.05)
            return
        if self.path == "/endless.jpg":  # no Content-Length, more than the cap
            self.send_response(200)
            self.send_header("Content-Type", "image/jpeg")
            self.end_headers()
            chunk = b"\xff\xd8\xff" + b"\0" * 65533
            for _ in range(40):
                self.wfile.write(chunk)
            return
        status, kind, body = self.routes.get(self.path.split("?")[0], (404, "text/plain", b"not found"))
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    jpeg = encode(photo((300, 200)), "JPEG")
    _Handler.routes = {
        # The name and the Content-Type both say PNG; the bytes are a JPEG.
        "/ref.png": (200, "image/png", jpeg),
        "/error-page.png": (200, "image/png", b"<!DOCTYPE html><html><body>Forbidden</body></html>"),
        "/huge.jpg": (200, "image/jpeg", jpeg + b"\0" * 3_000_000),
    }
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(var, raising=False)


def test_a_url_is_downloaded_and_sniffed_from_its_bytes(server: str) -> None:
    img = prepare_image(f"{server}/ref.png?sig=SECRET")
    assert img.format == "JPEG" and (img.width, img.height) == (300, 200)
    assert img.name == f"{server}/ref.png"  # signatures in query strings stay out of names and messages


def test_download_failures_name_the_url_and_the_reason(server: str) -> None:
    small = ImageBudget(max_download_bytes=1_000_000, download_timeout=0.5)
    with pytest.raises(ImageInputError, match=r"/missing.jpg: the server answered HTTP 404$"):
        prepare_image(f"{server}/missing.jpg?token=SECRET")
    with pytest.raises(ImageInputError, match=r"/error-page.png: a web page, not an image$"):
        prepare_image(f"{server}/error-page.png")
    with pytest.raises(ImageInputError, match="the download is larger than 1 MiB"):
        prepare_image(f"{server}/huge.jpg", budget=small)
    with pytest.raises(ImageInputError, match="the download is larger than 1 MiB"):
        prepare_image(f"{server}/endless.jpg", budget=small)
    started = time.monotonic()
    with pytest.raises(ImageInputError, match=r"the download timed out after 0\.5 s$"):
        prepare_image(f"{server}/slow.jpg", budget=small)
    assert time.monotonic() - started < 1.5


def test_connection_errors_are_one_line() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    expected = r"^https://cdn\.example/a\.png: the download failed \(connection refused\)$"
    with pytest.raises(ImageInputError, match=expected):
        download("https://cdn.example/a.png", transport=httpx.MockTransport(refuse))


def test_an_iphone_photo_decodes_with_the_shipped_decode_only_heif() -> None:
    """HEIC input through the real pipeline with what the app ships: pi-heif, the decode-only
    build (no 21 MB x265 encoder in the bundle). The sample is a 640×400 picture."""
    import importlib.util

    from mjdesk.core.imaging import prepare_image
    from mjdesk.core.imaging.normalise import register_heif

    sample = Path(__file__).resolve().parents[3] / "mjdesk" / "resources" / "samples" / "selftest.heic"
    assert importlib.util.find_spec("pi_heif") is not None  # a dependency of the app
    assert register_heif()
    prepared = prepare_image(sample)
    assert (prepared.original_width, prepared.original_height) == (640, 400)
    assert prepared.data_url.startswith("data:image/")
