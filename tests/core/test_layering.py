"""The layers hold (import-linter contracts), and the CLI starts without heavy imports."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def test_import_contracts_hold() -> None:
    """The contracts in pyproject.toml ([tool.importlinter]): layers, Qt only in ui and app, no
    cycles between sibling modules. Run here too, so a plain `pytest` catches a broken layer."""
    out = subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"], capture_output=True, text=True, cwd=ROOT, timeout=120, check=False
    )
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-2000:]
    assert "3 kept, 0 broken" in out.stdout, out.stdout[-1000:]


def test_cli_version_imports_neither_qt_nor_pillow() -> None:
    code = (
        "import sys, runpy\n"
        "sys.argv = ['mjdesk-cli', '--version']\n"
        "from mjdesk import cli\n"
        "try:\n    cli.main()\nexcept SystemExit as e:\n    assert e.code in (0, None), e.code\n"
        "heavy = sorted(m for m in sys.modules\n"
        "               if m.split('.')[0] in ('PySide6', 'PIL', 'qasync', 'shiboken6'))\n"
        "print('HEAVY=' + ','.join(heavy))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert out.returncode == 0, out.stderr
    assert "HEAVY=\n" in out.stdout, out.stdout
    assert out.stdout.splitlines()[0].startswith("mjdesk-cli "), out.stdout
