"""What goes into the frozen bundle, as data the spec applies and tests/packaging check.

Kept free of PyInstaller imports so the fast tests can load it without freezing anything.
Destination names are the bundle-relative paths PyInstaller puts in a TOC entry, with forward
slashes (Windows puts PySide6's Qt tree at ``PySide6/``, Linux and macOS at ``PySide6/Qt/``).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path, PurePosixPath

ROOT = Path(__file__).resolve().parent.parent
APP_NAME = "mjdesk"
BUNDLE_ID = "org.mjdesk.mjdesk"
# Inno Setup identifies the product by this GUID across versions: never change it.
WINDOWS_APP_ID = "6E10712D-FD16-4945-885A-50E68729CF10"

# The only PySide6 modules the app imports (tests/packaging checks the source against this).
QT_MODULES_USED = frozenset({"QtCore", "QtGui", "QtWidgets", "QtSvg", "QtMultimedia"})
# What the bundle keeps: those, and the bindings they import themselves (QtMultimedia's needs QtNetwork).
QT_MODULES_BUNDLED = QT_MODULES_USED | {"QtNetwork"}

# Languages the app ships besides English; Qt's own qtbase catalogue is kept only for these.
TRANSLATED_LANGUAGES = ("zh_CN",)

# Qt plugin folders a Widgets app needs; every other folder (sql drivers, QML tooling, TLS,
# network information, print support, designer, generic input, eglfs devices, ...) is dropped.
QT_PLUGIN_DIRS = frozenset(
    {
        "platforms",
        "platformthemes",  # GTK / xdg-desktop-portal file dialogs and palette
        "platforminputcontexts",  # IBus / compose: needed to type Chinese
        "imageformats",
        "iconengines",
        "styles",  # the Windows 11 style
        "xcbglintegrations",
        "wayland-decoration-client",
        "wayland-graphics-integration-client",
        "wayland-shell-integration",
        "multimedia",  # the video player's FFmpeg backend
    }
)

# Within those folders, the plugins kept (name without "lib" prefix and extension).
QT_PLUGINS_KEPT = {
    # Real desktops (X11, Wayland, Windows, macOS) plus the headless one the smoke test and CI use;
    # minimal, eglfs, linuxfb, vnc and friends are for tests and embedded devices.
    "platforms": {"qxcb", "qwayland", "qoffscreen", "qwindows", "qdirect2d", "qcocoa"},
    # Wayland: the standard desktop shell and OpenGL; ivi (cars), fullscreen-shell, wl-shell (obsolete),
    # qt-shell and the *-server graphics integrations serve Qt's own compositors, not desktops.
    "wayland-shell-integration": {"xdg-shell"},
    "wayland-graphics-integration-client": {"qt-plugin-wayland-egl"},
    # Qt decodes thumbnails (JPEG/PNG; PNG is built in) and dropped files for previews; Pillow does
    # the real decoding, so TIFF, TGA, WBMP, PDF, ICNS and HEIF readers are not needed.
    "imageformats": {"qjpeg", "qgif", "qico", "qsvg", "qwebp"},
    # FFmpeg on every platform (Windows' and macOS' native backends are not needed beside it).
    "multimedia": {"ffmpegmediaplugin"},
    # The virtual keyboard plugin drags in QtQuick.
    "platforminputcontexts": {"composeplatforminputcontextplugin", "ibusplatforminputcontextplugin"},
}

# Qt shared libraries that only the dropped modules and plugins use (module names without the
# "Qt6" prefix). PyInstaller collects a plugin's dependencies before the spec filters the plugin,
# so they are removed by name too; packaging/verify_bundle.py fails the build if a kept library
# still needs one of them.
QT_LIBS_DROPPED = re.compile(
    r"(Qml|Quick|Pdf|Sql|Test|Designer|Help|Network|VirtualKeyboard|Multimedia|WebEngine|WebChannel"
    r"|WebSockets|3D|Charts|DataVisualization|Graphs|Positioning|Location|Sensors|SerialPort|SerialBus"
    r"|Nfc|Bluetooth|Lottie|LabsStyleKit|UiTools|Concurrent|PrintSupport|OpenGLWidgets|Xml|SvgWidgets"
    r"|StateMachine|Scxml|RemoteObjects|TextToSpeech|SpatialAudio|HttpServer|NetworkAuth|ShaderTools"
    r"|WaylandCompositor|EglFs|EglFS)\w*"
)

# ...except what Qt Multimedia's FFmpeg plugin links to: it needs Quick and Qml (its QML video
# output), OpenGL, Network and Concurrent although the app's player draws frames into a widget.
QT_LIBS_FOR_VIDEO = frozenset(
    {"Multimedia", "Quick", "Qml", "QmlModels", "QmlMeta", "QmlWorkerScript", "Network", "OpenGL", "Concurrent"}
)

# Qt files (relative to the Qt folder) a Linux bundle keeps although the frozen self-test, offscreen
# and without a desktop session, never loads them: what a real desktop loads instead. The smoke test
# compares the bundle with what the self-test mapped: a bundled Qt library or plugin that is neither
# loaded nor listed here fails it (drop it above, or say here who needs it), and so does an entry
# that is loaded or no longer bundled, so the list cannot rot.
QT_NOT_LOADED_BY_SELFTEST = {
    "lib/libQt6XcbQpa.so.6": "X11 desktops (the xcb platform's library)",
    "lib/libQt6WaylandClient.so.6": "Wayland desktops",
    "lib/libQt6WlShellIntegration.so.6": "Wayland desktops (window shell protocol)",
    "plugins/platforms/libqxcb.so": "X11 desktops",
    "plugins/platforms/libqwayland.so": "Wayland desktops",
    "plugins/platformthemes/libqgtk3.so": "GNOME and other GTK desktops: native file dialogs, palette",
    "plugins/platformthemes/libqxdgdesktopportal.so": "sandboxed and portal desktops: file dialogs, dark mode",
    "plugins/platforminputcontexts/libibusplatforminputcontextplugin.so": "typing Chinese through IBus",
    "plugins/platforminputcontexts/libcomposeplatforminputcontextplugin.so": "dead keys and compose sequences",
    "plugins/iconengines/libqsvgicon.so": "SVG icons of the desktop's icon theme (file dialogs, menus)",
    "plugins/xcbglintegrations/libqxcb-glx-integration.so": "OpenGL on X11 (video frames)",
    "plugins/xcbglintegrations/libqxcb-egl-integration.so": "EGL on X11 (video frames)",
    "plugins/wayland-decoration-client/libadwaita.so": "title bars on GNOME's Wayland session",
    "plugins/wayland-decoration-client/libbradient.so": "title bars on other Wayland compositors",
    "plugins/wayland-graphics-integration-client/libqt-plugin-wayland-egl.so": "OpenGL on Wayland",
    "plugins/wayland-shell-integration/libxdg-shell.so": "windows on every Wayland desktop",
}
_QT_FOLDER = "PySide6/Qt/"


def qt_files_unexplained(bundled: set[str], loaded: set[str]) -> list[str]:
    """Problems between the Qt files a Linux bundle carries and those its self-test loaded.

    Both sets hold paths relative to the bundle's ``_internal`` folder; only the Qt folder's shared
    libraries and plugins are judged (Python extensions load on demand, as the import sweep shows).
    """
    qt = {p.removeprefix(_QT_FOLDER) for p in bundled if p.startswith(_QT_FOLDER)}
    used = {p.removeprefix(_QT_FOLDER) for p in loaded if p.startswith(_QT_FOLDER)}
    listed = set(QT_NOT_LOADED_BY_SELFTEST)
    problems = [f"{p}: bundled, never loaded by the self-test and not explained" for p in sorted(qt - used - listed)]
    problems += [f"{p}: explained as not loaded, but the self-test loads it" for p in sorted(listed & used)]
    problems += [f"{p}: explained as not loaded, but no longer bundled" for p in sorted(listed - qt)]
    return problems


_PLUGIN = re.compile(r"^PySide6/(?:Qt/)?plugins/(?P<dir>[^/]+)/(?:lib)?(?P<name>[^/.]+)\.")
_TRANSLATION = re.compile(r"^PySide6/(?:Qt/)?translations/(?P<file>[^/]+)$")
# libQt6Gui.so.6 (Linux), Qt6Gui.dll (Windows), lib/QtGui.framework/... (macOS).
# PyInstaller also links the Linux ones into the top folder, hence the optional prefix.
_QT_LIB = re.compile(r"^(?:PySide6/(?:Qt/)?(?:lib/)?)?(?:libQt6|Qt6|Qt(?=\w+\.framework/))(?P<module>[A-Za-z0-9]+)")
_QT_DATA_DIRS = ("qml/", "libexec/", "metatypes/")

# Linux: libraries of the desktop session that the build machine's copies must not replace. Qt's
# GTK theme plugin loads the host's GTK, which needs the host's GLib, cairo, pango...; X11/xcb,
# Wayland, fontconfig and D-Bus talk to host services; libmvec belongs to glibc; libstdc++ must be
# at least as new as what the host's GL driver needs. The .deb depends on them; every desktop has
# them (the AppImage project's exclude list, trimmed to what PyInstaller collects here).
HOST_LIBS = re.compile(
    r"lib(?:(?:glib|gio|gobject|gmodule|gthread)-2\.0|X11(?:-xcb)?|Xext|Xrender|Xau|Xdmcp|xcb[\w-]*"
    r"|xkbcommon(?:-x11)?|wayland-\w+|EGL|GLX?|OpenGL|dbus-1|fontconfig|freetype|harfbuzz|graphite2"
    r"|cairo(?:-gobject)?|pango\w*-1\.0|gdk_pixbuf-2\.0|atk-1\.0|fribidi|thai|datrie|pixman-1|systemd"
    r"|gcrypt|gpg-error|lz4|cap|selinux|mount|blkid|pcre2-8|bsd|md|uuid|krb5(?:support)?|gssapi_krb5"
    r"|k5crypto|com_err|keyutils|brotli(?:common|dec)|mvec|stdc\+\+|gcc_s|gtk-3|gdk-3"
    # PulseAudio's client (Qt Multimedia links it) and the codecs it pulls in.
    r"|pulse|pulsecommon-[\d.]+|sndfile|asyncns|FLAC|vorbis(?:enc)?|opus|mp3lame|mpg123|ogg|apparmor)\.so[.\d]*"
)


def keep_file(dest: str, platform: str = sys.platform) -> bool:
    """Whether a bundle file (TOC destination name) stays in the frozen app built on ``platform``."""
    dest = PurePosixPath(dest.replace("\\", "/")).as_posix()
    if platform.startswith("linux") and HOST_LIBS.fullmatch(dest):
        return False
    if m := _PLUGIN.match(dest):
        folder, name = m["dir"], m["name"]
        return folder in QT_PLUGIN_DIRS and (folder not in QT_PLUGINS_KEPT or name in QT_PLUGINS_KEPT[folder])
    if m := _TRANSLATION.match(dest):
        return m["file"] in {f"qtbase_{lang}.qm" for lang in TRANSLATED_LANGUAGES}
    qt_tree = dest.removeprefix("PySide6/").removeprefix("Qt/")
    if dest.startswith("PySide6/") and qt_tree.startswith(_QT_DATA_DIRS):
        return False
    m = _QT_LIB.match(dest)
    return not (m and QT_LIBS_DROPPED.fullmatch(m["module"]) and m["module"] not in QT_LIBS_FOR_VIDEO)


def version() -> str:
    """The one version, read from mjdesk/_version.py without importing the package."""
    text = (ROOT / "mjdesk" / "_version.py").read_text(encoding="utf-8")
    m = re.search(r'^__version__\s*=\s*"([^"]+)"', text, re.M)
    if not m:
        raise RuntimeError("no __version__ in mjdesk/_version.py")
    return m.group(1)


# The .deb's dependencies: the Debian 12 packages of the host libraries above that the kept Qt
# libraries and plugins link to (packaging/build_linux.py checks every missing soname is a host
# library). The X11 ones are hard dependencies: Qt's xcb plugin needs all of them to start
# (libxcb-cursor0 is the one desktops most often lack). Wayland and the GTK theme are optional.
DEB_DEPENDS = (
    "libc6 (>= 2.36)",
    "libstdc++6",
    "libgcc-s1",
    "libglib2.0-0",
    "libdbus-1-3",
    "libfontconfig1",
    "libfreetype6",
    "libx11-6",
    "libx11-xcb1",
    "libxcb1",
    "libxkbcommon0",
    "libxkbcommon-x11-0",
    "libegl1",
    "libgl1",
    "libxcb-cursor0",
    "libxcb-icccm4",
    "libxcb-image0",
    "libxcb-keysyms1",
    "libxcb-randr0",
    "libxcb-render-util0",
    "libxcb-render0",
    "libxcb-shape0",
    "libxcb-shm0",
    "libxcb-sync1",
    "libxcb-xfixes0",
    "libxcb-xkb1",
    "libxcb-glx0",
    "libxcb-util1",
    "libpulse0",  # Qt Multimedia (the video player) links it, even for silent videos
)
DEB_RECOMMENDS = ("libwayland-client0", "libwayland-cursor0", "libwayland-egl1", "libgtk-3-0", "hicolor-icon-theme")
