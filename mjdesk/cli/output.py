"""What the CLI prints: one JSON object on stdout with --json, readable lines otherwise.

Progress goes to stderr so stdout stays parseable.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mjdesk.core.api import ConnectionReport, SubmitResult, Task
    from mjdesk.core.imaging import PreparedImage


def _json(obj: Any) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")


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
    shown = dict(preview)
    if "body" in shown:
        shown["body"] = _abbreviate(shown["body"])
    shown["images"] = [img.to_summary() for img in images]
    if as_json:
        _json(shown)
        return
    print(f"{shown.get('method', 'POST')} {shown.get('url', shown.get('path', ''))}")
    print(json.dumps(shown.get("body"), ensure_ascii=False, indent=2))
    for img in images:
        scaled = " (scaled)" if img.scaled else ""
        print(f"  {img.name}: {img.width}x{img.height} {img.format} {img.encoded_size} bytes{scaled}")


def submitted(result: SubmitResult, *, as_json: bool) -> None:
    if as_json:
        _json(_result_json(result))
        return
    print(_result_line(result))


def submitted_note(result: SubmitResult) -> None:
    print(_result_line(result), file=sys.stderr)


def _result_line(result: SubmitResult) -> str:
    if result.modal_required:
        return f"task {result.task_id} waits for its modal (code 21)"
    if result.queued and result.queue_position is not None:
        return f"task {result.task_id} queued ({result.queue_position} ahead)"
    ids = ", ".join(result.task_ids) or "-"
    return f"submitted: task {ids}"


def _result_json(result: SubmitResult) -> dict[str, Any]:
    return {
        "code": int(result.code),
        "description": result.description,
        "result": result.result_raw,
        "properties": result.properties,
        "taskIds": result.task_ids,
    }


def uploaded(result: SubmitResult, *, as_json: bool) -> None:
    if as_json:
        _json({"urls": result.urls, **_result_json(result)})
        return
    for url in result.urls:
        print(url)


def final_task(task: Task, saved: Sequence[Path], *, as_json: bool) -> None:
    if as_json:
        obj = dict(task.raw)
        if saved:
            obj["savedFiles"] = [str(p) for p in saved]
        _json(obj)
        return
    _print_task(task)
    for p in saved:
        print(f"  saved {p}")


def tasks(items: Iterable[Task], *, as_json: bool) -> None:
    items = list(items)
    if as_json:
        _json(items[0].raw if len(items) == 1 else {"tasks": [t.raw for t in items]})
        return
    for t in items:
        _print_task(t)


def _print_task(task: Task) -> None:
    progress = f" {task.progress}%" if task.progress is not None and not task.is_terminal else ""
    print(f"{task.id}  {task.action_raw or task.action.value}  {task.status.value}{progress}")
    if task.fail_reason:
        print(f"  failed: {task.fail_reason}")
    if task.final_prompt and task.action.value in ("DESCRIBE", "SHORTEN"):
        print("  " + task.final_prompt.strip().replace("\n", "\n  "))
    elif task.prompt:
        print(f"  prompt: {task.prompt}")
    if task.image_url:
        print(f"  image: {task.image_url}")
    for url in task.video_urls or ([task.video_url] if task.video_url else []):
        print(f"  video: {url}")
    if task.buttons:
        labels = [b.label or b.emoji or b.custom_id for b in task.buttons]
        print("  buttons: " + " | ".join(labels))


def value(name: str, val: str, *, as_json: bool) -> None:
    if as_json:
        _json({name: val})
    else:
        print(val)


def connection_report(report: ConnectionReport, *, as_json: bool) -> None:
    supported = sorted(e.value for e in report.supported)
    if as_json:
        _json({"ok": report.ok, "authOk": report.auth_ok, "latencyMs": report.latency_ms,
               "supported": supported, "message": report.message})
        return
    print(report.message)
    if supported:
        print("supports: " + ", ".join(supported))


class Progress:
    """One status line on stderr: rewritten in place on a terminal, a line per change otherwise."""

    def __init__(self, task_id: str) -> None:
        self.task_id = task_id
        self.last = ""
        self.tty = sys.stderr.isatty()

    def update(self, task: Task) -> None:
        pct = f" {task.progress}%" if task.progress is not None else ""
        line = f"{self.task_id}: {task.status.value}{pct}"
        if line == self.last:
            return
        self.last = line
        if self.tty:
            sys.stderr.write("\r\033[K" + line)
        else:
            sys.stderr.write(line + "\n")
        sys.stderr.flush()

    def done(self) -> None:
        if self.tty and self.last:
            sys.stderr.write("\n")
            sys.stderr.flush()
