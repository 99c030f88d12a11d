"""``mjdesk-cli`` as a real subprocess against the hostile server: it never shows a traceback, never
trusts a number it is given, never prints server text raw, and stops at once on a refused key."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.hostile import raw
from tests.support.hostile_cli import ROOT, HostileCli, one_line


def _finished_job(hcli: HostileCli) -> None:
    out = hcli.run("imagine", "a lighthouse", "--wait", "--interval", "0.5", "--timeout", "30")
    assert out.code == 0, out.stderr


# -- 1. numbers ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "option"),
    [
        (("imagine", "a cat", "--wait", "--interval", "nan"), "--interval"),
        (("imagine", "a cat", "--wait", "--interval", "1e-9"), "--interval"),
        (("imagine", "a cat", "--wait", "--interval", "inf"), "--interval"),
        (("imagine", "a cat", "--wait", "--timeout", "-1"), "--timeout"),
        (("imagine", "a cat", "--wait", "--timeout", "nan"), "--timeout"),
        (("imagine", "a cat", "--wait", "--timeout", "0"), "--timeout"),
        (("describe", "x.png", "--wait", "--interval", "-2"), "--interval"),
        (("resume", "--timeout", "-1"), "--timeout"),
        (("resume", "--interval", "nan"), "--interval"),
        (("batch", "p.txt", "--concurrency", "0"), "--concurrency"),
        (("batch", "p.txt", "--concurrency", "1e9"), "--concurrency"),
        (("batch", "p.txt", "--timeout", "inf"), "--timeout"),
        (("list", "--limit", "1e20"), "--limit"),
        (("list", "--limit", "0"), "--limit"),
        (("list", "--limit", "100001"), "--limit"),
        (("serve-sim", "--port", "70000"), "--port"),
        (("serve-sim", "--speed", "nan"), "--speed"),
        (("demo", "--speed", "-1"), "--speed"),
        (("video", "--from", "h1", "--index", "99"), "--index"),
    ],
)
def test_a_bad_number_exits_2_with_one_line_naming_the_option_and_range(
    hcli: HostileCli, argv: tuple[str, ...], option: str
) -> None:
    line = one_line(hcli.run(*argv), 2)
    assert option in line
    assert re.search(r"\d+(\.\d+)?\s*(…|\.\.\.|-|to)\s*\d", line), line  # the allowed range
    assert hcli.server.requests == []  # nothing was sent, least of all a busy poll


def test_good_numbers_still_work(hcli: HostileCli) -> None:
    out = hcli.run("imagine", "a cat", "--wait", "--interval", "0.5", "--timeout", "30", "--json")
    assert out.code == 0, out.stderr
    assert json.loads(out.stdout)["status"] == "SUCCESS"
    assert hcli.run("list", "--limit", "100000").code == 0


# -- 2. no "internal error" ------------------------------------------------------------------------


def test_download_to_a_file_is_refused_before_anything_is_submitted(hcli: HostileCli, tmp_path: Path) -> None:
    target = tmp_path / "a-file"
    target.write_text("keep me")
    line = one_line(hcli.run("imagine", "a cat", "--wait", "--download", str(target)), 2)
    assert "--download" in line and "not a folder" in line
    assert hcli.server.seen("/submit/imagine") == []
    assert target.read_text() == "keep me"


def test_export_to_a_file_exits_2(hcli: HostileCli, tmp_path: Path) -> None:
    _finished_job(hcli)
    target = tmp_path / "a-file"
    target.write_text("keep me")
    line = one_line(hcli.run("export", "1", "--to", str(target)), 2)
    assert "--to" in line and "not a folder" in line
    assert target.read_text() == "keep me"


@pytest.mark.parametrize("template", ["{n:99999999999999999999}", "{prompt:>5000}"])
def test_a_huge_width_in_a_name_template_exits_2(hcli: HostileCli, tmp_path: Path, template: str) -> None:
    _finished_job(hcli)
    line = one_line(hcli.run("export", "1", "--to", str(tmp_path / "out"), "--name-template", template), 2)
    assert "template" in line


def test_profile_add_with_an_empty_name_exits_2(hcli: HostileCli) -> None:
    line = one_line(hcli.run("profile", "add", "", "--base-url", "http://127.0.0.1:9"), 2)
    assert "name" in line


def test_a_malformed_base_url_exits_2(hcli: HostileCli) -> None:
    line = one_line(hcli.run("imagine", "a cat", "--base-url", "http://[::1"), 2)
    assert "http://[::1" in line


def test_a_home_that_is_a_file_exits_2(hcli: HostileCli, tmp_path: Path) -> None:
    home = tmp_path / "home-file"
    home.write_text("not a folder")
    line = one_line(hcli.run("list", "--home", str(home)), 2)
    assert "not a folder" in line
    assert home.read_text() == "not a folder"
    line = one_line(hcli.run("imagine", "a cat", MJDESK_HOME=str(home)), 2)
    assert hcli.server.seen("/submit/imagine") == []


def test_a_batch_file_whose_name_is_not_utf8(hcli: HostileCli, tmp_path: Path) -> None:
    name = os.fsencode(tmp_path) + b"/prompts-\xff.txt"
    missing = one_line(hcli.run("batch", name), 2)
    assert "prompts-" in missing
    with open(name, "w", encoding="utf-8") as fh:
        fh.write("a cat\n")
    out = hcli.run("batch", name, "--interval", "0.5", "--timeout", "30")
    assert out.code == 0, out.stderr
    assert "Traceback" not in out.stderr


def test_list_into_a_closed_pipe_exits_quietly(hcli: HostileCli) -> None:
    for _ in range(3):
        assert hcli.run("imagine", "a cat").code == 0
    proc = subprocess.Popen(
        [sys.executable, "-m", "mjdesk.cli", "list"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
        env=hcli.env(),
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # like `| head -0`: the reader is gone before the first line
    err = proc.stderr.read()
    proc.stderr.close()
    assert proc.wait(timeout=60) != 0
    assert err == b""


# -- 3. server text on the terminal ----------------------------------------------------------------

EVIL = "\x1b]0;pwned\x07\x1b[2J\x1b[31mred\rCR\x00NUL\u202eevil\u2066iso\u2069\x85\x9b31m\x7fdel\u200ftail"
CONTROLS = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def _evil_task(hcli: HostileCli, task_id: str = "h1", **extra: object) -> None:
    task = hcli.server.success_task(task_id, **{"prompt": EVIL, **extra})
    task["buttons"] = [{"customId": "MJ::JOB::upsample::1::x", "label": "U1" + EVIL, "emoji": "", "style": 2}]
    hcli.server.task(task_id, task)


def test_fetch_prints_no_control_character_from_the_server(hcli: HostileCli) -> None:
    _evil_task(hcli, status="FAILURE", failReason=EVIL, action=EVIL)
    out = hcli.run("fetch", "h1")
    assert "Traceback" not in out.stderr
    assert not CONTROLS.search(out.stdout.replace("\n", "")), repr(out.stdout)
    assert "red" in out.stdout and "evil" in out.stdout  # escaped, not lost


def test_json_output_escapes_controls_but_keeps_the_text(hcli: HostileCli) -> None:
    _evil_task(hcli)
    out = hcli.run("fetch", "h1", "--json")
    assert out.code == 0, out.stderr
    assert not CONTROLS.search(out.stdout.rstrip("\n")), repr(out.stdout)
    # Everything but the NUL, which server text loses on the way in (it cannot be stored).
    assert json.loads(out.stdout)["prompt"] == EVIL.replace("\x00", "")


def test_a_lone_surrogate_from_the_server_does_not_crash_the_output(hcli: HostileCli) -> None:
    hcli.server.task(
        "h1",
        b'{"id":"h1","action":"IMAGINE","status":"IN_PROGRESS","progress":"5%",'
        b'"prompt":"a \\ud800 cat","failReason":"","buttons":[]}',
    )
    for argv in (("fetch", "h1"), ("fetch", "h1", "--json")):
        out = hcli.run(*argv)
        assert out.code == 0, out.stderr
        assert "cat" in out.stdout and "Traceback" not in out.stderr


def test_wait_progress_and_result_lines_are_printable(hcli: HostileCli) -> None:
    hcli.server.new_task = lambda task_id, base: {
        **hcli.server.success_task(task_id, prompt=EVIL),
        "status": "FAILURE",
        "failReason": EVIL,
    }
    out = hcli.run("imagine", "a cat", "--wait", "--interval", "0.5", "--timeout", "30")
    assert out.code == 1, out.stderr
    assert not CONTROLS.search(out.stdout.replace("\n", "")), repr(out.stdout)
    assert not CONTROLS.search(out.stderr.replace("\n", "")), repr(out.stderr)


def test_batch_lines_are_printable(hcli: HostileCli, tmp_path: Path) -> None:
    hcli.server.new_task = lambda task_id, base: {
        **hcli.server.success_task(task_id, prompt=EVIL),
        "status": "FAILURE",
        "failReason": EVIL,
    }
    prompts = tmp_path / "prompts.txt"
    prompts.write_text("a cat\na dog\n", encoding="utf-8")
    out = hcli.run("batch", str(prompts), "--interval", "0.5", "--timeout", "30")
    assert out.code == 1, out.stderr
    assert "line 1: job" in out.stderr
    assert not CONTROLS.search(out.stdout.replace("\n", "")), repr(out.stdout)
    assert not CONTROLS.search(out.stderr.replace("\n", "")), repr(out.stderr)


def test_a_refused_submit_message_is_printable(hcli: HostileCli) -> None:
    hcli.server.route(
        "POST", "/mj/submit/imagine", raw(200, json.dumps({"code": 4, "description": EVIL, "result": None}))
    )
    out = hcli.run("imagine", "a cat")
    line = one_line(out, out.code)
    assert out.code != 0
    assert not CONTROLS.search(line), repr(line)


def test_list_and_show_print_a_hostile_task_id_escaped(hcli: HostileCli) -> None:
    evil_id = "h\x1b]0;pwned\x07\u202e1"
    hcli.server.next_ids = iter([evil_id])
    hcli.server.task(evil_id, {**hcli.server.success_task("h1"), "id": evil_id, "status": "IN_PROGRESS"})
    assert hcli.run("imagine", "a cat").code == 0
    for argv in (("list",), ("show", "1")):
        out = hcli.run(*argv)
        assert out.code == 0, out.stderr
        assert "\\x1b]0;pwned" in out.stdout
        assert not CONTROLS.search(out.stdout.replace("\n", "")), repr(out.stdout)


# -- 4. a refused key stops at once ----------------------------------------------------------------


def _running_job(hcli: HostileCli) -> None:
    hcli.server.new_task = lambda task_id, base: {
        "id": task_id,
        "action": "IMAGINE",
        "status": "IN_PROGRESS",
        "progress": "10%",
        "prompt": "a cat",
        "failReason": "",
        "submitTime": 1_700_000_000_000,
        "buttons": [],
    }
    assert hcli.run("imagine", "a cat").code == 0


def test_resume_without_a_key_exits_4_at_once(hcli: HostileCli) -> None:
    _running_job(hcli)
    out = hcli.run("resume", key=None, timeout=30)
    line = one_line(out, 4)
    assert "key" in line.lower()
    assert out.seconds < 15


def test_resume_stops_with_exit_4_on_a_401(hcli: HostileCli) -> None:
    _running_job(hcli)
    refused = raw(401, b'{"code":401,"description":"invalid token"}')
    hcli.server.route("POST", "/mj/task/list-by-condition", refused)
    hcli.server.route("GET", "/mj/task/h1/fetch", refused)
    out = hcli.run("resume", "--interval", "0.5", timeout=30)
    assert out.code == 4, out.stderr
    assert "Traceback" not in out.stderr
    assert out.stderr.strip().splitlines() == ["resuming 1 job(s)", out.stderr.strip().splitlines()[-1]]
    assert "key" in out.stderr.strip().splitlines()[-1].lower()
    assert out.seconds < 15


def test_wait_stops_with_exit_4_on_a_401_during_polling(hcli: HostileCli) -> None:
    _running_job(hcli)
    hcli.server.next_ids = iter(["h2"])
    refused = raw(401, b'{"code":401,"description":"invalid token"}')
    hcli.server.route("POST", "/mj/task/list-by-condition", refused)
    hcli.server.route("GET", "/mj/task/h2/fetch", refused)
    out = hcli.run("imagine", "a dog", "--wait", "--interval", "0.5", timeout=30)
    assert out.code == 4, out.stderr
    assert "Traceback" not in out.stderr
    assert out.stderr.strip().splitlines()[-1].startswith("mjdesk-cli:")
    assert "key" in out.stderr.strip().splitlines()[-1].lower()
    assert out.seconds < 15
    assert len(hcli.server.seen("/submit/imagine")) == 2  # never re-submitted
