"""mjdesk-cli against a hostile server: what main's hostile CLI tests did not cover yet."""

from __future__ import annotations

import sqlite3

import pytest

from tests.support.hostile import json_answer, raw
from tests.support.hostile_cli import HostileCli, one_line

KEY = "sk-hostile-cli-0123456789"


@pytest.mark.parametrize("via", ["env", "flag"])
def test_refusing_an_address_with_a_key_in_it_does_not_print_the_key(hcli: HostileCli, via: str) -> None:
    url = "http://sk-abc123@127.0.0.1:1"
    run = hcli.run("fetch", "h1", MJDESK_BASE_URL=url) if via == "env" else hcli.run("--base-url", url, "fetch", "h1")
    line = one_line(run, 2)
    assert "@" in line and "sk-abc123" not in line and "sk-abc123" not in run.stdout


def test_a_key_echoed_by_the_server_is_neither_printed_nor_stored(hcli: HostileCli) -> None:
    hcli.server.new_task = lambda task_id, base: {
        "id": task_id,
        "action": "IMAGINE",
        "status": "FAILURE",
        "prompt": "a cat",
        "failReason": f"bad key {KEY}",
        "properties": {"nested": {"deep": [KEY]}},
    }
    for argv in (("imagine", "a cat", "--wait", "--json"), ("fetch", "h1", "--json"), ("fetch", "h1")):
        run = hcli.run(*argv, key=KEY)
        assert KEY not in run.stdout and KEY not in run.stderr
    for path in hcli.home.rglob("*"):
        if path.is_file():
            assert KEY.encode() not in path.read_bytes(), path


@pytest.mark.parametrize(
    "answer, code, state",
    [
        (json_answer({"code": 4, "description": "invalid parameter"}), 2, "refused"),
        # "Success" without a usable task id: may be running there, so unknown (3), never "refused".
        (json_answer({"code": 1, "result": {"a": [{"b": 1}]}}), 3, "unknown"),
        (raw(200, b'{"code":1,"result":' + b'{"a":[' * 50_000), 1, "refused"),
    ],
)
def test_odd_submit_answers_exit_with_their_state(hcli: HostileCli, answer: object, code: int, state: str) -> None:
    hcli.server.route("POST", "/mj/submit/imagine", answer)  # type: ignore[arg-type]
    run = hcli.run("imagine", "a cat", "--json")
    assert run.code == code, run.stderr
    assert "Traceback" not in run.stderr
    with sqlite3.connect(next(hcli.home.rglob("*.sqlite3"))) as db:
        assert [row[0] for row in db.execute("SELECT submit_state FROM jobs")] == [state]
    assert len(hcli.server.seen("/submit/imagine")) == 1
