"""``mjdesk-cli profile add`` on a machine without a keychain: the key goes to the private key file,
with one warning line naming it, and every later command finds it there."""

from __future__ import annotations

import json
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from mjdesk.core.secrets import KEY_FILE_NAME
from mjdesk.sim import SimConfig
from mjdesk.sim.thread import running_simulator

from .conftest import KEY, ROOT, CliHarness

WAIT = ("--wait", "--interval", "0.1", "--timeout", "30")
NO_KEYCHAIN = {"PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring", "MJDESK_API_KEY": "", "MJDESK_BASE_URL": ""}
# ``fail``: keyring found no keychain; ``null``: a stand-in that would silently forget the key.
STAND_INS = ["keyring.backends.fail.Keyring", "keyring.backends.null.Keyring"]


@pytest.fixture(scope="module")
def cli(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CliHarness]:
    with running_simulator(SimConfig(dialect="trueai", api_key=KEY, speed=0.3)) as sim:
        yield CliHarness(sim=sim, dialect="trueai", home=tmp_path_factory.mktemp("cli-home"))


def add_profile(cli: CliHarness, *extra: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "mjdesk.cli",
            *extra,
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
        env=cli.env(**{**NO_KEYCHAIN, **env}),
        timeout=60,
    )


@pytest.mark.parametrize("backend", STAND_INS, ids=["fail", "null"])
def test_profile_add_without_a_keychain_keeps_the_key_in_a_private_file(cli: CliHarness, backend: str) -> None:
    env = {**NO_KEYCHAIN, "PYTHON_KEYRING_BACKEND": backend}
    added = add_profile(cli, **env)
    assert added.returncode == 0, added.stderr
    key_file = cli.home / "config" / KEY_FILE_NAME
    warnings = [line for line in added.stderr.splitlines() if line.startswith("mjdesk-cli: warning")]
    assert len(warnings) == 1 and str(key_file) in warnings[0] and "keychain" in warnings[0]
    assert "Traceback" not in added.stderr
    assert key_file.is_file()
    if sys.platform != "win32":
        assert stat.S_IMODE(key_file.stat().st_mode) == 0o600

    run = cli.run("--profile", "studio", "imagine", "a lighthouse keyed from a file", *WAIT, "--json", **env)
    assert run.code == 0, run.stderr
    assert json.loads(run.stdout)["status"] == "SUCCESS"
    leaks = [p for p in cli.home.rglob("*") if p.is_file() and KEY.encode() in p.read_bytes()]
    assert leaks == [key_file], "the key belongs in the key file and nowhere else (not the log, not the library)"

    removed = cli.run("profile", "remove", "studio", **env)
    assert removed.code == 0, removed.stderr
    assert not key_file.exists()
    assert cli.run("--profile", "studio", "imagine", "x", **env).code != 0


def test_the_key_file_follows_the_home_option(cli: CliHarness, tmp_path: Path) -> None:
    other = tmp_path / "portable"
    added = add_profile(cli, "--home", str(other))
    assert added.returncode == 0, added.stderr
    assert (other / "config" / KEY_FILE_NAME).is_file()
    assert not (cli.home / "config" / KEY_FILE_NAME).exists()
    run = cli.run(
        "--home", str(other), "--profile", "studio", "imagine", "a portable lighthouse", *WAIT, "--json", **NO_KEYCHAIN
    )
    assert run.code == 0, run.stderr
