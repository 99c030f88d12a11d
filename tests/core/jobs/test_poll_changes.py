"""A poll cycle parses, reports and commits only tasks whose JSON changed since the last commit."""

from __future__ import annotations

import copy
from typing import Any

import httpx

from mjdesk.core.api import MjClient, RawTaskList, ServerProfile
from mjdesk.core.jobs import PollPolicy
from mjdesk.core.jobs.tracker import CycleReport, ServerTracker


def task(i: int, **changes: Any) -> dict[str, Any]:
    obj = {
        "id": str(i),
        "action": "IMAGINE",
        "status": "IN_PROGRESS",
        "progress": "10%",
        "imageUrl": None,
        "properties": {"finalPrompt": f"p{i}"},
        "buttons": [{"customId": f"MJ::JOB::upsample::1::{i}", "label": "U1"}],
    }
    obj.update(changes)
    return obj


class FakeClient:
    """Answers list_raw from ``tasks``, decoding a fresh copy every time like a real answer."""

    def __init__(self, tasks: dict[str, dict[str, Any]]) -> None:
        self.profile = ServerProfile(name="fake", base_url="http://fake", dialect="midjourney-proxy")
        self.tasks = tasks

    async def list_raw(self, ids: list[str], *, previous: RawTaskList | None = None) -> RawTaskList:
        return RawTaskList(copy.deepcopy(self.tasks[i]) for i in ids if i in self.tasks)


async def _noop(report: CycleReport) -> None:
    return None


def tracker_for(client: FakeClient) -> ServerTracker:
    tracker = ServerTracker("fake", client, PollPolicy(batch_size=2), _noop)  # type: ignore[arg-type]
    for i in range(3):
        tracker.track(i, str(i))
    return tracker


async def cycle(tracker: ServerTracker) -> CycleReport:
    report = await tracker.poll_once()
    tracker._commit(report)
    return report


async def test_unchanged_tasks_are_neither_parsed_nor_reported() -> None:
    client = FakeClient({str(i): task(i) for i in range(3)})
    tracker = tracker_for(client)
    first = await cycle(tracker)
    assert len(first.changed) == 3
    again = await cycle(tracker)
    assert again.changed == [] and again.found == {} and sorted(again.same) == ["0", "1", "2"]


async def test_a_change_of_only_progress_or_only_buttons_is_reported() -> None:
    client = FakeClient({str(i): task(i) for i in range(3)})
    tracker = tracker_for(client)
    await cycle(tracker)
    client.tasks["0"]["progress"] = "11%"
    client.tasks["2"]["buttons"] = [{"customId": "MJ::JOB::variation::1::2", "label": "V1"}]
    report = await cycle(tracker)
    assert sorted(t.id for _, t in report.changed) == ["0", "2"]
    assert (await cycle(tracker)).changed == []


async def test_a_change_the_fingerprint_ignores_is_parsed_but_not_reported() -> None:
    client = FakeClient({str(i): task(i) for i in range(3)})
    tracker = tracker_for(client)
    await cycle(tracker)
    client.tasks["1"]["properties"]["nonce"] = "new"  # invisible to the user: nothing to write
    report = await cycle(tracker)
    assert list(report.found) == ["1"] and report.changed == []


async def test_a_change_is_reported_again_until_committed() -> None:
    client = FakeClient({str(i): task(i) for i in range(3)})
    tracker = tracker_for(client)
    await cycle(tracker)
    client.tasks["1"]["status"] = "SUCCESS"
    assert [t.id for _, t in (await tracker.poll_once()).changed] == ["1"]  # e.g. the write failed
    assert [t.id for _, t in (await cycle(tracker)).changed] == ["1"]
    assert "1" not in {t.remote_id for t in tracker.tracked()}


async def test_list_raw_returns_previous_itself_for_byte_identical_answers() -> None:
    bodies = {"n": 0}

    def answer(request: httpx.Request) -> httpx.Response:
        bodies["n"] += 1
        progress = "20%" if bodies["n"] >= 3 else "10%"
        return httpx.Response(200, json=[task(1, progress=progress), task(2)])

    profile = ServerProfile(name="t", base_url="http://fake", dialect="midjourney-proxy")
    async with MjClient(profile, "key", transport=httpx.MockTransport(answer)) as client:
        first = await client.list_raw(["2", "1"])
        assert [o["id"] for o in first] == ["2", "1"]
        assert await client.list_raw(["2", "1"], previous=first) is first
        changed = await client.list_raw(["2", "1"], previous=first)
        assert changed is not first and changed[1]["progress"] == "20%"


async def test_stale_rows_never_take_a_job_back() -> None:
    # new-api's placeholder "" row, and a MODAL row from a poll that started before the server
    # took our modal answer, say less than we know: the job must not fall back to them.
    client = FakeClient({str(i): task(i, status="MODAL", progress="0%") for i in range(3)})
    tracker = tracker_for(client)
    await cycle(tracker)
    client.tasks["0"]["status"] = ""
    assert (await cycle(tracker)).changed == []
    tracker.modal_answered("1")
    assert (await cycle(tracker)).changed == []  # still MODAL at the server for a moment
    client.tasks["1"].update(status="IN_PROGRESS", progress="20%")
    assert [t.id for _, t in (await cycle(tracker)).changed] == ["1"]
    assert [t.status.value for t in tracker.tracked() if t.remote_id == "2"] == ["MODAL"]
