"""``mjdesk-cli`` records every submit in the library; list, show, export, resume, batch, profiles."""

from __future__ import annotations

import json
from pathlib import Path

from .conftest import KEY, CliHarness

WAIT = ("--wait", "--interval", "0.1", "--timeout", "30")


def _json(run_result: object) -> dict:
    assert run_result.code == 0, run_result.stderr  # type: ignore[attr-defined]
    return json.loads(run_result.stdout)  # type: ignore[attr-defined]


def test_submits_are_in_the_library_with_their_lineage(cli: CliHarness) -> None:
    grid = _json(cli.run("imagine", "an orchard in fog", *WAIT, "--json"))
    upscale = _json(cli.run("action", grid["id"], "U4", *WAIT, "--json"))
    listed = _json(cli.run("list", "--search", "orchard", "--json"))["jobs"]
    assert [j["jobId"] for j in listed[:2]] == [upscale["jobId"], grid["jobId"]]
    assert listed[1]["status"] == "SUCCESS" and len(listed[1]["files"]) >= 5
    shown = _json(cli.run("show", str(upscale["jobId"]), "--json"))
    assert shown["parentJobId"] == grid["jobId"]
    assert {f["kind"] for f in shown["files"]} >= {"upscale"}
    by_task = _json(cli.run("show", grid["id"], "--json"))
    assert by_task["jobId"] == grid["jobId"] and upscale["jobId"] in by_task["children"]


def test_a_refused_submit_is_kept_and_explained(cli: CliHarness) -> None:
    cli.sim.force_next_submit("quota")
    refused = cli.run("imagine", "a quota-limited cat", "--json")
    assert refused.code == 1
    job = json.loads(refused.stdout)
    assert job["submitState"] == "refused" and job["reason"]
    listed = _json(cli.run("list", "--search", "quota-limited", "--json"))["jobs"]
    assert listed[0]["jobId"] == job["jobId"] and listed[0]["submitState"] == "refused"


def test_export_with_a_name_template_and_sidecar(cli: CliHarness, tmp_path: Path) -> None:
    grid = _json(cli.run("imagine", "paper boats on a pond --ar 16:9", *WAIT, "--json"))
    out = _json(
        cli.run("export", str(grid["jobId"]), "--to", str(tmp_path), "--name-template", "{prompt}_{kind}{n}", "--json")
    )
    names = sorted(Path(p).name for p in out["files"])
    assert "paper-boats-on-a-pond_grid.png" in names
    assert {f"paper-boats-on-a-pond_candidate_{i}.png" for i in range(1, 5)} <= set(names) or cli.dialect == "trueai"
    sidecar = json.loads((tmp_path / "paper-boats-on-a-pond_info.json").read_text(encoding="utf-8"))
    assert sidecar["prompt"] == "paper boats on a pond --ar 16:9" and sidecar["task"] == grid["id"]
    bad = cli.run("export", str(grid["jobId"]), "--to", str(tmp_path), "--name-template", "{nope}")
    assert bad.code == 2 and "{nope}" in bad.stderr


def test_resume_finishes_and_downloads_what_was_left_running(cli: CliHarness) -> None:
    started = _json(cli.run("imagine", "a slow sunrise", "--json"))  # no --wait: the CLI exits at once
    assert started["submitState"] == "accepted"
    resumed = cli.run("resume", "--interval", "0.1", "--timeout", "30", "--json")
    assert resumed.code == 0, resumed.stderr
    jobs = {j["jobId"]: j for j in json.loads(resumed.stdout)["jobs"]}
    assert jobs[started["jobId"]]["status"] == "SUCCESS"
    assert all(Path(f).exists() for f in jobs[started["jobId"]]["files"]) and jobs[started["jobId"]]["files"]
    again = cli.run("resume", "--interval", "0.1")
    assert again.code == 0 and "nothing to resume" in again.stderr


def test_batch_submits_each_line_once_even_when_run_again(cli: CliHarness, tmp_path: Path) -> None:
    prompts = tmp_path / "prompts.txt"
    prompts.write_text("# my batch\nred kite\n\nblue kite\ngreen kite --ar 2:3\nforbiddenword kite\n", encoding="utf-8")
    before = cli.submits("imagine")
    first = cli.run(
        "batch", str(prompts), "--concurrency", "2", "--interval", "0.1", "--json", "--download", str(tmp_path / "out")
    )
    assert first.code == 1  # the banned line fails; the others succeed
    jobs = json.loads(first.stdout)["jobs"]
    assert [j.get("status") for j in jobs[:3]] == ["SUCCESS"] * 3
    assert cli.submits("imagine") - before == 4
    assert len(list((tmp_path / "out").iterdir())) >= 3
    second = cli.run("batch", str(prompts), "--interval", "0.1", "--json")
    assert second.code == 1
    assert cli.submits("imagine") - before == 4, "a second run must not submit the same lines again"


