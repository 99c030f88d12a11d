"""``mjdesk-cli --json list`` names each follow-up by what it is (UPSCALE, VARIATION, REROLL, ZOOM,
PAN), with its family's prompt, on every dialect."""

from __future__ import annotations

import json

from .conftest import CliHarness

WAIT = ("--wait", "--interval", "0.1", "--timeout", "30")
PROMPT = "a kite over dunes --ar 3:2 --stylize 250"


def _json(run_result: object) -> dict:
    assert run_result.code == 0, run_result.stderr  # type: ignore[attr-defined]
    return json.loads(run_result.stdout)  # type: ignore[attr-defined]


def test_list_shows_follow_ups_by_their_real_action(cli: CliHarness) -> None:
    grid = _json(cli.run("imagine", PROMPT, *WAIT, "--json"))
    u2 = _json(cli.run("action", grid["id"], "U2", *WAIT, "--json"))
    pressed = {
        "U2": u2["jobId"],
        "V1": _json(cli.run("action", grid["id"], "V1", *WAIT, "--json"))["jobId"],
        "🔄": _json(cli.run("action", grid["id"], "🔄", *WAIT, "--json"))["jobId"],
        "Zoom Out 2x": _json(cli.run("action", u2["id"], "Zoom Out 2x", *WAIT, "--json"))["jobId"],
        "⬅️": _json(cli.run("action", u2["id"], "⬅️", *WAIT, "--json"))["jobId"],
    }
    listed = {j["jobId"]: j for j in _json(cli.run("list", "--search", "kite", "--json"))["jobs"]}
    actions = {button: listed[job_id]["action"] for button, job_id in pressed.items()}
    assert actions == {"U2": "UPSCALE", "V1": "VARIATION", "🔄": "REROLL", "Zoom Out 2x": "ZOOM", "⬅️": "PAN"}
    assert all(listed[job_id]["prompt"] == PROMPT for job_id in pressed.values())
    assert listed[grid["jobId"]]["action"] == "IMAGINE"
