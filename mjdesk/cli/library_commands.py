"""Commands over the local library: list, show, export, resume, batch and saved profiles."""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mjdesk.core.text import printable

from . import output
from .connection import resolve_key
from .errors import EXIT_FAILED, EXIT_OK, EXIT_USAGE, CliError
from .follow import exit_code_of, run, unless_key_refused
from .session import Session, open_library

if TYPE_CHECKING:
    from mjdesk.core.library import JobRecord, Library
    from mjdesk.core.provenance import Provenance


def find_job(library: Library, ref: str) -> JobRecord:
    """A job by its library number, or by the server's task id (any profile)."""
    from mjdesk.core.library import JobNotFoundError

    if ref.isdigit() and len(ref) < 12:  # task ids are 16+ digit epoch-based strings
        try:
            return library.job(int(ref))
        except JobNotFoundError:
            pass
    for profile in [p.name for p in library.profiles()] or []:
        job = library.job_by_remote(profile, ref)
        if job is not None:
            return job
    matches = [j for j in library.recent_jobs(limit=10_000) if j.remote_id == ref]
    if matches:
        return matches[0]
    raise CliError(f"no job {ref!r} in the library (see: mjdesk-cli list)", EXIT_USAGE)


def list_jobs(args: argparse.Namespace) -> int:
    from mjdesk.core.library import JobQuery

    with open_library(args) as library:
        status = args.status.upper() if args.status else None
        rejected = {"show": None, "hide": False, "only": True}[args.rejected]
        query = JobQuery(status=status, search=args.search or None, min_rating=args.min_rating, rejected=rejected)
        jobs = library.recent_jobs(limit=args.limit, query=query)
    if args.json:
        output.json_line({"jobs": [_summary(j) for j in jobs]})
        return EXIT_OK
    if not jobs:
        filtered = args.status or args.search or args.min_rating or args.rejected != "show"
        print("no jobs" + (" match" if filtered else " yet"), file=sys.stderr)
    for j in jobs:
        when = time.strftime("%Y-%m-%d %H:%M", time.localtime(j.created_at / 1000))
        state = j.status if j.submit_state.value == "accepted" else j.submit_state.value
        prompt = (j.prompt or "").replace("\n", " ")
        marks = "rejected" if j.rejected else "*" * j.rating
        # The task id and status come from a server: printable() keeps them off the terminal's controls.
        print(
            printable(
                f"{j.id:>6}  {when}  {j.action:<10} {state:<11} {j.remote_id or '-':<18} {marks:<8} {prompt[:60]}"
            )
        )
    return EXIT_OK


def rate(args: argparse.Namespace) -> int:
    with open_library(args) as library:
        jobs = [find_job(library, ref) for ref in args.jobs]
        library.set_rating([j.id for j in jobs], args.rating)
        jobs = library.jobs([j.id for j in jobs])
    return _marked(args, jobs)


def reject(args: argparse.Namespace) -> int:
    with open_library(args) as library:
        jobs = [find_job(library, ref) for ref in args.jobs]
        library.set_rejected([j.id for j in jobs], not args.undo)
        jobs = library.jobs([j.id for j in jobs])
    return _marked(args, jobs)


def _marked(args: argparse.Namespace, jobs: list[JobRecord]) -> int:
    if args.json:
        output.json_line({"jobs": [_summary(j) for j in jobs]})
        return EXIT_OK
    for j in jobs:
        print(printable(f"job {j.id}: {'rejected' if j.rejected else 'kept'}, rating {j.rating}"))
    return EXIT_OK


def _summary(job: JobRecord) -> dict[str, Any]:
    return {
        "jobId": job.id,
        "task": job.remote_id,
        "profile": job.profile,
        "action": job.action,
        "status": job.status,
        "submitState": job.submit_state.value,
        "progress": job.progress,
        "prompt": job.prompt,
        "created": job.created_at,
        "parentJobId": job.parent_job_id,
        "favourite": job.favourite,
        "rating": job.rating,
        "rejected": job.rejected,
        "files": [str(i.path) for i in job.images],
    }


