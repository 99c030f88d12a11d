"""The interface language: which one, where its compiled catalogue is, and installing it (with
Qt's own) into the application."""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from mjdesk.core.paths import AppPaths

log = logging.getLogger("mjdesk")

LANGUAGES = ("en", "zh_CN")
PACKAGE_QM_DIR = Path(__file__).resolve().parents[1] / "resources"
SOURCE_TS_DIR = Path(__file__).resolve().parents[2] / "resources"


def system_language() -> str:
    from PySide6.QtCore import QLocale

    return "zh_CN" if QLocale.system().name().startswith("zh") else "en"


def qm_path(lang: str, cache: Path) -> Path | None:
    """The compiled translation: shipped in the package, else compiled now from resources/*.ts."""
    shipped = PACKAGE_QM_DIR / f"mjdesk_{lang}.qm"
    ts = SOURCE_TS_DIR / f"mjdesk_{lang}.ts"
    # In a source checkout a .qm left from an earlier build must not hide newer translations.
    if shipped.exists() and not (ts.exists() and ts.stat().st_mtime > shipped.stat().st_mtime):
        return shipped
    if not ts.exists():
        return None
    out = cache / "i18n" / f"mjdesk_{lang}.qm"
    if out.exists() and out.stat().st_mtime >= ts.stat().st_mtime:
        return out
    out.parent.mkdir(parents=True, exist_ok=True)
    compile_ts(ts, out)
    return out


def compile_ts(ts: Path, qm: Path) -> None:
    import subprocess

    lrelease = Path(sys.executable).parent / "pyside6-lrelease"
    cmd = [str(lrelease) if lrelease.exists() else "pyside6-lrelease", "-silent", str(ts), "-qm", str(qm)]
    subprocess.run(cmd, check=True, capture_output=True, timeout=60)


def install_translators(app: QApplication, lang: str, paths: AppPaths) -> list[Any]:
    from PySide6.QtCore import QLibraryInfo, QTranslator

    if lang == "en":
        return []
    import subprocess

    installed = []
    qt_own = QTranslator(app)
    if qt_own.load(f"qtbase_{lang}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt_own)
        installed.append(qt_own)
    try:
        path = qm_path(lang, paths.cache)
    except (OSError, subprocess.SubprocessError) as exc:
        log.warning("could not compile the %s translation: %s", lang, exc)
        path = None
    ours = QTranslator(app)
    if path is not None and ours.load(str(path)):
        app.installTranslator(ours)
        installed.append(ours)
    else:
        log.warning("no %s translation found; the interface stays in English", lang)
    return installed
