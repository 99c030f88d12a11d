"""``mjdesk-cli`` against the simulator of each dialect: flows, outputs and the documented exit codes."""

from __future__ import annotations

import base64
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from .conftest import KEY, ROOT, CliHarness

WAIT = ("--wait", "--interval", "0.1", "--timeout", "30")


def _photo(path: Path, colour: tuple[int, int, int]) -> Path:
    img = Image.new("RGB", (512, 384), colour)
    ImageDraw.Draw(img).ellipse((100, 60, 400, 330), fill=(250, 250, 250))
    img.save(path)
    return path


def _one_line_error(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr
    return lines[0]


def _decoded(path: Path) -> Image.Image:
    with Image.open(path) as im:
        im.load()
        return im.copy()


def test_imagine_wait_download_gives_grid_and_quadrants(cli: CliHarness, tmp_path: Path) -> None:
    out = cli.run("imagine", "a lighthouse at dawn --ar 3:2", *WAIT, "--download", str(tmp_path), "--json")
    assert out.code == 0, out.stderr
    task = json.loads(out.stdout)
    assert task["status"] == "SUCCESS"
    saved = [Path(p) for p in task["savedFiles"]]
    grid = _decoded(saved[0])
    quads = [_decoded(p) for p in saved[1:5]]
    assert len(quads) == 4
    if task.get("imageUrls"):  # trueai: the four candidates come individually, at full size
        assert all(q.width > grid.width // 2 for q in quads)
    else:  # split from the grid, losslessly
        assert sum(q.width for q in quads[:2]) == grid.width
        assert sum(q.height for q in (quads[0], quads[2])) == grid.height
    # four different candidates, not four copies
    assert len({q.tobytes() for q in quads}) == 4
    assert cli.submits("imagine") >= 1


def _upscale_and_mask(
    cli: CliHarness, tmp_path: Path, prompt: str, button: str, fraction: tuple[float, float]
) -> tuple[dict, int, int]:
    """Imagine, press ``button`` (U1-U4), and paint a mask of the upscale's exact size whose top-left
    ``fraction`` (of width, height) is white; returns the upscale task and its size."""
    grid = json.loads(cli.run("imagine", prompt, *WAIT, "--json").stdout)
    up = cli.run("action", grid["id"], button, *WAIT, "--download", str(tmp_path), "--json")
    assert up.code == 0, up.stderr
    upscale = json.loads(up.stdout)
    width, height = _decoded(Path(upscale["savedFiles"][0])).size
    mask = Image.new("L", (width, height), 0)
    ImageDraw.Draw(mask).rectangle((0, 0, int(width * fraction[0]) - 1, int(height * fraction[1]) - 1), fill=255)
    mask.save(tmp_path / "mask.png")
    return upscale, width, height


def test_upscale_then_vary_region_sends_a_mask_of_the_image_size(cli: CliHarness, tmp_path: Path) -> None:
    upscale, width, height = _upscale_and_mask(cli, tmp_path, "a red fox", "U2", (0.5, 1.0))  # left half
    before = len(cli.sim.masks)
    vary = cli.run(
        "action",
        upscale["id"],
        "Vary (Region)",
        "--mask",
        str(tmp_path / "mask.png"),
        "--prompt",
        "a blue fox",
        *WAIT,
        "--json",
    )
    assert vary.code == 0, vary.stderr
    assert json.loads(vary.stdout)["status"] == "SUCCESS"
    received = cli.sim.masks[before:]
    assert len(received) == 1
    assert (received[0].width, received[0].height) == (width, height)
    assert received[0].white_fraction == pytest.approx(0.5, abs=0.01)


def test_custom_zoom_and_its_validation(cli: CliHarness) -> None:
    grid = json.loads(cli.run("imagine", "a quiet harbour", *WAIT, "--json").stdout)
    upscale = json.loads(cli.run("action", grid["id"], "U1", *WAIT, "--json").stdout)
    actions_before = cli.submits("action")
    bad = cli.run("action", upscale["id"], "Custom Zoom", "--prompt", "a quiet harbour --zoom 3")
    assert bad.code == 2
    assert "--zoom between 1 and 2" in _one_line_error(bad.stderr)
    assert cli.submits("action") == actions_before, "an invalid modal must not press the button"
    good = cli.run("action", upscale["id"], "Custom Zoom", "--prompt", "a quiet harbour --zoom 1.5", *WAIT, "--json")
    assert good.code == 0, good.stderr
    assert json.loads(good.stdout)["status"] == "SUCCESS"


def test_vary_region_mask_problems_are_bad_input_and_press_nothing(cli: CliHarness, tmp_path: Path) -> None:
    grid = json.loads(cli.run("imagine", "a tree", *WAIT, "--json").stdout)
    upscale = json.loads(cli.run("action", grid["id"], "U3", *WAIT, "--json").stdout)
    actions_before = cli.submits("action")
    missing = cli.run("action", upscale["id"], "Vary (Region)")
    assert missing.code == 2 and "--mask" in _one_line_error(missing.stderr)
    Image.new("L", (10, 10), 255).save(tmp_path / "small.png")
    wrong = cli.run("action", upscale["id"], "Vary (Region)", "--mask", str(tmp_path / "small.png"))
    assert wrong.code == 2 and "10x10" in _one_line_error(wrong.stderr)
    unknown = cli.run("action", upscale["id"], "U9")
    assert unknown.code == 2 and "no button 'U9'" in _one_line_error(unknown.stderr)
    assert cli.submits("action") == actions_before


def test_describe_blend_shorten_swap_upload(cli: CliHarness, tmp_path: Path) -> None:
    a, b = _photo(tmp_path / "a.png", (200, 40, 40)), _photo(tmp_path / "b.jpg", (40, 40, 200))
    described = cli.run("describe", str(a), *WAIT, "--json")
    assert described.code == 0, described.stderr
    assert "1️⃣" in json.loads(described.stdout)["properties"]["finalPrompt"] or cli.dialect == "trueai"
    for argv in (
        ("blend", str(a), str(b)),
        ("shorten", "a very detailed painting of a cat"),
        ("swap-face", str(a), str(b)),
    ):
        run = cli.run(*argv, *WAIT, "--json")
        assert run.code == 0, (argv, run.stderr)
        assert json.loads(run.stdout)["status"] == "SUCCESS", argv
    uploaded = cli.run("upload", str(a), str(b), "--json")
    assert uploaded.code == 0, uploaded.stderr
    urls = json.loads(uploaded.stdout)["urls"]
    assert len(urls) == 2 and all(u.startswith("http") for u in urls)


def test_video_where_offered(cli: CliHarness, tmp_path: Path) -> None:
    start = _photo(tmp_path / "start.png", (10, 120, 60))
    run = cli.run("video", "waves", "--image", str(start), *WAIT, "--download", str(tmp_path / "v"), "--json")
    if cli.dialect == "midjourney-proxy":
        assert run.code == 2 and "does not offer video" in _one_line_error(run.stderr)
        return
    assert run.code == 0, run.stderr
    task = json.loads(run.stdout)
    assert task["status"] == "SUCCESS"
    assert any(p.endswith(".mp4") for p in task["savedFiles"])
    extend = cli.run("video", "--from", task["id"], "--index", "1", *WAIT, "--json")
    assert extend.code == 0, extend.stderr


def test_dry_run_sends_nothing_and_summarises_images(cli: CliHarness, tmp_path: Path) -> None:
    big = tmp_path / "big.jpg"
    Image.new("RGB", (4000, 3000), (90, 120, 200)).save(big, quality=90)
    before = cli.submits("imagine")
    run = cli.run("imagine", "x", "--image", str(big), "--dry-run", "--json")
    assert run.code == 0, run.stderr
    shown = json.loads(run.stdout)
    assert cli.submits("imagine") == before
    (image,) = shown["images"]
    assert max(image["width"], image["height"]) <= 2048 and image["scaled"] is True
    assert shown["body"]["prompt"].startswith("x")
    # the exact body, for piping into another tool: the whole image, decodable
    (data_url,) = shown["body"]["base64Array"]
    assert data_url.startswith("data:image/") and "base64 characters" not in data_url
    decoded = Image.open(io.BytesIO(base64.b64decode(data_url.split(",", 1)[1])))
    assert decoded.size == (image["width"], image["height"])
    terminal = cli.run("imagine", "x", "--image", str(big), "--dry-run")
    assert terminal.code == 0 and "base64 characters>" in terminal.stdout  # elided on a terminal only


def test_dry_run_shows_the_speed_where_the_dialect_sends_it(cli: CliHarness) -> None:
    run = cli.run("imagine", "x", "--mode", "relax", "--dry-run", "--json")
    assert run.code == 0, run.stderr
    shown = json.loads(run.stdout)
    body = shown["body"]
    if cli.dialect == "new-api":  # the aggregators' body field, with the prompt flag for plain relays
        assert body["mode"] == "RELAX" and body["prompt"] == "x --relax"
    elif cli.dialect == "trueai":  # the path prefix
        assert "mode" not in body and "/mj-relax/mj/submit/imagine" in shown["url"]
    else:
        assert "mode" not in body and body["prompt"] == "x --relax"


def test_fetch_seed_and_unknown_task(cli: CliHarness) -> None:
    task = json.loads(cli.run("imagine", "a map of islands", *WAIT, "--json").stdout)
    fetched = cli.run("fetch", task["id"], "--json")
    assert fetched.code == 0 and json.loads(fetched.stdout)["id"] == task["id"]
    seed = cli.run("seed", task["id"], "--json")
    assert seed.code == 0, seed.stderr
    assert json.loads(seed.stdout)["seed"].isdigit()
    missing = cli.run("fetch", "1234567890123456")
    assert missing.code == 1 and "1234567890123456" in _one_line_error(missing.stderr)


def test_exit_codes_for_refusals(cli: CliHarness, tmp_path: Path) -> None:
    bad_key = cli.run("imagine", "a cat", MJDESK_API_KEY="sk-wrong")
    assert bad_key.code == 4
    assert "sk-wrong" not in bad_key.stderr and KEY not in bad_key.stderr
    unreachable = cli.run("imagine", "a cat", MJDESK_BASE_URL="http://127.0.0.1:9")
    assert unreachable.code == 3
    _one_line_error(unreachable.stderr)

    cli.sim.force_next_submit("queue_full")
    full = cli.run("imagine", "a cat")
    assert full.code == 1 and "queue" in _one_line_error(full.stderr).lower()

    banned = cli.run("imagine", "a forbiddenword cat", *WAIT)
    assert banned.code == 1
    if cli.dialect != "trueai":  # trueai reports banned words only as a later task failure
        assert "forbiddenword" in _one_line_error(banned.stderr)

    text = tmp_path / "notes.png"
    text.write_text("not an image")
    not_image = cli.run("imagine", "a cat", "--image", str(text))
    assert not_image.code == 2 and "notes.png" in _one_line_error(not_image.stderr)
    one = cli.run("blend", str(_photo(tmp_path / "only.png", (1, 2, 3))))
    assert one.code == 2 and "2" in _one_line_error(one.stderr)


def test_usage_errors_are_one_line_without_a_network() -> None:
    for argv in (["imagine"], ["nonsense"], ["imagine", "   "], ["video", "x"]):
        proc = subprocess.run(
            [sys.executable, "-m", "mjdesk.cli", *argv],
            capture_output=True,
            text=True,
            cwd=ROOT,
            env={"PATH": "/usr/bin:/bin", "MJDESK_BASE_URL": "http://127.0.0.1:9", "MJDESK_API_KEY": "k"},
            timeout=30,
        )
        assert proc.returncode == 2, (argv, proc.stderr)
        assert len(proc.stderr.strip().splitlines()) == 1, proc.stderr


@pytest.mark.parametrize("dialect", ["new-api", "midjourney-proxy", "trueai"])
def test_demo_runs_every_flow(dialect: str, tmp_path: Path) -> None:
    argv = ["--dialect", dialect, "demo", "--speed", "0.3", "--download", str(tmp_path)]
    proc = subprocess.run(
        [sys.executable, "-m", "mjdesk.cli", *argv], capture_output=True, text=True, cwd=ROOT, timeout=90
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.count("SUCCESS") >= 8, proc.stdout
    assert len(list(tmp_path.iterdir())) >= 15


def test_vary_region_without_a_prompt_keeps_the_parents_parameters(cli: CliHarness, tmp_path: Path) -> None:
    upscale, _, _ = _upscale_and_mask(cli, tmp_path, "a red fox --ar 3:2 --stylize 250", "U1", (1 / 3, 1 / 3))
    vary = cli.run("action", upscale["id"], "Vary (Region)", "--mask", str(tmp_path / "mask.png"), *WAIT)
    assert vary.code == 0, vary.stderr
    modal = [r.json for r in cli.sim.requests if r.server == "api" and r.path.endswith("/submit/modal")][-1]
    assert "--ar 3:2" in modal["prompt"] and "--stylize 250" in modal["prompt"], modal["prompt"]
    assert "http" not in modal["prompt"]


def test_server_history_commands(cli: CliHarness, tmp_path: Path) -> None:
    """tasks / queue / account / import on each dialect, or exit 1 with one line where it lacks them."""
    first = json.loads(cli.run("imagine", "a harbour at dawn", *WAIT, "--json").stdout)
    second = json.loads(cli.run("imagine", "a harbour at noon", *WAIT, "--json").stdout)
    listed = cli.run("tasks", "--size", "2", "--json")
    queue = cli.run("queue", "--json")
    account = cli.run("account", "--json")
    home = str(tmp_path / "imported")
    imported = cli.run("import", "--pages", "1", "--size", "2", "--home", home, "--json")
    again = cli.run("import", "--pages", "1", "--size", "2", "--home", home, "--json")
    if cli.dialect == "new-api":
        for run in (listed, queue, imported):
            assert run.code == 1 and "this server (new-api) has no" in _one_line_error(run.stderr)
        assert account.code == 0, account.stderr
        quota = json.loads(account.stdout)
        assert quota["used"] > 0 and quota["unlimited"] is True
        return
    assert listed.code == 0, listed.stderr
    page = json.loads(listed.stdout)
    assert [t["id"] for t in page["tasks"]] == [second["id"], first["id"]] and page["total"] >= 2
    if cli.dialect == "midjourney-proxy":
        assert queue.code == 0 and json.loads(queue.stdout)["tasks"] == []  # nothing running now
    else:
        assert queue.code == 1 and "has no task queue" in _one_line_error(queue.stderr)
    assert account.code == 1 and "has no account or quota information" in _one_line_error(account.stderr)
    assert imported.code == 0, imported.stderr
    added = json.loads(imported.stdout)["added"]
    assert sorted(j["task"] for j in added) == sorted([first["id"], second["id"]])
    assert all(j["status"] == "SUCCESS" and j["files"] for j in added)
    assert again.code == 0 and json.loads(again.stdout)["added"] == [] and json.loads(again.stdout)["known"] == 2
    shown = cli.run("list", "--home", home, "--json")
    assert shown.code == 0 and len(json.loads(shown.stdout)["jobs"]) == 2


def test_edit_with_a_mask_and_retexture(cli: CliHarness, tmp_path: Path) -> None:
    photo = _photo(tmp_path / "room.png", (180, 140, 90))
    mask = tmp_path / "mask.png"
    drawn = Image.new("L", (64, 64), 0)
    ImageDraw.Draw(drawn).rectangle((10, 10, 40, 40), fill=255)
    drawn.save(mask)
    dry = cli.run("edit", str(photo), "a green sofa", "--mask", str(mask), "--dry-run", "--json")
    if cli.dialect != "midjourney-proxy":
        assert dry.code == 0, dry.stderr
        sent = json.loads(dry.stdout)["body"]["image"]
        alpha = Image.open(io.BytesIO(base64.b64decode(sent.split(",", 1)[1]))).getchannel("A").histogram()
        assert alpha[0] > 0 and alpha[255] > 0  # erased where painted only
    edited = cli.run("edit", str(photo), "a green sofa", "--mask", str(mask), *WAIT, "--json")
    retextured = cli.run("edit", str(photo), "made of glass", "--retexture", *WAIT, "--json")
    if cli.dialect == "midjourney-proxy":
        assert edited.code == 2 and "does not offer edits" in _one_line_error(edited.stderr)
        return
    assert edited.code == 0, edited.stderr
    assert json.loads(edited.stdout)["status"] == "SUCCESS"
    if cli.dialect == "new-api":  # new-api relays /edits only (spec §3.9)
        assert retextured.code == 2 and "does not offer retexture" in _one_line_error(retextured.stderr)
    else:
        assert retextured.code == 0, retextured.stderr
        assert json.loads(retextured.stdout)["action"] == "RETEXTURE"
    both = cli.run("edit", str(photo), "x", "--mask", str(mask), "--retexture")
    assert both.code == 2 and "takes no --mask" in _one_line_error(both.stderr)