def show(args: argparse.Namespace) -> int:
    from mjdesk.core.provenance import from_job

    with open_library(args) as library:
        job = find_job(library, args.job)
        images = library.images(job.id)
        parent = library.parent(job.id)
        children = library.children(job.id)
        provenance = from_job(library, job)
    # What the server's own files say (a Midjourney download names its prompt and job id).
    embedded = {i.id: _embedded(i.path) for i in images if i.kind.value not in ("thumbnail", "preview")}
    if args.json:
        obj = _summary(job) | {
            "finalPrompt": job.final_prompt,
            "failReason": job.fail_reason,
            "reason": job.submit_reason,
            "buttons": job.buttons,
            "params": job.params,
            "children": [c.id for c in children],
            "task": job.raw,
        }
        obj["files"] = [
            {
                "kind": i.kind.value,
                "index": i.index,
                "path": str(i.path),
                "width": i.width,
                "height": i.height,
                "sha256": i.sha256,
                "embedded": e.to_dict() if (e := embedded.get(i.id)) is not None else None,
            }
            for i in images
        ]
        obj["provenance"] = provenance.to_dict()
        output.json_line(obj)
        return EXIT_OK
    output.print_job(job)
    print(printable(f"  profile: {job.profile}"))
    if parent is not None:
        print(printable(f"  from: job {parent.id} ({parent.action}) via {job.parent_button or '-'}"))
    for child in children:
        print(printable(f"  led to: job {child.id} {child.action} {child.status}"))
    for image in images:
        size = f" {image.width}x{image.height}" if image.width else ""
        index = f" {image.index}" if image.index is not None else ""
        print(printable(f"  {image.kind.value}{index}{size}: {image.path}"))
        found = embedded.get(image.id)
        if found is not None and not provenance.same_origin(found):
            print(printable(f"    inside the file ({found.source}): {found.prompt or found.task_id}"))
    print("  written into exported files:")
    output.print_provenance(provenance, indent="    ")
    return EXIT_OK


def _embedded(path: Path) -> Provenance | None:
    from mjdesk.core.provenance import read_file
    from mjdesk.core.safefiles import UserFileError

    try:
        return read_file(path)
    except (UserFileError, OSError):
        return None  # a missing file is reported by `show` itself (and by verify)


def inspect(args: argparse.Namespace) -> int:
    """Any image file's provenance: ours, Midjourney's, a Stable Diffusion web UI's."""
    from mjdesk.core.provenance import read_file
    from mjdesk.core.safefiles import UserFileError

    path = Path(args.file).expanduser()
    try:
        found = read_file(path)
    except UserFileError as exc:
        raise CliError(str(exc), EXIT_USAGE) from None
    except OSError as exc:
        raise CliError(f"{path}: cannot read it ({exc.strerror or exc})", EXIT_USAGE) from None
    if found is None:
        raise CliError(f"{path}: no prompt or job written inside this file", EXIT_FAILED)
    if args.json:
        output.json_line({"file": str(path), "provenance": found.to_dict()})
        return EXIT_OK
    print(printable(f"{path}"))
    output.print_provenance(found, indent="  ")
    return EXIT_OK


def export(args: argparse.Namespace) -> int:
    from .export import EXPORT_TEMPLATE, check_template, export_job

    template = args.name_template or EXPORT_TEMPLATE
    check_template(template)
    written: list[Path] = []
    with open_library(args) as library:
        jobs = [find_job(library, ref) for ref in args.jobs]
        for job in jobs:
            written += export_job(
                library, job, Path(args.to), template=template, sidecar=True, provenance=not args.plain
            )
    if args.json:
        output.json_line({"files": [str(p) for p in written]})
    else:
        for path in written:
            print(printable(path))
    return EXIT_OK


