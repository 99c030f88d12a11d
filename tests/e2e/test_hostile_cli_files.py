"""mjdesk-cli against a hostile server and hostile local files: nothing is written outside the chosen
folder, a full disk ends a download clearly, and user-named files are read with a cap (issue 10)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.support.hostile import HostileServer

ROOT = Path(__file__).resolve().parents[2]


def cli(
    server: HostileServer | None, home: Path, *argv: str, timeout: float = 60, preexec=None
) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, MJDESK_API_KEY="sk-x", MJDESK_DIALECT="midjourney-proxy", MJDESK_HOME=str(home))
    env["MJDESK_BASE_URL"] = server.base_url if server is not None else "http://127.0.0.1:9"
    return subprocess.run(
        [sys.executable, "-m", "mjdesk.cli", *argv],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=timeout,
        preexec_fn=preexec,
    )


def files_under(folder: Path) -> set[Path]:
    return {p for p in folder.rglob("*") if p.is_file()}


HOSTILE_IDS = ["/tmp/abs/X", "../../../../x", "..", "CON", "i" * 10_000, "nul\x00id", "new\nline"]


def test_hostile_task_ids_never_write_outside_the_download_folder(hostile: HostileServer, tmp_path: Path) -> None:
    sandbox = tmp_path / "sandbox"
    out = sandbox / "deep" / "er" / "out"
    out.mkdir(parents=True)
    (out / "CON.png").write_bytes(b"keep me")  # an existing file is never overwritten
    hostile.next_ids = iter(HOSTILE_IDS)
    hostile.new_task = lambda task_id, base: hostile.success_task(task_id, image="one.png")
    before_tmp = set(Path("/tmp/abs").rglob("*")) if Path("/tmp/abs").exists() else set()
    for _ in HOSTILE_IDS:
        run = cli(
            hostile,
            tmp_path / "home",
            "imagine",
            "a cat",
            "--wait",
            "--download",
            str(out),
            "--json",
            "--timeout",
            "30",
        )
        assert run.returncode == 0, run.stderr
        assert "internal error" not in run.stderr.lower()
    written = files_under(sandbox)
    assert all(p.parent == out for p in written), written
    assert len(written) == 5 * len(HOSTILE_IDS) + 1  # a grid and its four candidates each, plus CON.png
    assert (out / "CON.png").read_bytes() == b"keep me"
    assert not any(p.name.startswith(".") for p in written)
    assert all(len(p.name.encode()) <= 120 for p in written)
    after_tmp = set(Path("/tmp/abs").rglob("*")) if Path("/tmp/abs").exists() else set()
    assert after_tmp == before_tmp
    assert not (tmp_path / "x.png").exists() and not (sandbox / "x.png").exists()


def test_export_with_a_huge_template_width_is_a_usage_error(hostile: HostileServer, tmp_path: Path) -> None:
    home = tmp_path / "home"
    run = cli(hostile, home, "imagine", "a cat", "--wait", "--json", "--timeout", "30")
    assert run.returncode == 0, run.stderr
    bad = ["{job:99999999}", "{remote:>999999999999999999999}", "{job.__class__}", "{job:d}{kind:d}", "{n:{job}}"]
    for template in bad:
        run = cli(hostile, home, "export", "1", "--to", str(tmp_path / "out"), "--name-template", template)
        assert run.returncode == 2, (template, run.stderr)
        assert len(run.stderr.strip().splitlines()) == 1 and "Traceback" not in run.stderr
        assert "internal error" not in run.stderr.lower()


def test_export_with_a_template_naming_a_parent_folder_stays_inside(hostile: HostileServer, tmp_path: Path) -> None:
    home = tmp_path / "home"
    hostile.next_ids = iter(["../../escape"])
    hostile.new_task = lambda task_id, base: hostile.success_task(task_id, image="one.png")
    assert cli(hostile, home, "imagine", "a cat", "--wait", "--timeout", "30").returncode == 0
    out = tmp_path / "a" / "b" / "out"
    run = cli(hostile, home, "export", "1", "--to", str(out), "--name-template", "../{remote}/{kind}")
    assert run.returncode == 0, run.stderr
    assert {p.parent for p in files_under(tmp_path / "a")} == {out}
    assert not list(tmp_path.glob("escape*")) and not list((tmp_path / "a").glob("escape*"))


# -- a full disk during the download ----------------------------------------------------------------


def noisy_png(size: int = 640) -> bytes:
    """A PNG that does not compress (~1.2 MB): bigger than the file size limit the test sets."""
    import io

    from PIL import Image

    img = Image.frombytes("RGB", (size, size), os.urandom(size * size * 3))
    buf = io.BytesIO()
    img.save(buf, "PNG", compress_level=0)
    return buf.getvalue()


def _limit_file_size() -> None:
    import resource

    # Every file this process writes stops at 512 KB: the database and logs stay far below, the
    # downloaded image does not; writes past it fail with EFBIG (Python ignores SIGXFSZ), the same
    # path a full disk (ENOSPC) takes through the downloader.
    resource.setrlimit(resource.RLIMIT_FSIZE, (512 * 1024, 512 * 1024))


def test_a_full_disk_ends_the_download_clearly_and_resume_fetches_it(hostile: HostileServer, tmp_path: Path) -> None:
    from tests.support.hostile import raw

    hostile.image("big.png", raw(200, noisy_png(), "image/png"))
    hostile.new_task = lambda task_id, base: hostile.success_task(task_id, image="big.png")
    home = tmp_path / "home"
    run = cli(hostile, home, "imagine", "a cat", "--wait", "--timeout", "60", preexec=_limit_file_size)
    assert run.returncode == 1, (run.returncode, run.stderr)
    assert "Download failed: the disk is full" in run.stderr and "mjdesk-cli resume" in run.stderr
    assert "Traceback" not in run.stderr and "internal error" not in run.stderr
    shown = cli(hostile, home, "show", "1", "--json")
    assert '"SUCCESS"' in shown.stdout and '"files": []' in shown.stdout.replace(" ", "").replace(
        '"files":[]', '"files": []'
    )
    # Space again: resume fetches it, and the job ends downloaded.
    again = cli(hostile, home, "resume", "--timeout", "60")
    assert again.returncode == 0, again.stderr
    shown = cli(hostile, home, "show", "1")
    assert "grid" in shown.stdout and "candidate 4" in shown.stdout


# -- files the user names are read with a cap ---------------------------------------------------------


def _bad_inputs(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    folder = tmp_path / "folder"
    folder.mkdir()
    return {
        "device": (Path("/dev/zero"), "not a regular file"),
        "fifo": (fifo, "not a regular file"),
        "folder": (folder, "folder"),
    }


def _one_line_usage_error(run: subprocess.CompletedProcess[str], expected: str) -> None:
    assert run.returncode == 2, (run.returncode, run.stderr)
    assert expected in run.stderr, run.stderr
    assert len(run.stderr.strip().splitlines()) == 1 and "Traceback" not in run.stderr


def test_batch_refuses_devices_fifos_folders_and_huge_files(hostile: HostileServer, tmp_path: Path) -> None:
    home = tmp_path / "home"
    for path, expected in _bad_inputs(tmp_path).values():
        _one_line_usage_error(cli(hostile, home, "batch", str(path), timeout=20), expected)
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as fh:
        fh.truncate(11 * 1024 * 1024)  # sparse: 11 MB without writing them
    _one_line_usage_error(cli(hostile, home, "batch", str(huge), timeout=20), "too large")
    assert not hostile.seen("/submit/imagine")


def test_images_refuse_devices_fifos_and_folders(hostile: HostileServer, tmp_path: Path) -> None:
    home = tmp_path / "home"
    for path, expected in _bad_inputs(tmp_path).values():
        run = cli(hostile, home, "imagine", "a cat", "--image", str(path), timeout=20)
        _one_line_usage_error(run, expected)
    assert not hostile.seen("/submit/imagine")


def test_a_mask_refuses_devices_and_fifos(hostile: HostileServer, tmp_path: Path) -> None:
    button = {"customId": "MJ::Inpaint::1::abc::SOLO", "emoji": "🖌️", "label": "Vary (Region)", "type": 2, "style": 2}
    hostile.task("t1", hostile.success_task("t1", buttons=[button]))
    home = tmp_path / "home"
    bad = _bad_inputs(tmp_path)
    for name in ("device", "fifo"):
        path, expected = bad[name]
        run = cli(hostile, home, "action", "t1", "Vary (Region)", "--mask", str(path), timeout=20)
        _one_line_usage_error(run, expected)
    assert not hostile.seen("/submit/action")


# -- library trouble -----------------------------------------------------------------------------------


def _one_line(run: subprocess.CompletedProcess[str], code: int, *expected: str) -> None:
    assert run.returncode == code, (run.returncode, run.stderr)
    assert all(e in run.stderr for e in expected), run.stderr
    assert len(run.stderr.strip().splitlines()) == 1
    assert "Traceback" not in run.stderr and "internal error" not in run.stderr


def test_a_home_that_is_a_file_is_one_line_exit_2(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.write_text("x")
    _one_line(cli(None, home, "list"), 2, str(home), "not a folder")
    _one_line(cli(None, tmp_path, "--home", str(home), "list"), 2, str(home))


def test_an_empty_or_damaged_library_is_one_line_and_kept(tmp_path: Path) -> None:
    home = tmp_path / "home"
    (home / "data").mkdir(parents=True)
    db = home / "data" / "library.sqlite3"
    db.write_bytes(b"")
    _one_line(cli(None, home, "list"), 1, str(db), "empty (0 bytes)")
    assert db.stat().st_size == 0
    db.write_bytes(b"garbage" * 1000)
    _one_line(cli(None, home, "imagine", "a cat"), 1, str(db), "damaged")
    assert db.read_bytes() == b"garbage" * 1000
