"""``mjdesk-cli batch FILE``: one imagine per line, a few at a time, resumable.

Which line became which job is kept in the library folder, so running the same file again
skips what was already sent (even jobs whose submit outcome is unknown: never sent twice) and
only waits for what is still running. A full queue defers a line instead of failing it.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import os
import sys
import tempfile
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from mjdesk.core.text import printable

from . import output
from .errors import EXIT_FAILED, EXIT_OK, EXIT_USAGE, CliError
from .follow import exit_code_of, export_results

if TYPE_CHECKING:
    from mjdesk.core.library import JobRecord

    from .session import Session


# A prompt is at most a few KB: 10 MB is thousands of lines, and stops `batch /dev/zero` or a
# mistaken video file from eating memory.
MAX_BATCH_BYTES = 10 * 1024 * 1024


def read_prompts(path: Path) -> list[tuple[int, str]]:
    from mjdesk.core.safefiles import UserFileError, read_capped

    try:
        text = read_capped(path, MAX_BATCH_BYTES).decode("utf-8-sig")
    except UserFileError as exc:
        raise CliError(str(exc), EXIT_USAGE) from None
    except UnicodeDecodeError as exc:
        raise CliError(f"{path}: cannot read it as UTF-8 text ({exc.__class__.__name__})", EXIT_USAGE) from None
    lines = [(n, line.strip()) for n, line in enumerate(text.splitlines(), start=1)]
    prompts = [(n, line) for n, line in lines if line and not line.startswith("#")]
    if not prompts:
        raise CliError(f"{path}: no prompts (one per line; lines starting with # are skipped)", EXIT_USAGE)
    return prompts


class BatchState:
    """line number + prompt -> job id, written atomically after every submit."""

    def __init__(self, folder: Path, source: Path) -> None:
        # fsencode: a file name that is not UTF-8 arrives with surrogate escapes (same bytes as
        # .encode() for every UTF-8 name, so existing batch states keep their key).
        key = hashlib.sha256(os.fsencode(source.resolve())).hexdigest()[:16]
        self.path = folder / "batches" / f"{key}.json"
        try:
            self.jobs: dict[str, int] = json.loads(self.path.read_text(encoding="utf-8"))["jobs"]
        except (OSError, ValueError, KeyError):
            self.jobs = {}
        self._lock = threading.Lock()

    @staticmethod
    def key(line: int, prompt: str) -> str:
        return f"{line}:{hashlib.sha256(prompt.encode()).hexdigest()[:12]}"

    def record(self, line: int, prompt: str, job_id: int) -> None:
        # Several lines finish their submit at once, each on a worker thread: one writer at a
        # time, each through a temp file of its own.
        with self._lock:
            self.jobs[self.key(line, prompt)] = job_id
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".batch-", dir=self.path.parent)
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump({"jobs": self.jobs}, fh)
            os.replace(tmp, self.path)


def expand_lines(lines: list[tuple[int, str]]) -> list[tuple[int, str, str]]:
    """(line, key text, prompt) for every job the lines stand for: each line's variation matrix
    expanded (core/matrix.py). All lines are checked before anything is sent."""
    from mjdesk.core.matrix import MatrixError, expand

    jobs: list[tuple[int, str, str]] = []
    for n, text in lines:
        try:
            matrix = expand(text)
        except MatrixError as exc:
            raise CliError(f"line {n}: {exc}", EXIT_USAGE) from None
        for job in matrix.jobs:
            # The key of a plain line stays its text (earlier runs' states still match); copies of
            # a --repeat and the expansions of a matrix each get their own.
            key = text if not matrix.is_matrix else f"{job.prompt}#{job.repeat}"
            jobs.append((n, key, job.prompt))
    return jobs


async def run_batch(session: Session, args: argparse.Namespace) -> int:
    from mjdesk.core.api import ImagineRequest
    from mjdesk.core.jobs import settled

    source = Path(args.file)
    jobs = expand_lines(read_prompts(source))
    if args.dry_run:
        for n, _key, prompt in jobs:
            request = ImagineRequest(prompt=prompt, bot=args.bot)
            if args.json:
                output.json_line({"line": n, "prompt": prompt, "body": session.client.preview(request).get("body")})
            else:
                print(printable(f"line {n}: {prompt}"))
        if not args.json:
            print(f"{len(jobs)} job(s); nothing sent (--dry-run)", file=sys.stderr)
        output.estimate(session.profile, ["IMAGINE"] * len(jobs))
        return EXIT_OK
    state = BatchState(session.library.root, source)
    service = session.service
    assert session.profile is not None
    profile_name = session.profile.name
    await service.start()  # earlier runs' unfinished jobs are tracked again
    gate = asyncio.Semaphore(max(1, args.concurrency))
    results: dict[int, JobRecord] = {}

    async def one(index: int, line: int, key: str, prompt: str) -> None:
        async with gate:
            known = state.jobs.get(state.key(line, key))
            if known is not None:
                job = await service.job(known)
            else:
                request = ImagineRequest(prompt=prompt, bot=args.bot)
                job = await service.submit(profile_name, request, when_queue_full="defer")
                await asyncio.to_thread(state.record, line, key, job.id)
            if not settled(job) and exit_code_of(job) is None:
                job = await service.wait(job.id, timeout=args.timeout)
            results[index] = job
            code = exit_code_of(job)
            word = job.status if code is None else (job.submit_reason or job.fail_reason or job.status)
            print(printable(f"line {line}: job {job.id} {' '.join(str(word).split())}"), file=sys.stderr)

    outcomes = await asyncio.gather(*(one(i, *job) for i, job in enumerate(jobs)), return_exceptions=True)
    late = sum(1 for o in outcomes if isinstance(o, TimeoutError))
    for outcome in outcomes:
        if isinstance(outcome, BaseException) and not isinstance(outcome, TimeoutError):
            raise outcome
    saved = []
    if args.download:
        for job in results.values():
            saved += await asyncio.to_thread(export_results, session, job, Path(args.download))
    if args.json:
        output.json_line(
            {
                "jobs": [output.job_json(results[i]) for i in range(len(jobs)) if i in results],
                "unfinished": late,
                "savedFiles": [str(p) for p in saved],
            }
        )
    else:
        for i in range(len(jobs)):
            if i in results:
                output.print_job(results[i])
    failed = [j for j in results.values() if exit_code_of(j) is not None]
    return EXIT_FAILED if failed or late else EXIT_OK
