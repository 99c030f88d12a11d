"""``--download`` of results that are not images, file addresses a server should never give, and
server addresses that must not be used: one line and a non-zero exit, never a silent success."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image

from tests.support.hostile import Behaviour, HostileServer, endless, png_bytes, raw
from tests.support.hostile_cli import HostileCli, one_line


def bomb_png(width: int = 30000, height: int = 30000) -> bytes:
    """A PNG whose header claims 900 megapixels (the data is a few bytes)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")


NOT_IMAGES: dict[str, tuple[Behaviour, str]] = {
    "html": (raw(200, b"<html><title>Sign in</title><body>login</body></html>", "text/html"), "web page"),
    "empty": (raw(200, b"", "image/png"), "empty"),
    "truncated": (raw(200, png_bytes((256, 256))[:120], "image/png"), "truncated"),
    "bomb": (raw(200, bomb_png(), "image/png"), "pixels"),
}


@pytest.mark.parametrize("case", sorted(NOT_IMAGES))
def test_a_result_that_is_not_an_image_is_said_and_exits_1(hcli: HostileCli, tmp_path: Path, case: str) -> None:
    behaviour, words = NOT_IMAGES[case]
    hcli.server.images["h1.png"] = behaviour
    out = tmp_path / "out"
    run = hcli.run("imagine", "a cat", "--wait", "--interval", "0.5", "--timeout", "30", "--download", str(out))
    assert run.code == 1, run.stderr
    failure = [line for line in run.stderr.splitlines() if "Download failed" in line]
    assert len(failure) == 1 and words in failure[0].lower(), run.stderr
    assert "Traceback" not in run.stderr
    assert not any(out.iterdir())


@pytest.mark.parametrize(
    "url", ["http://[bad", "ftp://x/y.png", "http://127.0.0.1:99999/x.png", "file:///etc/passwd", "javascript:alert(1)"]
)
def test_an_unusable_file_address_from_the_server_is_a_clear_download_failure(
    hcli: HostileCli, hostile: HostileServer, tmp_path: Path, url: str
) -> None:
    hostile.new_task = lambda task_id, _base: {**hostile.success_task(task_id), "imageUrl": url}
    run = hcli.run(
        "imagine", "a cat", "--wait", "--interval", "0.5", "--timeout", "30", "--download", str(tmp_path / "out")
    )
    assert run.code == 1, run.stderr
    assert "cannot be downloaded" in run.stderr and "Traceback" not in run.stderr, run.stderr


@pytest.mark.parametrize("url", ["http://sk-live-123@127.0.0.1:9", "https://user:key@example.com/mj"])
def test_an_address_with_a_user_or_key_in_it_is_refused(hcli: HostileCli, url: str) -> None:
    line = one_line(hcli.run("--base-url", url, "imagine", "a cat"), 2)
    assert "@" in line and "API key goes in its own field" in line
    assert "sk-live-123" not in hcli.run("profile", "list").stdout
    assert hcli.server.requests == []


def test_plain_http_to_another_machine_is_warned_about(hcli: HostileCli) -> None:
    run = hcli.run("--base-url", "http://gateway.invalid", "imagine", "a cat", timeout=90)
    assert "travels unencrypted" in run.stderr
    assert "unencrypted" not in hcli.run("imagine", "a cat").stderr  # loopback: no warning


def test_a_submit_answered_with_an_endless_body_is_unknown_and_sent_once(hcli: HostileCli) -> None:
    hcli.server.route("POST", "/mj/submit/imagine", endless())
    run = hcli.run("imagine", "a cat")
    assert run.code == 3, run.stderr
    assert "larger than 8 MiB" in run.stderr
    assert len(hcli.server.seen("/submit/imagine")) == 1


def test_bomb_png_is_what_it_claims() -> None:
    with pytest.raises(Image.DecompressionBombError):
        Image.open(io.BytesIO(bomb_png()))
