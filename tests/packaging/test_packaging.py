"""Fast checks of the packaging files, no freeze: one version everywhere, what the bundle keeps,
the .desktop file, maintainer scripts, icons, and a .deb staged from a fake bundle."""

from __future__ import annotations

import ast
import configparser
import json
import plistlib
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

import mjdesk
from mjdesk.app import selftest

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"
sys.path.insert(0, str(PACKAGING))

import build_linux  # noqa: E402
import bundle_config as cfg  # noqa: E402
import check_packages  # noqa: E402
import release_info  # noqa: E402


def test_one_version_everywhere() -> None:
    """The Windows installer, the macOS app and the release feed are rendered from one version and
    one list of image types (packaging/release_info.py): a release cannot ship them mismatched."""
    version = cfg.version()
    assert version == mjdesk.__version__
    template = (PACKAGING / "windows" / "mjdesk.iss").read_text(encoding="utf-8")
    assert "@VERSION@" in template and not re.search(r"\d+\.\d+\.\d+", template)  # never written by hand
    iss = release_info.inno_script(version)
    assert "@" not in iss.replace("{#AppName}@", "")
    assert f'#define AppVersion "{version}"' in iss and "AppVersion={#AppVersion}" in iss
    assert f"AppId={{{{{cfg.WINDOWS_APP_ID}}}" in iss
    assert "PrivilegesRequired=lowest" in iss and "ChangesAssociations=yes" in iss
    assert "SetupIconFile={#Root}\\resources\\icons\\mjdesk.ico" in iss
    assert (ROOT / "resources" / "icons" / "mjdesk.ico").exists()
    registered = set(re.findall(r'Subkey: "Software\\Classes\\\.(\w+)\\OpenWithProgids"', iss))
    assert registered == {ext for exts, _m, _u in release_info.IMAGE_TYPES for ext in exts}
    assert 'ValueData: """{app}\\mjdesk.exe"" ""%1"""' in iss  # the file reaches mjdesk IMAGE...

    info = release_info.info_plist(version)
    assert info["CFBundleShortVersionString"] == info["CFBundleVersion"] == version
    assert info["CFBundleIdentifier"] == cfg.BUNDLE_ID
    assert info["CFBundleIconFile"] == "mjdesk.icns" and (ROOT / "resources" / "icons" / "mjdesk.icns").exists()
    assert info["NSHighResolutionCapable"] is True
    (doc_type,) = info["CFBundleDocumentTypes"]
    assert doc_type["CFBundleTypeRole"] == "Viewer" and doc_type["LSHandlerRank"] == "Alternate"
    assert doc_type["LSItemContentTypes"] == [uti for _e, _m, uti in release_info.IMAGE_TYPES]
    plistlib.loads(plistlib.dumps(info))  # a valid plist
    spec = (PACKAGING / "mjdesk.spec").read_text(encoding="utf-8")
    assert "info_plist=release_info.info_plist(VERSION)" in spec


def test_the_release_feed_is_what_the_app_reads() -> None:
    from mjdesk.core import updates

    rendered = json.dumps(release_info.feed(cfg.version(), "2026-12-04")).encode()
    release = updates.parse_feed(rendered)
    assert release.version == cfg.version() and release.date == "2026-12-04"
    assert release.url == f"https://github.com/mjdesk/mjdesk/releases/tag/v{cfg.version()}"
    assert list(release.notes) == release_info.changelog_notes() and release.notes
    assert updates.DEFAULT_FEED_URL.startswith(release_info.RELEASES_URL)
    workflow = (ROOT / ".github" / "workflows" / "build.yml").read_text(encoding="utf-8")
    assert f"/{updates.DEFAULT_FEED_URL.rsplit('/', 1)[1]}" in workflow  # the feed is published under that name


def test_every_installer_opens_the_same_image_types() -> None:
    from mjdesk.ui.widgets.image_input import _FILE_FILTER

    desktop = (PACKAGING / "linux" / "mjdesk.desktop").read_text(encoding="utf-8")
    mime = re.search(r"^MimeType=(.*)$", desktop, re.M)[1].rstrip(";").split(";")
    assert mime == [m for _e, m, _u in release_info.IMAGE_TYPES]
    extensions = {ext for exts, _m, _u in release_info.IMAGE_TYPES for ext in exts}
    assert {p.removeprefix("*.") for p in _FILE_FILTER.split()} == extensions


