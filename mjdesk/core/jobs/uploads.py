"""Links for stored images, for references that need one (--sref, --cref, --oref, image prompts).

An image is uploaded to a server once per content: the link is remembered (library
``upload_links``) and reused while it lives; a link known to have expired (Discord's ``ex=``) is
replaced by a fresh upload of the same content before a submit, so a saved reference never fails a
job because last week's link died. Uploads go through the job service like any job (recorded,
priced, never sent twice).
"""

from __future__ import annotations

import asyncio
import re
import time
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, urlsplit

from mjdesk.core.api import MjError, UploadRequest

if TYPE_CHECKING:
    from .service import JobService

_LINK = re.compile(r"https?://[^\s<>\"']+")


def link_expiry(url: str) -> int | None:
    """When a link stops working (epoch ms), where it says so: Discord's CDN signs attachment links
    with ``ex=<hex epoch seconds>``. None: not known (taken as lasting)."""
    try:
        values = parse_qs(urlsplit(url).query).get("ex")
        return int(values[0], 16) * 1000 if values else None
    except (ValueError, OverflowError):
        return None


def _now_ms() -> int:
    return int(time.time() * 1000)


async def link_for(service: JobService, profile: str, image: Path, *, now_ms: int | None = None) -> str:
    """A live link to this stored image on this server: the remembered one, else a new upload."""
    from mjdesk.core.imaging import prepare_image

    library = service.library
    sha256 = image.name.partition(".")[0]
    link = await asyncio.to_thread(library.upload_link, profile, sha256)
    if link is not None and link.alive(_now_ms() if now_ms is None else now_ms):
        return link.url
    prepared = await asyncio.to_thread(prepare_image, image)
    job = await service.submit(
        profile,
        UploadRequest(images=[prepared.data_url]),
        summary={"title": "reference", "images": [{"sha256": sha256}]},
        queued=False,  # the user waits for this link before their job can go
    )
    urls = [u for u in (job.raw or {}).get("urls", []) if isinstance(u, str)]
    if not urls:
        raise MjError(job.fail_reason or job.submit_reason or "The server gave no link for the image.")
    await asyncio.to_thread(library.remember_upload, profile, sha256, urls[0], link_expiry(urls[0]))
    return urls[0]


async def renew_links(service: JobService, profile: str, text: str, *, now_ms: int | None = None) -> str:
    """``text`` with every link this library uploaded and that has expired (or is about to)
    replaced by a fresh upload of the same image; links it does not know stay as they are."""
    library = service.library
    now = _now_ms() if now_ms is None else now_ms
    for url in dict.fromkeys(_LINK.findall(text)):
        link = await asyncio.to_thread(library.upload_link_by_url, url)
        if link is None or link.alive(now):
            continue
        path = await asyncio.to_thread(library.stored_file, link.sha256)
        if path is None:
            continue  # its image is gone from the library: nothing to upload again
        fresh = await link_for(service, profile, path, now_ms=now)
        text = text.replace(url, fresh)
    return text
