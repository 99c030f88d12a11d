"""The task queries: fetch, list-by-condition / list-by-ids, the task list and queue, image seed,
and cancel (spec §3.12, §3.13)."""

from __future__ import annotations

from typing import Any

from .dialects import Submit
from .http import Response
from .state import SimState

# new-api's quota units: 500,000 per US dollar by default; a Midjourney imagine is often priced $0.10.
PRICE_PER_SUBMIT = 50_000


class QueryEndpoints(SimState):
    def _ep_fetch(self, task_id: str) -> Response:
        task = self.tasks.get(task_id)
        if task is None:
            return self.dialect.unknown_fetch()
        return Response.json(self.dialect.task_json(task, self._ctx, poll=True))

    def _ep_list_by_condition(self, body: Any) -> Response:
        d = self.dialect
        if not isinstance(body, dict):
            if d.rejects_bad_list_body:
                return d.reject("list_body")
            body = {}
        ids = body.get("ids") or []
        found = [self.tasks[str(i)] for i in ids if str(i) in self.tasks] if isinstance(ids, list) else []
        return Response.json([d.task_json(t, self._ctx, poll=True) for t in found])

    def _ep_list(self, *, queue: bool) -> Response:
        d = self.dialect
        if queue:
            chosen = self._store.unfinished()
        else:
            # Newest first = reverse creation order (the dict keeps it); ids made within one
            # millisecond end in random digits, so sorting by id would shuffle them.
            chosen = list(reversed(self.tasks.values()))
            if d.list_limit is not None:
                chosen = chosen[: d.list_limit]
        return Response.json([d.task_json(t, self._ctx) for t in chosen])

    def _ep_query(self, body: Any) -> Response:
        """midjourney-proxy's paged history: a Spring Data page, newest first (pageNumber from 0)."""
        body = body if isinstance(body, dict) else {}
        number, size = body.get("pageNumber", 0), body.get("pageSize", 10)
        if not isinstance(number, int) or not isinstance(size, int) or number < 0 or not 1 <= size <= 100:
            return self.dialect.reject("params")
        chosen = list(reversed(self.tasks.values()))
        status = body.get("status")
        if isinstance(status, str) and status:
            chosen = [t for t in chosen if t.status == status.upper()]
        page = chosen[number * size : (number + 1) * size]
        return Response.json(
            {
                "content": [self.dialect.task_json(t, self._ctx) for t in page],
                "totalElements": len(chosen),
                "totalPages": -(-len(chosen) // size),
                "number": number,
                "size": size,
            }
        )

    def _ep_account(self) -> Response:
        """new-api's /api/usage/token: the key's quota, each accepted submit costing its model's
        price (an imagine PRICE_PER_SUBMIT by default); refunds of failed tasks go to the user's
        balance, not back to the key's used quota."""
        used = self._used_quota
        quota = self.config.quota
        granted = quota * PRICE_PER_SUBMIT if quota is not None else used
        data = {
            "object": "token_usage",
            "name": "Simulator key",
            "total_granted": granted,
            "total_used": used,
            "total_available": max(0, granted - used),
            "unlimited_quota": quota is None,
            "model_limits": {},
            "model_limits_enabled": False,
            "expires_at": 0,
        }
        return Response.json({"code": True, "message": "ok", "data": data})

    def _ep_image_seed(self, task_id: str) -> Response:
        d = self.dialect
        task = self.tasks.get(task_id)
        if task is None:
            return d.seed_unknown()
        if task.status != "SUCCESS":
            return d.seed_not_ready()
        return d.submit(Submit(1, "成功", task.seed, {}))

    def _ep_cancel(self, task_id: str) -> Response:
        d = self.dialect
        if not self.config.admin:
            return Response.text("演示模式，禁止操作", 400)
        task = self.tasks.get(task_id)
        if task is None:
            return d.reject("parent_missing")
        self._store.cancel(task, "取消任务")
        return Response.empty(200)
