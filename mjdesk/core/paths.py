"""Where mjdesk keeps its files: the platform folders, or one home folder when overridden.

``--home DIR`` (GUI and CLI) or ``MJDESK_HOME`` puts everything under one folder, which is what
tests, portable installs and a second library need.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

APP_NAME = "mjdesk"


@dataclass(frozen=True)
class AppPaths:
    data: Path  # the library database and downloaded files
    config: Path  # settings
    cache: Path  # thumbnails, encoded-image cache
    logs: Path

    @property
    def database(self) -> Path:
        return self.data / "library.sqlite3"

    @property
    def files(self) -> Path:
        return self.data / "files"

    def ensure(self) -> AppPaths:
        for p in (self.data, self.config, self.cache, self.logs):
            p.mkdir(parents=True, exist_ok=True)
        return self


def app_paths(home: str | os.PathLike[str] | None = None) -> AppPaths:
    """The folders for ``home`` (or ``$MJDESK_HOME``), else the platform's per-user folders."""
    chosen = home if home is not None else os.environ.get("MJDESK_HOME") or None
    if chosen:
        root = Path(chosen).expanduser().resolve()
        return AppPaths(data=root / "data", config=root / "config", cache=root / "cache", logs=root / "logs")
    import platformdirs

    dirs = platformdirs.PlatformDirs(APP_NAME, appauthor=False)
    return AppPaths(
        data=Path(dirs.user_data_dir),
        config=Path(dirs.user_config_dir),
        cache=Path(dirs.user_cache_dir),
        logs=Path(dirs.user_log_dir),
    )
