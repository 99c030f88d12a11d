"""What the CLI prints: one JSON object on stdout with --json, readable lines otherwise.

Progress goes to stderr so stdout stays parseable.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mjdesk.core.text import json_safe, printable

if TYPE_CHECKING:
    from mjdesk.core.api import AccountInfo, ConnectionReport, ServerProfile, Task
    from mjdesk.core.imaging import PreparedImage
    from mjdesk.core.jobs import ServerHealth
    from mjdesk.core.library import JobRecord
    from mjdesk.core.provenance import Provenance


def json_line(obj: Any) -> None:
    # ensure_ascii=False keeps prompts readable; json_safe escapes what json.dumps leaves raw
    # (C1, bidi marks, lone surrogates from a server), so the line is safe on a terminal too.
    sys.stdout.write(json_safe(json.dumps(obj, ensure_ascii=False)) + "\n")


def _lines(text: str, indent: str = "  ") -> str:
    """Several lines of server text, each made printable and indented."""
    return "\n".join(indent + printable(line) for line in text.strip().splitlines())


def _abbreviate(value: Any) -> Any:
    # A dry run shows the body it would send; megabytes of base64 help nobody on a terminal.
    if isinstance(value, str) and value.startswith("data:") and len(value) > 80:
        head = value.split(",", 1)[0]
        return f"{head},<{len(value) - len(head) - 1} base64 characters>"
    if isinstance(value, list):
        return [_abbreviate(v) for v in value]
    if isinstance(value, dict):
        return {k: _abbreviate(v) for k, v in value.items()}
    return value


def dry_run(preview: dict[str, Any], images: Sequence[PreparedImage], *, as_json: bool) -> None:
    """The request that would be sent. --json prints the exact body, every base64 character
    included, so it can be piped to another tool; the terminal gets the images' sizes instead."""
    shown = dict(preview)
    shown["images"] = [img.to_summary() for img in images]
    if as_json:
        json_line(shown)
        return
    if "body" in shown:
        shown["body"] = _abbreviate(shown["body"])
    print(printable(f"{shown.get('method', 'POST')} {shown.get('url', shown.get('path', ''))}"))
    print(json_safe(json.dumps(shown.get("body"), ensure_ascii=False, indent=2)))
    for img in images:
        scaled = " (scaled)" if img.scaled else ""
        print(printable(f"  {img.name}: {img.width}x{img.height} {img.format} {img.encoded_size} bytes{scaled}"))


def submitted(job: JobRecord, *, as_json: bool) -> None:
    if as_json:
        json_line(job_json(job))
        return
    print(printable(_job_line(job)))


def submitted_note(job: JobRecord) -> None:
    print(printable(_job_line(job)), file=sys.stderr)


def _job_line(job: JobRecord) -> str:
    task = f"task {job.remote_id}" if job.remote_id else "no task"
    if job.modal_pending:
        return f"job {job.id}: {task} waits for its modal (code 21)"
    if job.queued_position is not None:
        return f"job {job.id}: {task} queued ({job.queued_position} ahead)"
    return f"job {job.id}: submitted, {task}"


def job_json(job: JobRecord, saved: Sequence[Path] = ()) -> dict[str, Any]:
    """The server's task object as last seen (or the submit answer), plus where it is kept here."""
    obj: dict[str, Any] = dict(job.raw) if job.raw else dict(job.submit_answer or {})
    obj.update(jobId=job.id, submitState=job.submit_state.value, libraryStatus=job.status)
    if job.remote_id:
        obj.setdefault("id", job.remote_id)
    if job.submit_reason:
        obj["reason"] = job.submit_reason
    if job.parent_job_id is not None:
        obj["parentJobId"] = job.parent_job_id
    if saved:
        obj["savedFiles"] = [str(p) for p in saved]
    return obj


def submit_failed(job: JobRecord, *, as_json: bool) -> None:
    if as_json:
        json_line(job_json(job))
    reason = job.submit_reason or job.fail_reason or job.status
    if job.submit_state.value == "unknown":
        reason = (
            f"{reason} — the server may have received it; job {job.id} is kept and was not "
            f"sent again (see: mjdesk-cli show {job.id})"
        )
    sys.stderr.write(f"mjdesk-cli: {printable(' '.join(str(reason).split()))}\n")


def uploaded(job: JobRecord, *, as_json: bool) -> None:
    urls = [u for u in (job.submit_answer or {}).get("result") or [] if isinstance(u, str)]
    if as_json:
        json_line({"urls": urls, **job_json(job)})
        return
    for url in urls:
        print(printable(url))


def final_job(job: JobRecord, saved: Sequence[Path], *, as_json: bool) -> None:
    if as_json:
        json_line(job_json(job, saved))
        return
    print_job(job)
    for p in saved:
        print(printable(f"  saved {p}"))


def print_job(job: JobRecord) -> None:
    progress = f" {job.progress}%" if job.progress is not None and not job.is_finished else ""
    task = job.remote_id or "-"
    # Everything here may come from the server: each line goes through printable().
    print(printable(f"job {job.id}  task {task}  {job.action}  {job.status}{progress}"))
    if job.submit_reason:
        print(printable(f"  {job.submit_state.value}: {job.submit_reason}"))
    if job.fail_reason:
        print(printable(f"  failed: {job.fail_reason}"))
    if job.final_prompt and job.action in ("DESCRIBE", "SHORTEN"):
        print(_lines(job.final_prompt))
    elif job.prompt:
        print(printable(f"  prompt: {job.prompt}"))
    if job.buttons:
        labels = [str(b.get("label") or b.get("emoji") or b.get("customId")) for b in job.buttons]
        print(printable("  buttons: " + " | ".join(labels)))