def test_entitlements_allow_network_and_python() -> None:
    ent = plistlib.loads((PACKAGING / "macos" / "entitlements.plist").read_bytes())
    assert ent["com.apple.security.network.client"] is True
    assert ent["com.apple.security.cs.allow-unsigned-executable-memory"] is True


def _pyside_modules(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("PySide6"):
            parts = node.module.split(".")
            found |= {parts[1]} if len(parts) > 1 else {a.name for a in node.names}
        elif isinstance(node, ast.Import):
            found |= {a.name.split(".")[1] for a in node.names if a.name.startswith("PySide6.")}
    return found


def test_app_imports_only_the_kept_qt_modules() -> None:
    used = set().union(*(_pyside_modules(p) for p in (ROOT / "mjdesk").rglob("*.py")))
    assert used - {"__feature__"} <= cfg.QT_MODULES_USED, "the spec excludes these Qt modules"


@pytest.mark.parametrize(
    ("dest", "platform", "kept"),
    [
        ("PySide6/Qt/plugins/platforms/libqxcb.so", "linux", True),
        ("PySide6/Qt/plugins/platforms/libqoffscreen.so", "linux", True),
        ("PySide6/Qt/plugins/platforms/libqeglfs.so", "linux", False),
        ("PySide6/Qt/plugins/platforms/libqvnc.so", "linux", False),
        ("PySide6/Qt/plugins/imageformats/libqjpeg.so", "linux", True),
        ("PySide6/Qt/plugins/imageformats/libqpdf.so", "linux", False),
        ("PySide6/Qt/plugins/sqldrivers/libqsqlite.so", "linux", False),
        ("PySide6/Qt/plugins/platforminputcontexts/libibusplatforminputcontextplugin.so", "linux", True),
        ("PySide6/Qt/plugins/platforminputcontexts/libqtvirtualkeyboardplugin.so", "linux", False),
        ("PySide6/Qt/translations/qtbase_zh_CN.qm", "linux", True),
        ("PySide6/Qt/translations/qtbase_de.qm", "linux", False),
        ("PySide6/Qt/translations/assistant_zh_CN.qm", "linux", False),
        ("PySide6/Qt/lib/libQt6Widgets.so.6", "linux", True),
        # Qt Multimedia's FFmpeg plugin links Network, Quick and Qml: kept; their siblings are not.
        ("PySide6/Qt/lib/libQt6Network.so.6", "linux", True),
        ("libQt6Quick.so.6", "linux", True),
        ("libQt6QuickControls2.so.6", "linux", False),
        ("PySide6/Qt/lib/libQt6MultimediaWidgets.so.6", "linux", False),
        ("PySide6/Qt/lib/libQt6Multimedia.so.6", "linux", True),
        ("PySide6/Qt/lib/libavcodec.so.61", "linux", True),
        ("PySide6/Qt/plugins/multimedia/libffmpegmediaplugin.so", "linux", True),
        ("PySide6/Qt/lib/libQt6NetworkAuth.so.6", "linux", False),
        ("PySide6/Qt/lib/libicudata.so.73", "linux", True),
        ("libglib-2.0.so.0", "linux", False),
        ("libxcb-cursor.so.0", "linux", False),
        ("libstdc++.so.6", "linux", False),
        ("libpython3.11.so.1.0", "linux", True),
        ("libssl.so.3", "linux", True),
        ("libsqlite3.so.0", "linux", True),
        ("pillow.libs/libxcb-9065bb12.so.1.1.0", "linux", True),
        ("PySide6/plugins/platforms/qwindows.dll", "win32", True),
        ("PySide6/plugins/styles/qmodernwindowsstyle.dll", "win32", True),
        ("PySide6/Qt6Pdf.dll", "win32", False),
        ("PySide6/Qt6Gui.dll", "win32", True),
        ("PySide6/Qt/plugins/platforms/libqcocoa.dylib", "darwin", True),
        ("PySide6/Qt/lib/QtQml.framework/Versions/A/QtQml", "darwin", True),
        ("PySide6/Qt/lib/QtQmlCompiler.framework/Versions/A/QtQmlCompiler", "darwin", False),
        ("PySide6/Qt/lib/QtGui.framework/Versions/A/QtGui", "darwin", True),
        ("PySide6/Qt/qml/QtQuick/qmldir", "darwin", False),
        ("mjdesk/resources/mjdesk_zh_CN.qm", "linux", True),
        ("certifi/cacert.pem", "linux", True),
    ],
)
def test_bundle_filter(dest: str, platform: str, kept: bool) -> None:
    assert cfg.keep_file(dest, platform) is kept


def test_translations_kept_for_every_app_language() -> None:
    from mjdesk.app import LANGUAGES

    assert set(cfg.TRANSLATED_LANGUAGES) == set(LANGUAGES) - {"en"}


def test_selftest_sweep_names_real_modules() -> None:
    import importlib.util

    assert all(importlib.util.find_spec(name) for name in selftest.LAZY_THIRD_PARTY)


def test_desktop_file() -> None:
    path = PACKAGING / "linux" / "mjdesk.desktop"
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # keys are case-sensitive
    parser.read(path, encoding="utf-8")
    entry = parser["Desktop Entry"]
    assert entry["Type"] == "Application"
    assert entry["Exec"] == "mjdesk %F" and entry["Icon"] == "mjdesk"  # files: "Open with mjdesk"
    assert entry["TryExec"] == "mjdesk"  # a program name: "mjdesk %F" hid the entry from menus
    mime = entry["MimeType"].split(";")
    assert {"image/png", "image/jpeg", "image/webp", "image/heic"} <= set(mime) and mime[-1] == ""
    assert entry["Categories"].endswith(";") and "Graphics" in entry["Categories"]
    assert entry["StartupWMClass"] == "mjdesk"  # Qt's WM_CLASS: the window gets this entry's icon
    if shutil.which("desktop-file-validate"):
        result = subprocess.run(["desktop-file-validate", str(path)], capture_output=True, text=True)
        assert result.returncode == 0 and not result.stdout.strip(), result.stdout


@pytest.mark.parametrize("script", ["postinst", "postrm"])
def test_maintainer_scripts(script: str) -> None:
    path = PACKAGING / "linux" / script
    assert path.stat().st_mode & 0o111
    subprocess.run(["sh", "-n", str(path)], check=True)
    assert "command -v update-desktop-database" in path.read_text()  # tolerate systems without it


def test_icons_are_rendered() -> None:
    icons = ROOT / "resources" / "icons"
    for size in (16, 22, 24, 32, 48, 64, 128, 256, 512, 1024):
        with Image.open(icons / "png" / f"mjdesk-{size}.png") as png:
            assert png.size == (size, size) and png.mode == "RGBA"
    with Image.open(icons / "mjdesk.ico") as ico:
        assert {(16, 16), (32, 32), (48, 48), (256, 256)} <= set(ico.info["sizes"])
    with Image.open(icons / "mjdesk.icns") as icns:
        assert icns.size[0] >= 512


@pytest.mark.skipif(shutil.which("dpkg-deb") is None, reason="dpkg-deb is Debian's")
def test_deb_from_a_fake_bundle(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bundle = tmp_path / "mjdesk"
    for rel in ("mjdesk", "mjdesk-cli"):
        (bundle / rel).parent.mkdir(parents=True, exist_ok=True)
        (bundle / rel).write_text("#!/bin/sh\n")
        (bundle / rel).chmod(0o755)
    qm = bundle / "_internal" / "mjdesk" / "resources" / "mjdesk_zh_CN.qm"
    qm.parent.mkdir(parents=True)
    qm.write_bytes(b"qm")
    monkeypatch.setattr(build_linux, "BUILD", tmp_path / "build")
    monkeypatch.setattr(build_linux, "DIST", tmp_path / "dist")
    (tmp_path / "dist").mkdir()
    deb = build_linux.make_deb(bundle, "9.8.7")
    tarball = build_linux.make_tarball(bundle, "9.8.7")
    assert deb.name == "mjdesk_9.8.7_amd64.deb"
    assert check_packages.check_deb(deb, "9.8.7") == []
    assert check_packages.check_tarball(tarball, "9.8.7") == []
    assert check_packages.check_deb(deb, "9.8.8") == ["control Version: '9.8.7', expected '9.8.8'"]


def test_the_appstream_file_carries_this_version_and_the_changelogs_notes() -> None:
    """Software centres show the app's page from the AppStream file: its id is the bundle id, its
    release is this version, its notes are CHANGELOG.md's newest section, escaped (package-test
    runs appstreamcli and desktop-file-validate on what the .deb installs)."""
    import xml.etree.ElementTree as ET

    text = build_linux.render_metainfo(cfg.version(), "2026-12-04")
    root = ET.fromstring(text)
    assert root.findtext("id") == cfg.BUNDLE_ID
    assert root.find("launchable").text == "mjdesk.desktop"
    release = root.find("releases/release")
    assert release.get("version") == cfg.version() and release.get("date") == "2026-12-04"
    notes = [li.text for li in release.findall("description/ul/li")]
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    first = next(line[2:] for line in changelog.split("## ", 2)[2].splitlines() if line.startswith("- "))
    assert notes and notes[0].startswith(first.replace("`", "")[:40])
    assert "@" not in text  # every placeholder filled
    assert release_info.release_notes("## 1\n- a `b` *c*\n  more\n## 0\n- old\n") == ["a b c more"]


def test_icu_items_kept_for_the_apps_languages() -> None:
    import icu_data

    kept = [
        "icudt73l/root.res",
        "icudt73l/en_GB.res",
        "icudt73l/zh_Hans_CN.res",
        "icudt73l/coll/zh.res",
        "icudt73l/brkitr/cjdict.dict",
        "icudt73l/brkitr/word.brk",
        "icudt73l/uprops.icu",
        "icudt73l/nfkc.nrm",
        "icudt73l/zoneinfo64.res",
        "icudt73l/res_index.res",
        "icudt73l/lang/pool.res",
        "icudt73l/supplementalData.res",
    ]
    dropped = ["icudt73l/sv.res", "icudt73l/coll/de.res", "icudt73l/ibm-943_P15A-2003.cnv", "icudt73l/translit/el.res"]
    assert [n for n in kept if not icu_data.keep_item(n)] == []
    assert [n for n in dropped if icu_data.keep_item(n)] == []


def test_icu_package_round_trip_of_the_real_data() -> None:
    """PySide6's own ICU package, trimmed: a valid package (sorted names, aligned items, byte-identical
    items), a fraction of the size; the frozen self-test sorts Chinese and English with it."""
    import icu_data
    import PySide6

    library = next((Path(PySide6.__file__).parent / "Qt" / "lib").glob("libicudata.so.*"), None)
    if library is None or shutil.which("nm") is None:
        pytest.skip("no bundled ICU (not Linux) or no binutils")
    _symbol, offset, size = icu_data._symbol(library)
    blob = library.read_bytes()[offset : offset + size]
    header, items = icu_data.parse_package(blob)
    trimmed = icu_data.trim_package(blob)
    again_header, again = icu_data.parse_package(trimmed)
    assert again_header == header
    names = [n for n, _ in again]
    assert names == sorted(names) and "icudt73l/coll/zh.res" in names and "icudt73l/coll/sv.res" not in names
    original = dict(items)
    # each item is its original bytes, padded to the 16-byte alignment ICU expects
    assert all(data[: len(original[name])] == original[name] for name, data in again)
    assert [n for n, _ in icu_data.parse_package(icu_data.build_package(header, items))[1]] == [n for n, _ in items]
    assert len(trimmed) < len(blob) / 3


def test_qt_files_against_what_the_selftest_loaded() -> None:
    bundled = {
        "PySide6/Qt/lib/libQt6Core.so.6",
        "PySide6/Qt/plugins/platforms/libqoffscreen.so",
        *(f"PySide6/Qt/{p}" for p in cfg.QT_NOT_LOADED_BY_SELFTEST),
        "libpython3.11.so.1.0",
    }
    loaded = {"PySide6/Qt/lib/libQt6Core.so.6", "PySide6/Qt/plugins/platforms/libqoffscreen.so"}
    assert cfg.qt_files_unexplained(bundled, loaded) == []
    extra = "PySide6/Qt/plugins/sqldrivers/libqsqlite.so"
    assert cfg.qt_files_unexplained(bundled | {extra}, loaded) == [
        "plugins/sqldrivers/libqsqlite.so: bundled, never loaded by the self-test and not explained"
    ]
    xcb = "PySide6/Qt/plugins/platforms/libqxcb.so"
    assert cfg.qt_files_unexplained(bundled - {xcb}, loaded) == [
        "plugins/platforms/libqxcb.so: explained as not loaded, but no longer bundled"
    ]
    assert cfg.qt_files_unexplained(bundled, loaded | {xcb}) == [
        "plugins/platforms/libqxcb.so: explained as not loaded, but the self-test loads it"
    ]
    # every explained file is one the filter keeps
    assert all(cfg.keep_file(f"PySide6/Qt/{p}", "linux") for p in cfg.QT_NOT_LOADED_BY_SELFTEST)


def _qt_lib_dir() -> Path:
    import platform

    import PySide6

    lib_dir = Path(PySide6.__file__).parent / "Qt" / "lib"
    if platform.machine() != "x86_64" or not (lib_dir / "libQt6Quick.so.6").exists() or shutil.which("ld") is None:
        pytest.skip("the Quick stand-ins are built for Linux x86-64 with binutils")
    return lib_dir


def test_the_ffmpeg_plugin_uses_only_what_the_quick_stand_in_offers() -> None:
    import qt_stubs

    lib_dir = _qt_lib_dir()
    plugin = lib_dir.parent / "plugins" / "multimedia" / "libffmpegmediaplugin.so"
    assert qt_stubs.needed_from(lib_dir, [plugin]) == qt_stubs.PROVIDED


def test_quick_stand_ins_replace_the_real_libraries(tmp_path: Path) -> None:
    """On a copy of PySide6's libraries: the stand-ins export the plugin's two symbols under Quick's
    version, the Qml family goes, ~16 MB are saved; the frozen self-test plays a video with them."""
    import qt_stubs

    lib_dir = _qt_lib_dir()
    work = tmp_path / "lib"
    work.mkdir()
    for name in (qt_stubs.QUICK, qt_stubs.QML, *qt_stubs.QML_FAMILY, "libQt6Gui.so.6"):
        shutil.copy(lib_dir / name, work / name)
    plugin = lib_dir.parent / "plugins" / "multimedia" / "libffmpegmediaplugin.so"
    saved = qt_stubs.stub_quick(work, [plugin])
    assert saved > 15_000_000
    assert not any((work / name).exists() for name in qt_stubs.QML_FAMILY)
    exported = subprocess.run(
        ["nm", "-D", "--defined-only", str(work / qt_stubs.QUICK)], capture_output=True, text=True
    )
    assert f"{qt_stubs.GRAB}@@Qt_6" in exported.stdout and f"{qt_stubs.META}@@Qt_6" in exported.stdout
    soname = subprocess.run(["readelf", "-d", str(work / qt_stubs.QML)], capture_output=True, text=True).stdout
    assert f"[{qt_stubs.QML}]" in soname


def test_quick_stand_ins_are_refused_when_more_of_quick_is_used(tmp_path: Path) -> None:
    import qt_stubs

    lib_dir = _qt_lib_dir()
    user = tmp_path / "libuser.so"
    (tmp_path / "user.s").write_text(
        '\t.text\n\t.globl f\nf:\n\tjmp _ZN12QQuickWindow6updateEv@PLT\n\t.section .note.GNU-stack,"",@progbits\n',
        encoding="ascii",
    )
    subprocess.run(["as", "-o", "user.o", "user.s"], cwd=tmp_path, check=True)
    subprocess.run(
        ["ld", "-shared", "-o", str(user), "user.o", str(lib_dir / qt_stubs.QUICK)], cwd=tmp_path, check=True
    )
    work = tmp_path / "lib"
    work.mkdir()
    for name in (qt_stubs.QUICK, qt_stubs.QML):
        shutil.copy(lib_dir / name, work / name)
    with pytest.raises(qt_stubs.StubRefused, match="_ZN12QQuickWindow6updateEv"):
        qt_stubs.stub_quick(work, [user])
    assert (work / qt_stubs.QUICK).stat().st_size > 1_000_000  # the real library left in place
