"""A library written before follow-ups had their own action: opening it names each one from what it
stored (the pressed customId, the request summary, the server's task JSON) and gives it its family's
prompt, so the gallery's Upscale/Zoom/... filters and captions work on old jobs too."""

from __future__ import annotations

import json
import sqlite3

from mjdesk.core.library import JobQuery, Library
from mjdesk.core.library.schema import MIGRATIONS, migrate
from mjdesk.core.paths import AppPaths

PROMPT = "a lighthouse at dawn --ar 3:2 --stylize 250"


def _old_library(paths: AppPaths) -> dict[str, int]:
    """A version-1 file with the rows the old job service wrote: every button press as ACTION."""
    paths.data.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(paths.database, isolation_level=None)
    assert migrate(conn, MIGRATIONS[:1]) == 1
    ids: dict[str, int] = {}

    def add(
        name: str,
        action: str,
        *,
        prompt: str = "",
        parent: str | None = None,
        button: str | None = None,
        params: object = None,
        summary: object = None,
        raw: object = None,
        final: str | None = None,
    ) -> None:
        cur = conn.execute(
            "INSERT INTO jobs (profile, action, submit_state, status, prompt, final_prompt, params, "
            "request_summary, raw, parent_job_id, parent_button, created_at, updated_at) "
            "VALUES ('p', ?, 'accepted', 'SUCCESS', ?, ?, ?, ?, ?, ?, ?, 1, 1)",
            (
                action,
                prompt,
                final,
                json.dumps(params or {}),
                json.dumps(summary or {}),
                None if raw is None else json.dumps(raw),
                ids.get(parent or ""),
                button,
            ),
        )
        ids[name] = int(cur.lastrowid or 0)

    u2 = "MJ::JOB::upsample::2::abc"
    add("imagine", "IMAGINE", prompt=PROMPT, final=f"http://127.0.0.1:1/uploads/x.png {PROMPT}")
    add(
        "u2",
        "ACTION",
        parent="imagine",
        button=u2,
        params={"task_id": "t1", "custom_id": u2},
        final=f"http://127.0.0.1:1/uploads/x.png {PROMPT}",
    )
    zoom = "MJ::Outpaint::50::1::abc::SOLO"
    add("zoom", "ACTION", parent="u2", button=zoom, params={"task_id": "t2", "custom_id": zoom})
    # No parent_button (the CLI pressing a button of a task it did not record): the summary has it.
    add(
        "region",
        "ACTION",
        parent="u2",
        summary={"type": "ActionRequest", "task_id": "t2", "custom_id": "MJ::Inpaint::1::abc::SOLO"},
    )
    # A customId this version does not know: the server's own word for the task decides.
    add(
        "odd",
        "ACTION",
        parent="imagine",
        params={"custom_id": "MJ::Something::new"},
        raw={"id": "t9", "action": "PAN", "status": "SUCCESS"},
    )
    # Nothing to go by: stays ACTION; junk in JSON columns must not stop the migration.
    add("unknown", "ACTION", params={"custom_id": 5}, raw=["not", "a", "task"])
    add("describe", "DESCRIBE", final="1️⃣ a cat\n\n2️⃣ a dog")
    add("picread", "IMAGINE", parent="describe", button="MJ::Job::PicReader::1", prompt="a cat")
    conn.execute("UPDATE jobs SET raw = '{not json' WHERE id = ?", (ids["unknown"],))
    conn.close()
    return ids


def test_old_follow_ups_get_their_real_action_and_their_family_prompt(paths: AppPaths) -> None:
    ids = _old_library(paths)
    with Library.open(paths) as lib:
        jobs = {name: lib.job(i) for name, i in ids.items()}
        assert {n: j.action for n, j in jobs.items()} == {
            "imagine": "IMAGINE",
            "u2": "UPSCALE",
            "zoom": "ZOOM",
            "region": "INPAINT",
            "odd": "PAN",
            "unknown": "ACTION",
            "describe": "DESCRIBE",
            "picread": "IMAGINE",
        }
        assert [j.id for j in lib.recent_jobs(query=JobQuery(action="UPSCALE"))] == [ids["u2"]]
        for name in ("u2", "zoom", "region", "odd"):
            assert jobs[name].prompt == PROMPT, name
        assert jobs["unknown"].prompt == "" and jobs["picread"].prompt == "a cat"
        # The prompt search finds the follow-ups by their family's words.
        assert {j.id for j in lib.search("lighthouse")} >= {ids["u2"], ids["zoom"], ids["region"]}