def tasks(items: Iterable[Task], *, as_json: bool) -> None:
    items = list(items)
    if as_json:
        json_line(items[0].raw if len(items) == 1 else {"tasks": [t.raw for t in items]})
        return
    for t in items:
        _print_task(t)


def _print_task(task: Task) -> None:
    progress = f" {task.progress}%" if task.progress is not None and not task.is_terminal else ""
    print(printable(f"{task.id}  {task.action_raw or task.action.value}  {task.status.value}{progress}"))
    if task.fail_reason:
        print(printable(f"  failed: {task.fail_reason}"))
    if task.final_prompt and task.action.value in ("DESCRIBE", "SHORTEN"):
        print(_lines(task.final_prompt))
    elif task.prompt:
        print(printable(f"  prompt: {task.prompt}"))
    if task.image_url:
        print(printable(f"  image: {task.image_url}"))
    for url in task.video_urls or ([task.video_url] if task.video_url else []):
        print(printable(f"  video: {url}"))
    if task.buttons:
        labels = [b.label or b.emoji or b.custom_id for b in task.buttons]
        print(printable("  buttons: " + " | ".join(labels)))


def account(info: AccountInfo) -> None:
    def quota(n: int | None) -> str:
        return "?" if n is None else f"{n:,}"

    print(printable(f"key: {info.name or '(unnamed)'}"))
    if info.unlimited:
        print(f"quota: unlimited ({quota(info.used)} used)")
    else:
        print(f"quota: {quota(info.available)} left of {quota(info.granted)} ({quota(info.used)} used)")
    if info.expires_at:
        import time

        print(f"expires: {time.strftime('%Y-%m-%d %H:%M', time.localtime(info.expires_at))}")


def value(name: str, val: str, *, as_json: bool) -> None:
    if as_json:
        json_line({name: val})
    else:
        print(printable(val))


def connection_report(report: ConnectionReport, *, as_json: bool) -> None:
    supported = sorted(e.value for e in report.supported)
    if as_json:
        json_line(
            {
                "ok": report.ok,
                "authOk": report.auth_ok,
                "latencyMs": report.latency_ms,
                "supported": supported,
                "message": report.message,
            }
        )
        return
    print(printable(report.message))
    if supported:
        print(printable("supports: " + ", ".join(supported)))


class Progress:
    """One status line on stderr: rewritten in place on a terminal, a line per change otherwise."""

    def __init__(self) -> None:
        self.last = ""
        self.tty = sys.stderr.isatty()
        self._health_ok = True

    def update(self, job: JobRecord) -> None:
        pct = f" {job.progress}%" if job.progress is not None else ""
        # The only escape sequence written is our own "\r\033[K"; the line itself is printable.
        line = printable(f"job {job.id} ({job.remote_id or '-'}): {job.status}{pct}")
        if line == self.last:
            return
        self.last = line
        sys.stderr.write(("\r\033[K" + line) if self.tty else line + "\n")
        sys.stderr.flush()

    def note(self, text: str) -> None:
        """A line of its own (e.g. "server not answering"), not overwritten by the next update."""
        if self.tty and self.last:
            sys.stderr.write("\n")
        self.last = ""
        sys.stderr.write(text + "\n")
        sys.stderr.flush()

    def server_health(self, health: ServerHealth) -> None:
        """One line when polling starts failing (not on every retry), one when it works again."""
        was_ok, self._health_ok = self._health_ok, health.ok
        if was_ok == health.ok:
            return
        if health.ok:
            self.note("server answering again")
        elif health.state == "unreadable":
            self.note("server sent an unreadable answer, retrying")
        elif health.state == "unreachable":
            self.note("server not answering, retrying")
        else:
            self.note(f"polling failed ({health.detail}), retrying")

    def done(self) -> None:
        if self.tty and self.last:
            sys.stderr.write("\n")
            sys.stderr.flush()


def estimate(profile: ServerProfile | None, actions: list[str]) -> None:
    """The estimate of what a dry run would send, on stderr, where the profile has prices."""
    from mjdesk.core.costs import format_amount

    if profile is None or not profile.prices or not actions:
        return
    estimate = profile.prices.estimate(actions)
    jobs = "1 job" if estimate.jobs == 1 else f"{estimate.jobs} jobs"
    unpriced = f" (no price for {', '.join(estimate.unpriced)})" if estimate.unpriced else ""
    print(f"estimate: {jobs} ≈ {format_amount(estimate.total, estimate.unit)}{unpriced}", file=sys.stderr)


def print_provenance(p: Provenance, indent: str = "  ") -> None:
    """One labelled line per known field; text from a file goes through printable()."""
    server = f"{p.server} ({p.dialect})" if p.server and p.dialect else p.server
    params = " ".join(f"--{n} {v}".rstrip() for n, v in p.parameters)
    rows = [
        ("made by", {"a1111": "a Stable Diffusion web UI"}.get(p.source, p.software or p.source)),
        ("prompt", p.prompt),
        ("final prompt", p.final_prompt),
        ("parameters", params),
        ("seed", p.seed),
        ("job", p.job_id),
        ("task", p.task_id),
        ("parent job", p.parent_job_id),
        ("parent task", p.parent_task_id),
        ("action", " ".join(x for x in (p.action, p.button) if x)),
        ("image", p.image),
        ("server", server),
        ("author", p.author),
        ("created", p.created),
        ("finished", p.finished),
    ]
    for label, value in rows:
        if value is None or value == "":
            continue
        lines = str(value).splitlines() or [""]
        print(printable(f"{indent}{label}: {lines[0]}"))
        for more in lines[1:]:
            print(printable(f"{indent}  {more}"))