def resume(args: argparse.Namespace) -> int:
    """Track every unfinished job of every saved profile until done, downloading results."""

    async def body(session: Session) -> int:
        from mjdesk.core.jobs import settled

        service, library = session.service, session.library
        pending = await asyncio.to_thread(_resumable, library)
        names = sorted({j.profile for j in pending})
        for name in names:  # no key: exit 4 now, not after the whole timeout
            resolve_key(args, name)
        progress = output.Progress()
        unsubscribe = service.subscribe(lambda ev: progress.update(ev.job))
        # A download that failed before (e.g. a full disk) is fetched again by start(): forget the
        # failure on record first, so the wait below is for that new attempt.
        await asyncio.to_thread(lambda: library.retry_downloads_now(j.id for j in library.jobs_needing_download()))
        await service.start()
        try:
            if not pending:
                print("nothing to resume", file=sys.stderr)
                return EXIT_OK
            print(f"resuming {len(pending)} job(s)", file=sys.stderr)
            finished = await unless_key_refused(
                session,
                names,
                asyncio.gather(*(service.wait(j.id, timeout=args.timeout) for j in pending), return_exceptions=True),
            )
        finally:
            unsubscribe()
            progress.done()
        jobs = [r for r in finished if not isinstance(r, BaseException)]
        late = len(finished) - len(jobs)
        for job in jobs:
            if not args.json:
                output.print_job(job)
        if args.json:
            output.json_line({"jobs": [_summary(j) for j in jobs], "unfinished": late})
        failed = [j for j in jobs if not settled(j) or exit_code_of(j) is not None]
        if late:
            print(f"{late} job(s) still running after {args.timeout:.0f} s", file=sys.stderr)
        return EXIT_FAILED if failed or late else EXIT_OK

    return run(args, body, server=False)


def _resumable(library: Library) -> list[JobRecord]:
    from mjdesk.core.library import SubmitState

    jobs = library.unfinished_jobs() + library.jobs_needing_download()
    seen: dict[int, JobRecord] = {}
    for job in jobs:
        if job.submit_state in (SubmitState.ACCEPTED, SubmitState.DEFERRED) and not job.modal_pending:
            seen.setdefault(job.id, job)
    return list(seen.values())


def batch(args: argparse.Namespace) -> int:
    """Submit one imagine per line; a line that already has a job (from an earlier run) is skipped."""
    from .batch import run_batch

    return run(
        args,
        lambda session: unless_key_refused(
            session, [session.profile.name] if session.profile else [], run_batch(session, args)
        ),
    )


def profile(args: argparse.Namespace) -> int:
    from mjdesk.core import profiles
    from mjdesk.core.api import Dialect, ServerProfile, dialect_info
    from mjdesk.core.secrets import SecretStoreError, Store, delete_api_key, key_file_path, set_api_key

    from .connection import config_folder

    folder = config_folder(args)

    with open_library(args) as library:
        if args.profile_command == "list":
            saved = library.profiles()
            if args.json:
                output.json_line(
                    {
                        "profiles": [
                            {"name": p.name, "baseUrl": p.base_url, "dialect": p.dialect, "default": p.is_default}
                            for p in saved
                        ]
                    }
                )
            for p in saved if not args.json else []:
                print(printable(f"{'*' if p.is_default else ' '} {p.name:<24} {p.dialect:<17} {p.base_url}"))
            return EXIT_OK
        if args.profile_command == "remove":
            if not library.delete_profile(args.name):
                raise CliError(f"no profile named {args.name!r}", EXIT_USAGE)
            try:
                delete_api_key(args.name, folder)  # from the keychain and the key file
            except SecretStoreError as exc:
                print(f"mjdesk-cli: {exc}", file=sys.stderr)
            return EXIT_OK
        # add (or update)
        base_url = getattr(args, "base_url", None)
        if not base_url:
            raise CliError("profile add needs --base-url URL")
        try:
            dialect = Dialect(getattr(args, "dialect", None) or "new-api")
        except ValueError:
            raise CliError("unknown dialect: use new-api, midjourney-proxy or trueai") from None
        if args.instance and not dialect_info(dialect).account_filter:
            raise CliError(f"--instance picks an account instance, which {dialect.value} servers do not take")
        saved_profile = ServerProfile(
            name=args.name, base_url=base_url, dialect=dialect, instance_id=args.instance or ""
        )
        if args.key_stdin:
            # The key first, as in the window: a saved profile whose key was lost fails every submit.
            key = sys.stdin.readline().strip()
            if not key:
                raise CliError("--key-stdin: no key on standard input")
            try:
                store = set_api_key(args.name, key, folder)
            except SecretStoreError as exc:
                raise CliError(str(exc), EXIT_FAILED) from None
            if store is Store.FILE:
                print(
                    f"mjdesk-cli: warning: no system keychain works here; the key is stored in "
                    f"{key_file_path(folder)} (readable only by you)",
                    file=sys.stderr,
                )
        profiles.save(library, saved_profile, is_default=args.default or library.default_profile() is None)
        print(f"saved profile {args.name!r}", file=sys.stderr)
    return EXIT_OK
