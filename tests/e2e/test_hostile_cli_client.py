"""mjdesk-cli against a hostile server: refused URLs, insecure transport, echoed keys, odd answers, bad results."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.support.hostile import HostileServer, json_answer, raw

ROOT = Path(__file__).resolve().parents[2]
KEY = "sk-hostile-cli-0123456789"


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str


def cli(home: Path, base_url: str, *argv: str, timeout: float = 60) -> Run:
    env = dict(os.environ, MJDESK_BASE_URL=base_url, MJDESK_API_KEY=KEY, MJDESK_DIALECT="midjourney-proxy",
               MJDESK_HOME=str(home))
    proc = subprocess.run([sys.executable, "-m", "mjdesk.cli", *argv], capture_output=True, text=True,
                          env=env, cwd=ROOT, timeout=timeout)
    return Run(proc.returncode, proc.stdout, proc.stderr)


def _one_line_error(run: Run) -> str:
    lines = [line for line in run.stderr.splitlines() if line.startswith("mjdesk-cli:")]
    assert len(lines) == 1 and "Traceback" not in run.stderr, run.stderr
    return lines[0]


@pytest.mark.parametrize("url", ["http://sk-abc123@127.0.0.1:1", "http://127.0.0.1:99999"])
def test_a_base_url_with_userinfo_or_a_bad_port_is_refused_and_not_saved(tmp_path: Path, url: str) -> None:
    run = cli(tmp_path, url, "fetch", "h1")
    assert run.code == 2
    line = _one_line_error(run)
    assert "sk-abc123" not in line
    for path in tmp_path.rglob("*"):
        if path.is_file():
            assert b"sk-abc123" not in path.read_bytes()


def test_plain_http_to_a_remote_host_warns_once_on_stderr(tmp_path: Path) -> None:
    # 192.0.2.1 (TEST-NET) is never reachable: the run fails, but the warning comes first.
    run = cli(tmp_path, "http://192.0.2.1:9", "fetch", "h1", "--json", timeout=120)
    warnings = [line for line in run.stderr.splitlines() if "unencrypted" in line]
    assert len(warnings) == 1 and "192.0.2.1" in warnings[0]


def test_plain_http_to_loopback_does_not_warn(tmp_path: Path, hostile: HostileServer) -> None:
    hostile.task("h1", hostile.success_task("h1"))
    run = cli(tmp_path, hostile.base_url, "fetch", "h1")
    assert run.code == 0 and "unencrypted" not in run.stderr


def test_a_key_echoed_by_the_server_is_neither_printed_nor_stored(tmp_path: Path, hostile: HostileServer) -> None:
    hostile.new_task = lambda task_id, base: {
        "id": task_id, "action": "IMAGINE", "status": "FAILURE", "prompt": "a cat",
        "failReason": f"bad key {KEY}", "properties": {"nested": {"deep": [KEY]}},
    }
    for argv in (("imagine", "a cat", "--wait", "--json"), ("fetch", "h1", "--json"), ("fetch", "h1")):
        run = cli(tmp_path, hostile.base_url, *argv)
        assert KEY not in run.stdout and KEY not in run.stderr
    assert run.code in (0, 1)
    for path in tmp_path.rglob("*"):
        if path.is_file():
            assert KEY.encode() not in path.read_bytes(), path


@pytest.mark.parametrize("answer, code", [
    (json_answer({"code": 4, "description": "invalid parameter"}), 2),
    (json_answer({"code": 1, "result": {"a": [{"b": 1}]}}), 3),
    (raw(200, b'{"code":1,"result":' + b'{"a":[' * 50_000), 1),
])
def test_odd_submit_answers_exit_with_their_state(tmp_path: Path, hostile: HostileServer,
                                                  answer: object, code: int) -> None:
    hostile.route("POST", "/mj/submit/imagine", answer)  # type: ignore[arg-type]
    # (A dribbled answer is covered in tests/core/hardening: the CLI's 60 s submit deadline is too slow here.)
    run = cli(tmp_path, hostile.base_url, "imagine", "a cat", "--json", "--timeout", "30")
    assert run.code == code, run.stderr
    assert "Traceback" not in run.stderr
    with sqlite3.connect(next(tmp_path.rglob("*.sqlite*"))) as db:
        states = [row[0] for row in db.execute("SELECT submit_state FROM jobs")]
    assert states and "sending" not in states
    assert len(hostile.seen("/submit/imagine")) == 1


def test_download_of_a_result_that_is_not_an_image_says_so_and_exits_1(
        tmp_path: Path, hostile: HostileServer) -> None:
    hostile.image("bad.png", raw(200, b"<html><title>Login</title></html>", "text/html"))
    hostile.new_task = lambda task_id, base: hostile.success_task(task_id, image="bad.png")
    out = tmp_path / "out"
    run = cli(tmp_path / "home", hostile.base_url, "imagine", "a cat", "--wait", "--download", str(out))
    assert run.code == 1
    line = _one_line_error(run)
    assert "not an image" in line
    assert not any(out.glob("*")) if out.exists() else True
