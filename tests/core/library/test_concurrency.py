"""GUI and CLI on one library at once: two processes and several threads writing side by side."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import threading
from pathlib import Path

from mjdesk.core.library import JobQuery, Library, SubmitState
from mjdesk.core.paths import AppPaths

ROOT = Path(__file__).resolve().parents[3]
ROUNDS = 80

# The other process: many short transactions, the same mix the job service produces.
WRITER = textwrap.dedent("""
    import sys
    from mjdesk.core.library import Library
    from mjdesk.core.paths import app_paths

    lib = Library.open(app_paths(sys.argv[1]))
    shared, rounds, name = int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    print("ready", flush=True)
    sys.stdin.readline()
    for i in range(rounds):
        job = lib.add_job(profile=name, action="IMAGINE", prompt=f"{name} prompt {i}").id
        lib.mark_submitted(job, f"{name}-{i}", {"code": 1})
        lib.update_from_task(job, "SUCCESS", progress=100, raw={"i": i})
        lib.add_tag(shared, f"{name}-{i}")
        lib.mark_download_failed(shared, name)
        lib.recent_jobs(limit=20)
    lib.close()
    print("done", flush=True)
""")


def _work(lib: Library, shared: int, name: str, rounds: int) -> None:
    for i in range(rounds):
        job = lib.add_job(profile=name, action="IMAGINE", prompt=f"{name} prompt {i}").id
        lib.mark_submitted(job, f"{name}-{i}", {"code": 1})
        lib.update_from_task(job, "SUCCESS", progress=100, raw={"i": i})
        lib.add_tag(shared, f"{name}-{i}")
        lib.mark_download_failed(shared, name)
        lib.recent_jobs(limit=20)


def _check(lib: Library, shared: int, names: list[str], rounds: int) -> None:
    for name in names:
        jobs = lib.recent_jobs(limit=-1, query=JobQuery(profile=name))
        assert len(jobs) == rounds, name
        assert all(j.status == "SUCCESS" and j.submit_state is SubmitState.ACCEPTED for j in jobs)
    assert len(lib.tags(shared)) == rounds * len(names)
    # Read-modify-write done in SQL: no increment may be lost between the writers.
    assert lib.job(shared).download_attempts == rounds * len(names)


def test_two_processes_write_at_once_without_lock_errors_or_lost_updates(paths: AppPaths) -> None:
    lib = Library.open(paths)
    shared = lib.add_job(profile="shared", action="IMAGINE").id
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(paths.data.parent), str(shared), str(ROUNDS), "cli"],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None and proc.stdin is not None
        assert proc.stdout.readline().strip() == "ready", proc.stderr.read() if proc.stderr else ""
        proc.stdin.write("go\n")
        proc.stdin.flush()
        _work(lib, shared, "gui", ROUNDS)
        out, err = proc.communicate(timeout=60)
    finally:
        proc.kill()
    assert proc.returncode == 0, err
    assert "done" in out and "locked" not in err
    _check(lib, shared, ["gui", "cli"], ROUNDS)
    lib.close()


def test_threads_share_one_library(lib: Library) -> None:
    shared = lib.add_job(profile="shared", action="IMAGINE").id
    names = [f"t{i}" for i in range(4)]
    errors: list[BaseException] = []

    def run(name: str) -> None:
        try:
            _work(lib, shared, name, 30)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(n,)) for n in names]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    _check(lib, shared, names, 30)
