"""``mjdesk-cli export`` writes the job's provenance into the files; ``show`` and ``inspect`` read it."""

from __future__ import annotations

import io
import json
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from PIL import Image

from mjdesk.sim import SimConfig
from mjdesk.sim.thread import running_simulator

from .conftest import KEY, CliHarness

WAIT = ("--wait", "--interval", "0.1", "--timeout", "30")
MJDESK_NS = "{urn:mjdesk:provenance:1.0/}"


@pytest.fixture(scope="module")
def cli(tmp_path_factory: pytest.TempPathFactory):
    # One dialect is enough here: what is written does not depend on the server's envelope.
    with running_simulator(SimConfig(dialect="new-api", api_key=KEY, speed=0.3)) as sim:
        yield CliHarness(sim=sim, dialect="new-api", home=tmp_path_factory.mktemp("cli-home"))


def _json(result: object) -> dict:
    assert result.code == 0, result.stderr  # type: ignore[attr-defined]
    return json.loads(result.stdout)  # type: ignore[attr-defined]


def _decoded(path: Path) -> tuple[str, tuple[int, int], bytes]:
    with Image.open(path) as im:
        return im.mode, im.size, im.tobytes()


def test_exported_files_carry_the_prompt_ids_and_server(cli: CliHarness, tmp_path: Path) -> None:
    grid = _json(cli.run("imagine", "a copper kettle on a stove --ar 3:2 --seed 77", *WAIT, "--json"))
    upscale = _json(cli.run("action", grid["id"], "U2", *WAIT, "--json"))
    shown = _json(cli.run("show", str(upscale["jobId"]), "--json"))
    out = _json(cli.run("export", str(upscale["jobId"]), "--to", str(tmp_path / "out"), "--json"))
    exported = [Path(p) for p in out["files"] if p.endswith(".png")]
    assert len(exported) == 1
    with Image.open(exported[0]) as im:
        text = im.text
    params = text["parameters"]
    assert params.startswith("a copper kettle on a stove --ar 3:2 --seed 77\n")
    assert f"Task: {upscale['id']}" in params and f"Parent task: {grid['id']}" in params
    assert f"Job: {upscale['jobId']}" in params and "Seed: 77" in params
    # The profile's name ("127.0.0.1:port" for a server given by URL), quoted when it has a colon.
    name = shown["profile"]
    assert f"Server: {json.dumps(name) if ':' in name else name}" in params
    assert KEY not in json.dumps(text) and "http" not in params
    root = ET.fromstring(text["XML:com.adobe.xmp"].encode())
    description = root.find(".//{http://www.w3.org/1999/02/22-rdf-syntax-ns#}Description")
    assert description.find(f"{MJDESK_NS}Task").text == upscale["id"]
    assert description.find(f"{MJDESK_NS}Action").text == "UPSCALE"
    # The same pixels as the library's file, which itself stays as the server sent it.
    library_file = next(Path(f["path"]) for f in shown["files"] if f["kind"] == "upscale")
    assert _decoded(exported[0]) == _decoded(library_file)
    assert exported[0].read_bytes() != library_file.read_bytes()
    assert shown["provenance"]["task_id"] == upscale["id"]

    inspected = _json(cli.run("inspect", str(exported[0]), "--json"))["provenance"]
    assert inspected["task_id"] == upscale["id"] and inspected["parent_task_id"] == grid["id"]
    assert inspected["seed"] == "77" and inspected["source"] == "mjdesk"
    assert {"name": "ar", "value": "3:2"} in inspected["parameters"]
    readable = cli.run("inspect", str(exported[0]))
    assert readable.code == 0
    assert "prompt: a copper kettle on a stove --ar 3:2 --seed 77" in readable.stdout
    assert f"server: {shown['profile']}" in readable.stdout

    plain = _json(cli.run("export", str(upscale["jobId"]), "--to", str(tmp_path / "plain"), "--plain", "--json"))
    plain_png = next(Path(p) for p in plain["files"] if p.endswith(".png"))
    assert plain_png.read_bytes() == library_file.read_bytes()

    text_show = cli.run("show", str(upscale["jobId"]))
    assert text_show.code == 0 and "written into exported files:" in text_show.stdout
    assert f"parent task: {grid['id']}" in text_show.stdout


def test_inspect_errors_are_one_line(cli: CliHarness, tmp_path: Path) -> None:
    missing = cli.run("inspect", str(tmp_path / "nope.png"))
    assert missing.code == 2 and len(missing.stderr.strip().splitlines()) == 1 and "no such file" in missing.stderr
    bare = tmp_path / "bare.png"
    buf = io.BytesIO()
    Image.new("RGB", (4, 4)).save(buf, "PNG")
    bare.write_bytes(buf.getvalue())
    nothing = cli.run("inspect", str(bare))
    assert nothing.code == 1 and "no prompt or job" in nothing.stderr
    assert len(nothing.stderr.strip().splitlines()) == 1
    folder = cli.run("inspect", str(tmp_path))
    assert folder.code == 2 and "folder" in folder.stderr
