"""Smoke test of a frozen or installed mjdesk: fails on a bad exit code or any unexpected stderr line.

    python packaging/smoke_test.py dist/mjdesk/mjdesk        # the bundle
    python packaging/smoke_test.py /usr/bin/mjdesk           # the installed .deb

Runs offscreen with a throw-away home folder: ``--version`` (must print the version of
mjdesk/_version.py), then ``--selftest`` (window, imagine round trip on the in-process simulator,
every lazily imported module, Pillow in worker threads, mask export, keyring, TLS, translations).
When ``mjdesk-cli`` sits beside the binary (after resolving links) it runs its ``--version`` and
``demo`` (every CLI flow against the simulator) too. As in qutebrowser's smoke test, stderr must be
empty apart from the few harmless lines in ALLOWED_STDERR.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bundle_config as cfg

# Harmless noise a headless run may print before mjdesk's own logging takes over. Keep it short:
# every entry hides a class of problems.
ALLOWED_STDERR = (
    # Qt, on a machine without a login session (CI, containers, sudo).
    re.compile(r"QStandardPaths: (XDG_RUNTIME_DIR not set|wrong permissions on runtime directory).*"),
)
TIMEOUT_S = 120


class SmokeFailure(Exception):
    pass


def run(cmd: list[str], env: dict[str, str], what: str) -> tuple[str, float]:
    """Run ``cmd``; return stdout and seconds. Raise SmokeFailure on exit code or stderr."""
    started = time.monotonic()
    try:
        proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=TIMEOUT_S, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired as exc:
        raise SmokeFailure(f"{what}: no exit after {TIMEOUT_S} s") from exc
    elapsed = time.monotonic() - started
    unexpected = [
        line
        for line in proc.stderr.splitlines()
        if line.strip() and not any(p.fullmatch(line.strip()) for p in ALLOWED_STDERR)
    ]
    if proc.returncode != 0 or unexpected:
        raise SmokeFailure(
            f"{what}: exit code {proc.returncode}"
            + ("".join(f"\n  stdout: {line}" for line in proc.stdout.splitlines()[-10:]))
            + ("".join(f"\n  unexpected stderr: {line}" for line in unexpected[:30]))
        )
    return proc.stdout, elapsed


def smoke(binary: Path, *, expect_heif: bool, cli: bool) -> list[str]:
    version = cfg.version()
    home = Path(tempfile.mkdtemp(prefix="mjdesk-smoke-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MJDESK_", "QT_", "PYTHON"))}
    env.update(QT_QPA_PLATFORM="offscreen", MJDESK_HOME=str(home), LANG="C.UTF-8")
    env.pop("DISPLAY", None)
    env.pop("WAYLAND_DISPLAY", None)
    report = []

    out, secs = run([str(binary), "--version"], env, "--version")
    if out.strip() != f"mjdesk {version}":
        raise SmokeFailure(f"--version printed {out.strip()!r}, expected 'mjdesk {version}'")
    report.append(f"--version: {out.strip()} ({secs:.1f} s)")

    out, secs = run([str(binary), "--selftest", "--home", str(home)], env, "--selftest")
    ok_lines = [line for line in out.splitlines() if line.startswith("selftest ok:")]
    if len(ok_lines) < 2 or "FAILED" in out:
        raise SmokeFailure(f"--selftest did not report both parts ok:\n{out}")
    if expect_heif and " HEIF" not in ok_lines[-1]:
        raise SmokeFailure("--selftest: HEIF decoding is missing, though pi_heif was there to bundle")
    report += [f"--selftest ({secs:.1f} s):", *(f"  {line}" for line in ok_lines)]
    loaded = next((line for line in out.splitlines() if line.startswith("selftest loaded:")), None)
    if loaded is not None:  # Linux: what the self-test mapped, against what the bundle carries
        internal = binary.resolve().parent / "_internal"
        bundled = {p.relative_to(internal).as_posix() for p in internal.rglob("*.so*") if p.is_file()}
        used = set(loaded.removeprefix("selftest loaded:").split())
        problems = cfg.qt_files_unexplained(bundled, used)
        if problems:
            raise SmokeFailure("Qt files against the self-test:\n  " + "\n  ".join(problems))
        qt_used = sum(p.startswith("PySide6/Qt/") for p in used)
        report.append(
            f"Qt files: {qt_used} loaded by the self-test, {len(cfg.QT_NOT_LOADED_BY_SELFTEST)} kept for desktops"
        )

    cli_binary = binary.resolve().parent / ("mjdesk-cli.exe" if binary.suffix == ".exe" else "mjdesk-cli")
    if cli and cli_binary.exists():
        out, secs = run([str(cli_binary), "--version"], env, "mjdesk-cli --version")
        if out.strip() != f"mjdesk-cli {version}":
            raise SmokeFailure(f"mjdesk-cli --version printed {out.strip()!r}")
        out, secs = run([str(cli_binary), "--home", str(home / "cli"), "demo"], env, "mjdesk-cli demo")
        report.append(f"mjdesk-cli demo: {out.strip().splitlines()[-1]} ({secs:.1f} s)")
    elif cli:
        raise SmokeFailure(f"{cli_binary} is missing")
    return report


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="Smoke-test a frozen or installed mjdesk.")
    p.add_argument("binary", type=Path, help="the mjdesk executable (bundle, or /usr/bin/mjdesk)")
    p.add_argument("--no-cli", action="store_true", help="skip mjdesk-cli")
    p.add_argument(
        "--expect-heif",
        choices=("auto", "yes", "no"),
        default="auto",
        help="require HEIF support; auto: when this Python has pi_heif (the build bundles it then)",
    )
    args = p.parse_args(argv)
    expect_heif = args.expect_heif == "yes" or (
        args.expect_heif == "auto" and importlib.util.find_spec("pi_heif") is not None
    )
    if not os.access(args.binary, os.X_OK):
        print(f"smoke test FAILED: {args.binary} is not an executable", file=sys.stderr)
        return 1
    try:
        report = smoke(args.binary, expect_heif=expect_heif, cli=not args.no_cli)
    except SmokeFailure as exc:
        print(f"smoke test FAILED: {exc}", file=sys.stderr)
        return 1
    print(f"smoke test of {args.binary}: ok")
    for line in report:
        print(f"  {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
