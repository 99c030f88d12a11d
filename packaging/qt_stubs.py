"""Replace Qt Quick and Qml in a Linux bundle by stand-ins that carry only what is used of them.

Qt Multimedia's FFmpeg plugin (the video player's backend) links libQt6Quick and libQt6Qml, and
through them QmlModels, QmlMeta and QmlWorkerScript: ~17 MB that a Widgets app never runs. The
plugin uses two symbols of Quick, both for screen capture of a QQuickWindow (QWindowCapture, which
mjdesk never uses): ``qobject_cast<QQuickWindow *>(window)`` and ``QQuickWindow::grabWindow()``.
Nothing of Qml.

The stand-in libQt6Quick.so.6 exports those two with Quick's own symbol version: a
``staticMetaObject`` that no object's meta-object equals or inherits (``qobject_cast`` compares
meta-object pointers, so every cast to QQuickWindow yields nullptr), and a ``grabWindow`` that
returns a null QImage (unreachable after that cast, and harmless if ever reached). libQt6Qml.so.6
becomes an empty library of the same name.

Before stubbing, every other ELF file in the bundle is checked for symbols it takes from the real
Quick or Qml: if a new PySide6 needs more than the stand-ins offer, the build stops and says which.
The frozen self-test plays an MP4 through the plugin with the stand-ins in place.
x86-64 only (the stand-in is a few lines of assembly); elsewhere the real libraries stay.
"""

from __future__ import annotations

import platform
import re
import subprocess
import tempfile
from pathlib import Path

QUICK = "libQt6Quick.so.6"
QML = "libQt6Qml.so.6"
# Needed only by the real Quick and Qml: gone with them.
QML_FAMILY = ("libQt6QmlModels.so.6", "libQt6QmlMeta.so.6", "libQt6QmlWorkerScript.so.6")
GRAB = "_ZN12QQuickWindow10grabWindowEv"  # QQuickWindow::grabWindow()
META = "_ZN12QQuickWindow16staticMetaObjectE"  # QQuickWindow::staticMetaObject
PROVIDED = frozenset({GRAB, META})
VERSION = "Qt_6"


class StubRefused(RuntimeError):
    """The bundle uses more of Quick or Qml than the stand-ins provide."""


def _symbols(path: Path, *, defined: bool) -> set[str]:
    flag = "--defined-only" if defined else "--undefined-only"
    out = subprocess.run(["nm", "-D", flag, str(path)], capture_output=True, text=True)
    names = set()
    for line in out.stdout.splitlines():
        name = line.split()[-1] if line.strip() else ""
        names.add(re.sub(r"@+.*$", "", name))
    return names - {""}


def needed_from(lib_dir: Path, bundle_elves: list[Path]) -> set[str]:
    """The symbols that ELF files other than Quick, Qml and their family take from Quick or Qml."""
    offered = _symbols(lib_dir / QUICK, defined=True) | _symbols(lib_dir / QML, defined=True)
    family = {QUICK, QML, *QML_FAMILY}
    used: set[str] = set()
    for elf in bundle_elves:
        if elf.name not in family:
            used |= _symbols(elf, defined=False) & offered
    return used


def stub_source(meta_size: int) -> str:
    return f"""\
\t.text
\t.globl {GRAB}
\t.type {GRAB}, @function
{GRAB}:
\t# QImage QQuickWindow::grabWindow(): rdi = the returned QImage's storage, rsi = this
\tpush %rdi
\tcall _ZN6QImageC1Ev@PLT
\tpop %rax
\tret
\t.size {GRAB}, . - {GRAB}

\t.section .data.rel.ro
\t.globl {META}
\t.type {META}, @object
\t.balign 16
{META}:
\t.zero {meta_size}
\t.size {META}, {meta_size}
\t.section .note.GNU-stack,"",@progbits
"""


def _meta_size(quick: Path) -> int:
    out = subprocess.run(["nm", "-D", "-S", "--defined-only", str(quick)], capture_output=True, text=True, check=True)
    for line in out.stdout.splitlines():
        parts = line.split()
        if len(parts) == 4 and parts[3].startswith(META):
            return int(parts[1], 16)
    raise StubRefused(f"{QUICK} has no {META}")


def stub_quick(lib_dir: Path, bundle_elves: list[Path]) -> int:
    """Put the stand-ins in ``lib_dir``; return the bytes saved (0 where not applicable)."""
    quick, qml = lib_dir / QUICK, lib_dir / QML
    if platform.machine() != "x86_64" or not quick.exists() or not qml.exists():
        return 0
    missing = needed_from(lib_dir, bundle_elves) - PROVIDED
    if missing:
        raise StubRefused(
            f"the bundle now needs {', '.join(sorted(missing))} from Qt Quick/Qml: extend packaging/qt_stubs.py"
        )
    family = [quick, qml, *(lib_dir / name for name in QML_FAMILY if (lib_dir / name).exists())]
    before = sum(p.stat().st_size for p in family)
    meta_size = _meta_size(quick)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        (work / "quick.s").write_text(stub_source(meta_size), encoding="ascii")
        (work / "quick.map").write_text(f"{VERSION} {{ global: {GRAB}; {META}; local: *; }};\n", encoding="ascii")
        (work / "empty.s").write_text('\t.section .note.GNU-stack,"",@progbits\n', encoding="ascii")
        for source in ("quick", "empty"):
            subprocess.run(["as", "-o", f"{source}.o", f"{source}.s"], cwd=work, check=True)
        link = ["ld", "-shared", "--hash-style=both", "-z", "now", "-z", "relro"]
        subprocess.run(
            [
                *link,
                "-soname",
                QUICK,
                "--version-script=quick.map",
                "-rpath",
                "$ORIGIN",
                "-o",
                "quick.so",
                "quick.o",
                str(lib_dir / "libQt6Gui.so.6"),  # QImage's constructor, with its symbol version
            ],
            cwd=work,
            check=True,
        )
        subprocess.run([*link, "-soname", QML, "-o", "qml.so", "empty.o"], cwd=work, check=True)
        for path in family[2:]:
            path.unlink()
        (work / "quick.so").replace(quick)
        (work / "qml.so").replace(qml)
    return before - quick.stat().st_size - qml.stat().st_size
