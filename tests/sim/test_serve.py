"""``serve()`` standalone, as ``mjdesk-cli serve-sim`` runs it: a subprocess on free ports."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = (
    "from mjdesk.sim import SimConfig, serve\n"
    "serve(SimConfig(dialect='trueai', api_key='k-1', speed=0, port=0, image_port=0))\n"
)


def test_serve_prints_its_urls_answers_and_stops_on_sigterm() -> None:
    proc = subprocess.Popen(
        [sys.executable, "-c", SCRIPT], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        assert proc.stdout is not None
        lines: dict[str, str] = {}
        deadline = time.monotonic() + 20
        while "key" not in lines and time.monotonic() < deadline:
            line = proc.stdout.readline()
            assert line, proc.stderr.read() if proc.stderr else "no output"
            name, _, value = line.strip().partition(": ")
            lines[name] = value
        api, image_host = lines["api"], lines["images"]
        assert api.startswith("http://127.0.0.1:") and image_host.startswith("http://127.0.0.1:") and api != image_host
        assert lines["key"] == "k-1"
        with httpx.Client(base_url=api, headers={"Authorization": "k-1"}, verify=False) as client:
            answer = client.post("/mj/submit/imagine", json={"prompt": "served"}).json()
            task = client.get(f"/mj/task/{answer['result']}/fetch").json()
            assert task["status"] == "SUCCESS"
            assert client.get(task["imageUrl"]).headers["content-type"] == "image/png"
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(10) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        for stream in (proc.stdout, proc.stderr):
            if stream is not None:
                stream.close()
