"""The mypy configuration only gets stricter: core, sim and ui keep every strict flag, and a module
given a relaxed flag must be listed in RELAXED below, a list that may only shrink (issue 16)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]

STRICT_PACKAGES = ("mjdesk.core.*", "mjdesk.sim.*", "mjdesk.ui.*")
STRICT_FLAGS = (
    "disallow_untyped_defs",
    "disallow_incomplete_defs",
    "disallow_untyped_calls",
    "disallow_untyped_decorators",
    "disallow_any_generics",
    "disallow_subclassing_any",
    "warn_return_any",
    "no_implicit_reexport",
)

# Module pattern -> the strict flags its override turns off. This list only shrinks: a module that
# meets a flag again leaves it (the test below fails until it does), and a new entry fails too.
RELAXED: dict[str, frozenset[str]] = {}


def _mypy() -> dict[str, Any]:
    with (ROOT / "pyproject.toml").open("rb") as f:
        config: dict[str, Any] = tomllib.load(f)["tool"]["mypy"]
    return config


def _modules(override: dict[str, Any]) -> list[str]:
    module = override["module"]
    return [module] if isinstance(module, str) else list(module)


def _relaxed(config: dict[str, Any]) -> dict[str, frozenset[str]]:
    found: dict[str, set[str]] = {}
    for override in config.get("overrides", []):
        off = {flag for flag in STRICT_FLAGS if override.get(flag) is False}
        if override.get("ignore_errors") is True:
            off.add("ignore_errors")
        if override.get("check_untyped_defs") is False:
            off.add("check_untyped_defs")
        for module in _modules(override):
            if module.startswith("mjdesk") and off:
                found.setdefault(module, set()).update(off)
    return {module: frozenset(flags) for module, flags in found.items()}


def test_core_sim_and_ui_keep_every_strict_flag() -> None:
    config = _mypy()
    missing = []
    for package in STRICT_PACKAGES:
        strict = [o for o in config.get("overrides", []) if package in _modules(o)]
        for flag in STRICT_FLAGS:
            if not any(o.get(flag) is True for o in strict):
                missing.append(f"{package}: {flag}")
    assert not missing, "strict flags dropped: " + ", ".join(missing)


def test_global_checks_stay_on() -> None:
    config = _mypy()
    for flag in ("check_untyped_defs", "warn_unused_ignores", "warn_redundant_casts", "strict_equality"):
        assert config.get(flag) is True, f"[tool.mypy] {flag} must stay true"
    assert "ignore-without-code" in config.get("enable_error_code", []), "a type: ignore must name its error code"
    assert not config.get("ignore_errors"), "[tool.mypy] ignore_errors would hide every error"


def test_relaxed_modules_only_shrink() -> None:
    relaxed = _relaxed(_mypy())
    added = {m: sorted(f - RELAXED.get(m, frozenset())) for m, f in relaxed.items() if f - RELAXED.get(m, frozenset())}
    assert not added, f"new mypy relaxations {added}: type the code instead of relaxing the check"
    gone = {m: sorted(f - relaxed.get(m, frozenset())) for m, f in RELAXED.items() if f - relaxed.get(m, frozenset())}
    assert not gone, f"{gone} no longer relaxed in pyproject.toml: take them out of RELAXED so the list shrinks"


def test_no_inline_mypy_configuration() -> None:
    """A ``# mypy:`` comment in a module would relax it where this list cannot see it."""
    inline = re.compile(r"^\s*#\s*mypy:", re.MULTILINE)
    offenders = [
        str(path.relative_to(ROOT))
        for path in sorted((ROOT / "mjdesk").rglob("*.py"))
        if inline.search(path.read_text(encoding="utf-8"))
    ]
    assert not offenders, f"inline mypy configuration in {offenders}: use pyproject.toml"
