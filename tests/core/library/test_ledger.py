"""The ledger: one cost row per accepted job (migration 4), refunds, sums per day, server and tag."""

from __future__ import annotations

import datetime as dt
import sqlite3
import time
from pathlib import Path

import pytest

from mjdesk.core.costs import Estimate, local_day_start, over_budget
from mjdesk.core.library import SCHEMA_VERSION, UNTAGGED, Library
from mjdesk.core.library.ledger import SOURCE_PRICE_TABLE, SOURCE_REFUNDED
from mjdesk.core.library.schema import MIGRATIONS, migrate, user_version
from mjdesk.core.paths import AppPaths

DAY_MS = 24 * 3600 * 1000


def _job(lib: Library, profile: str = "gw", tags: tuple[str, ...] = ()) -> int:
    job = lib.add_job(profile=profile, action="IMAGINE", prompt="p").id
    for tag in tags:
        lib.add_tag(job, tag)
    return job


def test_the_cost_migration_adds_the_cost_table_to_an_older_library(tmp_path: Path) -> None:
    conn = sqlite3.connect(tmp_path / "old.sqlite3", isolation_level=None)
    migrate(conn, MIGRATIONS[:3])
    conn.execute(
        "INSERT INTO jobs (profile, action, submit_state, status, created_at, updated_at) "
        "VALUES ('p', 'IMAGINE', 'accepted', 'SUCCESS', 1, 1)"
    )
    assert migrate(conn) == user_version(conn) == SCHEMA_VERSION
    assert conn.execute("SELECT count(*) FROM job_costs").fetchone()[0] == 0  # old jobs were not priced
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute("INSERT INTO job_costs VALUES (1, -1, 0, '$', 'price table', 1)")
    conn.close()


def test_the_first_price_recorded_stays_and_a_refund_keeps_the_estimate(paths: AppPaths) -> None:
    with Library.open(paths) as lib:
        job = _job(lib)
        first = lib.record_cost(job, 0.36, "$", recorded_at=1000)
        assert first is not None and (first.amount, first.estimate, first.source) == (0.36, 0.36, SOURCE_PRICE_TABLE)
        assert lib.record_cost(job, 9.99, "$") == first  # the same acceptance seen twice
        refunded = lib.set_cost_amount(job, 0.0, SOURCE_REFUNDED)
        assert refunded is not None and (refunded.amount, refunded.estimate, refunded.recorded_at) == (0.0, 0.36, 1000)
        assert lib.record_cost(12345, 1.0, "$") is None  # no such job
        assert lib.set_cost_amount(12345, 0.0, SOURCE_REFUNDED) is None
        assert lib.job_costs([job, 12345]) == {job: refunded}


def test_deleting_a_job_deletes_its_cost(paths: AppPaths) -> None:
    with Library.open(paths) as lib:
        job = _job(lib)
        lib.record_cost(job, 1.0, "$")
        lib.delete_jobs([job])
        assert lib.job_cost(job) is None and lib.ledger() == []


def test_sums_per_day_server_and_tag_never_mix_units(paths: AppPaths) -> None:
    today = local_day_start(time.time())
    yesterday = today - DAY_MS + 3600_000
    with Library.open(paths) as lib:
        a = _job(lib, "gw", ("poster", "client-x"))
        b = _job(lib, "gw", ("poster",))
        c = _job(lib, "gw")
        d = _job(lib, "studio")
        lib.record_cost(a, 0.5, "$", recorded_at=today + 1000)
        lib.record_cost(b, 0.25, "$", recorded_at=today + 2000)
        lib.record_cost(c, 0.1, "$", recorded_at=yesterday)
        lib.record_cost(d, 3.0, "credits", recorded_at=today + 3000)
        lib.set_cost_amount(b, 0.0, SOURCE_REFUNDED)

        by_day = {(r.key, r.unit): r for r in lib.ledger("day")}
        today_key = dt.date.today().isoformat()
        assert by_day[(today_key, "$")].amount == pytest.approx(0.5)
        assert by_day[(today_key, "$")].estimate == pytest.approx(0.75)
        assert (by_day[(today_key, "$")].jobs, by_day[(today_key, "$")].refunded) == (2, 1)
        assert by_day[(today_key, "credits")].amount == 3.0
        assert [r.key for r in lib.ledger("day")][-1] < today_key  # newest day first

        by_server = {(r.key, r.unit): r.amount for r in lib.ledger("server")}
        assert by_server == {("gw", "$"): pytest.approx(0.6), ("studio", "credits"): 3.0}

        by_tag = {(r.key, r.unit): (r.amount, r.jobs) for r in lib.ledger("tag")}
        assert by_tag[("poster", "$")] == (pytest.approx(0.5), 2)
        assert by_tag[("client-x", "$")] == (pytest.approx(0.5), 1)
        assert by_tag[(UNTAGGED, "$")] == (pytest.approx(0.1), 1)
        assert by_tag[(UNTAGGED, "credits")] == (3.0, 1)

        assert {(r.key, r.amount) for r in lib.ledger("server", since_ms=today, profile="gw")} == {("gw", 0.5)}
        assert lib.spent(today, "$") == pytest.approx(0.5)
        assert lib.spent(yesterday - 1, "$") == pytest.approx(0.6)
        assert lib.spent(today, "credits") == 3.0 and lib.spent(today, "quota") == 0
        with pytest.raises(ValueError):
            lib.ledger("month")  # type: ignore[arg-type]


def test_the_budget_guard_speaks_only_when_the_estimate_goes_over() -> None:
    estimate = Estimate(total=0.4, unit="$", jobs=4, per_action={"IMAGINE": (4, 0.4)}, unpriced=())
    assert over_budget(0, 100, estimate) is None  # no budget set
    assert over_budget(1.0, 0.6, estimate) is None  # exactly reaches it
    excess = over_budget(1.0, 0.7, estimate)
    assert excess is not None and excess.after == pytest.approx(1.1) and excess.unit == "$"
    nothing = Estimate(total=0, unit="$", jobs=1, per_action={}, unpriced=("VIDEO",))
    assert over_budget(1.0, 5.0, nothing) is None


def test_a_local_day_starts_at_local_midnight() -> None:
    noon = dt.datetime.combine(dt.date(2025, 3, 9), dt.time(12, 30)).timestamp()
    start = local_day_start(noon)
    assert dt.datetime.fromtimestamp(start / 1000) == dt.datetime(2025, 3, 9)
