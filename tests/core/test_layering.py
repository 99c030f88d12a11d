"""The Qt-free layers stay Qt-free, and the CLI starts without heavy imports."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
QT_MODULES = {"PySide6", "PyQt5", "PyQt6", "qasync", "shiboken6"}
QT_FREE = [ROOT / "mjdesk" / "core", ROOT / "mjdesk" / "sim", ROOT / "mjdesk" / "cli"]


def _python_files() -> list[Path]:
    files: list[Path] = []
    for p in QT_FREE:
        files.extend([p] if p.is_file() else sorted(p.rglob("*.py")))
    return files


def test_core_sim_and_cli_never_import_qt() -> None:
    offenders = []
    for path in _python_files():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                if name.split(".")[0] in QT_MODULES or name.startswith("mjdesk.ui"):
                    offenders.append(f"{path.relative_to(ROOT)}:{node.lineno} imports {name}")
    assert not offenders, "\n".join(offenders)


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
