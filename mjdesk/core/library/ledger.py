"""What each job cost, and the sums of it: the ledger (table ``job_costs``, migration 4).

One row per job the server accepted while its profile had a price for it: ``estimate`` is the price
in force at acceptance (kept, whatever happens later), ``amount`` what the job counts for now; 0
when the gateway gave the charge back (a failed task on new-api). ``source`` says where the amount
comes from: ``price table`` (the estimate), ``refunded`` (0) or ``modal abandoned`` (the press
only). Refused jobs never get a row: they cost nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from .connection import LibraryBase
from .rows import now_ms

SOURCE_PRICE_TABLE = "price table"
SOURCE_REFUNDED = "refunded"
SOURCE_MODAL_ABANDONED = "modal abandoned"

LedgerBy = Literal["day", "server", "tag"]
UNTAGGED = ""  # the key of jobs without a tag in a ledger by tag

_COLUMNS = "job_id, amount, estimate, unit, source, recorded_at"


@dataclass(frozen=True)
class CostRecord:
    job_id: int
    amount: float
    estimate: float
    unit: str
    source: str
    recorded_at: int  # epoch ms: when the server accepted the job


@dataclass(frozen=True)
class LedgerRow:
    """One line of a ledger: the jobs of one day, server or tag, in one unit."""

    key: str  # "2025-05-01" (local day), a profile name, a tag ("" = untagged)
    unit: str
    amount: float  # what they cost (refunds taken off)
    estimate: float  # what their prices said at acceptance
    jobs: int
    refunded: int  # of which given back


def _record(row: Sequence[Any]) -> CostRecord:
    return CostRecord(int(row[0]), float(row[1]), float(row[2]), str(row[3]), str(row[4]), int(row[5]))


class Ledger(LibraryBase):
    def record_cost(
        self, job_id: int, estimate: float, unit: str, *, recorded_at: int | None = None
    ) -> CostRecord | None:
        """Note the price in force for an accepted job. The first price recorded stays: a later
        call (the same event seen twice, a price edited meanwhile) changes nothing. None when the
        job is gone."""
        with self.transaction() as db:
            if not db.execute("SELECT 1 FROM jobs WHERE id = ?", (job_id,)).fetchone():
                return None
            db.execute(
                f"INSERT INTO job_costs ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (job_id) DO NOTHING",
                (job_id, estimate, estimate, unit, SOURCE_PRICE_TABLE, recorded_at or now_ms()),
            )
            return self.job_cost(job_id)

    def set_cost_amount(self, job_id: int, amount: float, source: str) -> CostRecord | None:
        """What a recorded job counts for now (a refund: 0), its estimate kept beside it."""
        with self.transaction() as db:
            db.execute("UPDATE job_costs SET amount = ?, source = ? WHERE job_id = ?", (amount, source, job_id))
            return self.job_cost(job_id)

    def job_cost(self, job_id: int) -> CostRecord | None:
        with self._lock:
            row = self._db().execute(f"SELECT {_COLUMNS} FROM job_costs WHERE job_id = ?", (job_id,)).fetchone()
        return _record(row) if row else None

    def job_costs(self, job_ids: Sequence[int]) -> dict[int, CostRecord]:
        found: dict[int, CostRecord] = {}
        with self._snapshot() as db:
            for start in range(0, len(job_ids), 500):
                part = list(job_ids[start : start + 500])
                marks = ",".join("?" * len(part))
                for row in db.execute(f"SELECT {_COLUMNS} FROM job_costs WHERE job_id IN ({marks})", part):
                    found[int(row[0])] = _record(row)
        return found

    def spent(self, since_ms: int, unit: str, until_ms: int | None = None) -> float:
        """What the jobs accepted from ``since_ms`` on cost, in ``unit`` (refunds taken off)."""
        until = until_ms if until_ms is not None else 2**62
        with self._lock:
            row = (
                self._db()
                .execute(
                    "SELECT total(amount) FROM job_costs WHERE recorded_at >= ? AND recorded_at < ? AND unit = ?",
                    (since_ms, until, unit),
                )
                .fetchone()
            )
        return float(row[0])

    def ledger(self, by: LedgerBy = "day", *, since_ms: int = 0, profile: str | None = None) -> list[LedgerRow]:
        """The recorded costs summed per local day (newest first), per server or per tag (most
        spent first); one row per unit, never a sum across units. A job with several tags counts
        under each of them; jobs without one under ``UNTAGGED``."""
        if by == "day":
            key = "date(c.recorded_at / 1000, 'unixepoch', 'localtime')"
            join, order = "", "key DESC, c.unit"
        elif by == "server":
            key, join, order = "j.profile", "", "total(c.amount) DESC, key, c.unit"
        elif by == "tag":
            key = "coalesce(t.tag, '')"
            join = "LEFT JOIN job_tags t ON t.job_id = c.job_id"
            order = "total(c.amount) DESC, key, c.unit"
        else:
            raise ValueError(f"a ledger is by day, server or tag, not {by!r}")
        where, params = "c.recorded_at >= ?", list[int | str]([since_ms])
        if profile is not None:
            where += " AND j.profile = ?"
            params.append(profile)
        sql = (
            f"SELECT {key} AS key, c.unit, total(c.amount), total(c.estimate), count(*), "
            f"total(c.source = '{SOURCE_REFUNDED}') FROM job_costs c JOIN jobs j ON j.id = c.job_id {join} "
            f"WHERE {where} GROUP BY key, c.unit ORDER BY {order}"
        )
        with self._lock:
            rows = self._db().execute(sql, params).fetchall()
        return [LedgerRow(str(r[0]), str(r[1]), float(r[2]), float(r[3]), int(r[4]), int(r[5])) for r in rows]
