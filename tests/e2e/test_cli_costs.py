"""``mjdesk-cli prices`` and ``costs`` as real subprocesses against the simulator: prices fetched
from new-api (refused elsewhere with one line), set by hand, used by dry runs and by the ledger."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from mjdesk.core.costs import format_amount
from mjdesk.sim import SimConfig, Simulator
from mjdesk.sim.thread import running_simulator

from .conftest import KEY, CliHarness

WAIT = ("--wait", "--interval", "0.1", "--timeout", "30")


@pytest.fixture(scope="module", params=["new-api", "trueai"])
def sim(request: pytest.FixtureRequest) -> Iterator[Simulator]:
    with running_simulator(SimConfig(dialect=request.param, api_key=KEY, speed=0.2)) as simulator:
        yield simulator


@pytest.fixture
def cli(sim: Simulator, tmp_path: Path) -> CliHarness:
    harness = CliHarness(sim=sim, dialect=sim.config.dialect, home=tmp_path / "home")
    assert harness.run("profile", "add", "gw", "--base-url", sim.base_url, "--dialect", harness.dialect).code == 0
    return harness


def _one_line(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "Traceback" not in stderr, stderr
    return lines[0]


def test_prices_are_fetched_where_published_and_the_ledger_adds_up(cli: CliHarness) -> None:
    fetched = cli.run("prices", "fetch", "--profile", "gw", "--json")
    if cli.dialect != "new-api":
        assert fetched.code == 1 and "publishes no prices" in _one_line(fetched.stderr)
        assert cli.run("prices", "set", "IMAGINE", "2", "--unit", "credits", "--profile", "gw").code == 0
    else:
        assert fetched.code == 0, fetched.stderr
        table = json.loads(fetched.stdout)
        assert table["unit"] == "$" and table["prices"]["IMAGINE"] == 0.1 and table["prices"]["VIDEO"] == 0.8
    shown = json.loads(cli.run("prices", "show", "--profile", "gw", "--json").stdout)
    price, unit = shown["prices"]["IMAGINE"], shown["unit"]

    dry = cli.run("imagine", "a {red, blue} fox", "--profile", "gw", "--dry-run")
    assert dry.code == 0 and f"estimate: 1 job ≈ {format_amount(price, unit)}" in dry.stderr

    for prompt in ("a fox", "a hare"):
        assert cli.run("imagine", prompt, "--profile", "gw", *WAIT).code == 0
    ledger = json.loads(cli.run("costs", "--json").stdout)
    assert ledger["by"] == "day" and len(ledger["rows"]) == 1
    (row,) = ledger["rows"]
    assert (row["jobs"], row["unit"]) == (2, unit) and row["amount"] == pytest.approx(2 * price)
    by_server = cli.run("costs", "--by", "server", "--since", "today")
    assert by_server.code == 0 and by_server.stdout.splitlines()[0].startswith("gw ")
    by_tag = json.loads(cli.run("costs", "--by", "tag", "--since", "7d", "--json").stdout)
    assert [r["key"] for r in by_tag["rows"]] == [""]  # untagged
    assert json.loads(cli.run("costs", "--since", "2999-01-01", "--json").stdout)["rows"] == []


def test_bad_prices_and_dates_fail_with_one_line(cli: CliHarness) -> None:
    for argv in (
        ("prices", "set", "IMAGINE", "cheap", "--profile", "gw"),
        ("prices", "set", "IMAGINE", "-1", "--profile", "gw"),
        ("prices", "set", "no such action!", "1", "--profile", "gw"),
        ("costs", "--since", "last tuesday"),
        ("costs", "--by", "week"),
        ("prices", "show", "--profile", "nobody"),
    ):
        result = cli.run(*argv)
        assert result.code == 2, (argv, result.stderr)
        assert _one_line(result.stderr).startswith("mjdesk-cli: ")
    assert json.loads(cli.run("prices", "show", "--profile", "gw", "--json").stdout)["prices"] == {}
    # "none" removes a price again.
    assert cli.run("prices", "set", "ZOOM", "0.2", "--profile", "gw").code == 0
    removed = cli.run("prices", "set", "ZOOM", "none", "--profile", "gw", "--json")
    assert json.loads(removed.stdout)["prices"] == {}
