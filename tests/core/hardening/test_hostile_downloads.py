"""A result that is not an image (HTML, empty, truncated, a pixel bomb) is a download failure, never a stored file."""

from __future__ import annotations

import struct
import zlib
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from mjdesk.core.api import Dialect, ImagineRequest, MjClient, ServerProfile
from mjdesk.core.jobs import JobService
from mjdesk.core.library import Library
from mjdesk.core.paths import app_paths
from tests.core.jobs.conftest import FAST
from tests.support.hostile import HostileServer, png_bytes, raw


def bomb_png(width: int = 60_000, height: int = 60_000) -> bytes:
    """A small PNG whose header claims width×height pixels."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = chunk(b"IDAT", zlib.compress(b"\0" * 1024))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + idat + chunk(b"IEND", b"")


NOT_IMAGES = {
    "html": (raw(200, b"<html><title>Login</title></html>", "text/html"), "not an image"),
    "empty": (raw(200, b"", "image/png"), "empty"),
    "truncated": (raw(200, png_bytes((256, 256))[:300], "image/png"), "truncated"),
    "bomb": (raw(200, bomb_png(), "image/png"), "megapixels"),
}


@pytest.fixture
async def service(tmp_path: Path, hostile: HostileServer) -> AsyncIterator[tuple[JobService, Library]]:
    library = Library.open(app_paths(tmp_path / "home").ensure())
    profile = ServerProfile(name="h", base_url=hostile.base_url, dialect=Dialect.MIDJOURNEY_PROXY)
    svc = JobService(library, client_for=lambda name: MjClient(profile, "sk-x"), poll=FAST)
    await svc.start()
    yield svc, library
    await svc.aclose()
    library.close()


@pytest.mark.parametrize("case", sorted(NOT_IMAGES))
@pytest.mark.parametrize("action", ["IMAGINE", "UPSCALE"])
async def test_a_result_that_is_not_an_image_is_a_download_error(
    hostile: HostileServer, service: tuple[JobService, Library], case: str, action: str
) -> None:
    svc, library = service
    behaviour, words = NOT_IMAGES[case]
    hostile.image("bad.png", behaviour)
    hostile.new_task = lambda task_id, base: hostile.success_task(task_id, image="bad.png", action=action)
    job = await svc.submit("h", ImagineRequest(prompt="a cat"))
    job = await svc.wait(job.id, timeout=20)
    assert job.status == "SUCCESS"
    assert job.download_error and words in job.download_error
    assert library.images(job.id) == []