def test_saved_profile_with_key_in_the_keychain(cli: CliHarness, tmp_path: Path) -> None:
    keyring_file = tmp_path / "keychain.json"  # outside the home folder
    env = {
        "PYTHON_KEYRING_BACKEND": "tests.support.file_keyring.FileKeyring",
        "MJDESK_TEST_KEYRING": str(keyring_file),
        "MJDESK_API_KEY": "",
        "MJDESK_BASE_URL": "",
    }
    import subprocess
    import sys

    from .conftest import ROOT

    add = subprocess.run(
        [
            sys.executable,
            "-m",
            "mjdesk.cli",
            "profile",
            "add",
            "studio",
            "--base-url",
            cli.sim.base_url,
            "--dialect",
            cli.dialect,
            "--default",
            "--key-stdin",
        ],
        input=KEY + "\n",
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=cli.env(**env),
        timeout=60,
    )
    assert add.returncode == 0, add.stderr
    listed = cli.run("profile", "list", "--json", **env)
    assert any(p["name"] == "studio" and p["default"] for p in json.loads(listed.stdout)["profiles"])
    run = cli.run("--profile", "studio", "imagine", "a keyed lighthouse", *WAIT, "--json", **env)
    assert run.code == 0, run.stderr
    for path in cli.home.rglob("*"):
        if path.is_file():
            assert KEY.encode() not in path.read_bytes(), f"the key leaked into {path}"
    missing = cli.run("--profile", "nope", "imagine", "x", **env)
    assert missing.code == 2 and "studio" in missing.stderr
    removed = cli.run("profile", "remove", "studio", **env)
    assert removed.code == 0 and KEY not in keyring_file.read_text(encoding="utf-8")


def test_a_batch_line_with_choices_expands_into_its_jobs(cli: CliHarness, tmp_path: Path) -> None:
    prompts = tmp_path / "matrix.txt"
    prompts.write_text("a {red, blue} kite --s {50, 250}\nplain kite --repeat 2\n", encoding="utf-8")
    before = cli.submits("imagine")
    dry = cli.run("batch", str(prompts), "--dry-run", "--json")
    assert dry.code == 0, dry.stderr
    lines = [json.loads(line) for line in dry.stdout.splitlines()]
    assert [(d["line"], d["prompt"]) for d in lines] == [
        (1, "a red kite --s 50"),
        (1, "a red kite --s 250"),
        (1, "a blue kite --s 50"),
        (1, "a blue kite --s 250"),
        (2, "plain kite"),
        (2, "plain kite"),
    ]
    assert all(d["body"]["prompt"].startswith(d["prompt"]) for d in lines)
    assert cli.submits("imagine") == before  # a dry run sends nothing
    run = cli.run("batch", str(prompts), "--interval", "0.1", "--json")
    assert run.code == 0, run.stderr
    assert cli.submits("imagine") - before == 6
    again = cli.run("batch", str(prompts), "--interval", "0.1", "--json")
    assert again.code == 0 and cli.submits("imagine") - before == 6  # every expansion is resumable
    broken = tmp_path / "broken.txt"
    broken.write_text("fine kite\na {red, blue kite\n", encoding="utf-8")
    refused = cli.run("batch", str(broken))
    assert refused.code == 2 and "line 2:" in refused.stderr and "never closed" in refused.stderr
    assert cli.submits("imagine") - before == 6  # nothing of that file was sent


def test_rate_reject_and_list_by_rating(cli: CliHarness) -> None:
    keep = _json(cli.run("imagine", "culling a marsh heron", "--json"))
    cull = _json(cli.run("imagine", "culling a blurry heron", "--json"))
    rated = _json(cli.run("rate", str(keep["jobId"]), cull["id"], "4", "--json"))["jobs"]
    assert [j["rating"] for j in rated] == [4, 4]
    assert _json(cli.run("reject", str(cull["jobId"]), "--json"))["jobs"][0]["rejected"] is True

    def listed(*extra: str) -> list[int]:
        return [j["jobId"] for j in _json(cli.run("list", "--search", "culling", *extra, "--json"))["jobs"]]

    assert listed("--rejected", "hide") == [keep["jobId"]]
    assert listed("--rejected", "only") == [cull["jobId"]]
    assert listed("--min-rating", "4") == [cull["jobId"], keep["jobId"]]
    assert listed("--min-rating", "5") == []
    text = cli.run("list", "--search", "culling")
    assert "rejected" in text.stdout and "****" in text.stdout
    cli.run("reject", str(cull["jobId"]), "--undo")
    assert listed("--rejected", "hide") == [cull["jobId"], keep["jobId"]]
    bad = cli.run("rate", str(keep["jobId"]), "6")
    assert bad.code == 2 and "0 to 5" in bad.stderr
