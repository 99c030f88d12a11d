"""What the window and its tabs are given by the composition root (mjdesk.app)."""

from __future__ import annotations

from dataclasses import dataclass, field

from mjdesk.core.imaging import ImagingPool
from mjdesk.core.paths import AppPaths
from mjdesk.core.settings import Settings

from .backend import Backend


@dataclass
class Services:
    backend: Backend
    pool: ImagingPool
    paths: AppPaths
    settings: Settings = field(default_factory=Settings)
