"""Prompts the user submitted, newest first, kept in the config folder across sessions."""

from __future__ import annotations

import json
import logging
from pathlib import Path

log = logging.getLogger("mjdesk.ui.history")


class PromptHistory:
    def __init__(self, path: Path, limit: int = 200) -> None:
        self.path = path
        self.limit = limit
        self.items: list[str] = self._load()

    def _load(self) -> list[str]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return []
        except (OSError, ValueError) as exc:
            # A damaged history is not worth refusing to start over; say so in the log.
            log.warning("prompt history unreadable, starting empty: %s", exc)
            return []
        return [p for p in data if isinstance(p, str)][: self.limit] if isinstance(data, list) else []

    def add(self, prompt: str) -> None:
        prompt = prompt.strip()
        if not prompt:
            return
        self.items = [prompt, *(p for p in self.items if p != prompt)][: self.limit]
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_suffix(".tmp")
            tmp.write_text(json.dumps(self.items, ensure_ascii=False, indent=0), encoding="utf-8")
            tmp.replace(self.path)
        except OSError as exc:
            log.warning("could not save the prompt history: %s", exc)
