"""What the server itself keeps: its task history (paged), its queue, the key's quota, and
importing that history into the library. A server without the route: exit 1, one line."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Awaitable
from typing import TYPE_CHECKING, TypeVar

from . import output
from .errors import EXIT_FAILED, EXIT_OK, CliError
from .follow import run
from .library_commands import _summary

if TYPE_CHECKING:
    from .session import Session

T = TypeVar("T")
IMPORT_PAGE_SIZE = 50


async def _offered(session: Session, what: str, call: Awaitable[T]) -> T:
    from mjdesk.core.api import UnsupportedError

    try:
        return await call
    except UnsupportedError:
        assert session.profile is not None
        dialect = session.profile.dialect.value
        raise CliError(f"this server ({dialect}) has no {what}", EXIT_FAILED) from None


def tasks(args: argparse.Namespace) -> int:
    async def body(session: Session) -> int:
        page = await _offered(session, "task list", session.client.task_page(args.page, args.size, args.status))
        if args.json:
            output.json_line(
                {"page": page.page, "size": page.size, "total": page.total, "tasks": [t.raw for t in page.tasks]}
            )
            return EXIT_OK
        output.tasks(page.tasks, as_json=False)
        of = f" of {page.pages}" if page.pages is not None else ""
        total = f", {page.total} tasks" if page.total is not None else ""
        print(f"page {page.page}{of}{total}", file=sys.stderr)
        return EXIT_OK

    return run(args, body)


def queue(args: argparse.Namespace) -> int:
    async def body(session: Session) -> int:
        waiting = await _offered(session, "task queue", session.client.queue())
        if args.json:
            output.json_line({"tasks": [t.raw for t in waiting]})
        elif waiting:
            output.tasks(waiting, as_json=False)
        else:
            print("the queue is empty", file=sys.stderr)
        return EXIT_OK

    return run(args, body)


def account(args: argparse.Namespace) -> int:
    async def body(session: Session) -> int:
        info = await _offered(session, "account or quota information", session.client.account())
        if args.json:
            output.json_line(
                {
                    "name": info.name,
                    "granted": info.granted,
                    "used": info.used,
                    "available": info.available,
                    "unlimited": info.unlimited,
                    "expiresAt": info.expires_at,
                }
            )
            return EXIT_OK
        output.account(info)
        return EXIT_OK

    return run(args, body)


def import_history(args: argparse.Namespace) -> int:
    """The server's task history into the library, once per task id; results downloaded."""

    async def body(session: Session) -> int:
        assert session.profile is not None
        found = await _offered(session, "task list to import", session.client.history(args.size, args.pages))
        report = await session.service.import_tasks(session.profile.name, found)
        progress = output.Progress()
        unsubscribe = session.service.subscribe(lambda ev: progress.update(ev.job))
        try:
            waits = [session.service.wait(job.id, timeout=args.timeout) for job in report.added]
            settled = await asyncio.gather(*waits, return_exceptions=True)
        finally:
            unsubscribe()
            progress.done()
        jobs = [j for j in settled if not isinstance(j, BaseException)]
        late = len(settled) - len(jobs)
        if args.json:
            output.json_line({"added": [_summary(j) for j in jobs], "known": report.known, "unfinished": late})
        else:
            print(f"imported {len(report.added)} new task(s); {report.known} already in the library")
            if late:
                print(f"{late} imported job(s) still running after {args.timeout:.0f} s", file=sys.stderr)
        return EXIT_OK

    return run(args, body)
