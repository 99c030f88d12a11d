"""One release's metadata for every installer: version, notes, file types, identifiers.

Each platform's installer is rendered from here with the version of mjdesk/_version.py, so a
release cannot ship a Windows installer, a macOS app and a release feed that disagree:

    python packaging/release_info.py feed   > dist/release-feed.json   # what the app's update check reads
    python packaging/release_info.py inno   build/windows/mjdesk.iss   # Inno Setup script, version filled in
    python packaging/release_info.py version                           # for workflow steps

``mjdesk.spec`` takes the macOS Info.plist from :func:`info_plist`; build_linux.py the AppStream
notes from :func:`release_notes`. tests/packaging checks each rendering.
"""

from __future__ import annotations

import json
import plistlib
import re
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bundle_config as cfg

ROOT = cfg.ROOT
PACKAGING = ROOT / "packaging"
RELEASES_URL = "https://github.com/mjdesk/mjdesk/releases"

# The image files mjdesk opens ("Open with", drag onto the icon): they land in Imagine's image
# prompts. (extensions, MIME type for Linux, Uniform Type Identifier for macOS). The .desktop
# file's MimeType and the file dialog's filter list the same types (tests/packaging checks).
IMAGE_TYPES: tuple[tuple[tuple[str, ...], str, str], ...] = (
    (("png",), "image/png", "public.png"),
    (("jpg", "jpeg"), "image/jpeg", "public.jpeg"),
    (("webp",), "image/webp", "org.webmproject.webp"),
    (("gif",), "image/gif", "com.compuserve.gif"),
    (("heic",), "image/heic", "public.heic"),
    (("heif",), "image/heif", "public.heif"),
    (("avif",), "image/avif", "public.avif"),
    (("bmp",), "image/bmp", "com.microsoft.bmp"),
    (("tif", "tiff"), "image/tiff", "public.tiff"),
)


def release_notes(changelog: str, limit: int = 8) -> list[str]:
    """The newest section's bullet points of CHANGELOG.md (its first lines, markdown removed)."""
    notes: list[str] = []
    in_section = False
    for line in changelog.splitlines():
        if line.startswith("## "):
            if in_section:
                break
            in_section = True
        elif in_section and line.startswith("- "):
            notes.append(line[2:].strip())
        elif in_section and notes and line.startswith("  ") and line.strip():
            notes[-1] += " " + line.strip()
    return [re.sub(r"[`*]", "", n) for n in notes[:limit]]


def changelog_notes() -> list[str]:
    return release_notes((ROOT / "CHANGELOG.md").read_text(encoding="utf-8"))


def feed(version: str, date: str) -> dict[str, Any]:
    """The release feed the app's update check reads (mjdesk/core/updates.py parses it)."""
    return {
        "schema": 1,
        "name": cfg.APP_NAME,
        "version": version,
        "date": date,
        "notes": changelog_notes(),
        "url": f"{RELEASES_URL}/tag/v{version}",
    }


def inno_script(version: str) -> str:
    """packaging/windows/mjdesk.iss with the version and the image-file registrations filled in.

    The rendered script belongs in build/windows/ (two folders below the root, like the template),
    so its relative paths hold.
    """
    template = (PACKAGING / "windows" / "mjdesk.iss").read_text(encoding="utf-8")
    exe = f"{cfg.APP_NAME}.exe"
    prog_id = f"{cfg.APP_NAME}.image"
    lines = [
        # "Open with" for these types, without taking them over from the user's image viewer.
        f'Root: HKA; Subkey: "Software\\Classes\\{prog_id}"; ValueType: string; ValueName: ""; '
        f'ValueData: "Image for mjdesk"; Flags: uninsdeletekey',
        f'Root: HKA; Subkey: "Software\\Classes\\{prog_id}\\DefaultIcon"; ValueType: string; ValueName: ""; '
        f'ValueData: "{{app}}\\{exe},0"',
        f'Root: HKA; Subkey: "Software\\Classes\\{prog_id}\\shell\\open\\command"; ValueType: string; '
        f'ValueName: ""; ValueData: """{{app}}\\{exe}"" ""%1"""',
        f'Root: HKA; Subkey: "Software\\Classes\\Applications\\{exe}"; ValueType: string; '
        f'ValueName: "FriendlyAppName"; ValueData: "mjdesk"; Flags: uninsdeletekey',
    ]
    for extensions, _mime, _uti in IMAGE_TYPES:
        for ext in extensions:
            lines.append(
                f'Root: HKA; Subkey: "Software\\Classes\\.{ext}\\OpenWithProgids"; ValueType: string; '
                f'ValueName: "{prog_id}"; ValueData: ""; Flags: uninsdeletevalue'
            )
            lines.append(
                f'Root: HKA; Subkey: "Software\\Classes\\Applications\\{exe}\\SupportedTypes"; '
                f'ValueType: string; ValueName: ".{ext}"; ValueData: ""'
            )
    return template.replace("@VERSION@", version).replace("@REGISTRY@", "\n".join(lines))


def info_plist(version: str) -> dict[str, Any]:
    """mjdesk.app's Info.plist: the template, this version, the document types it opens."""
    info = plistlib.loads((PACKAGING / "macos" / "Info.plist").read_bytes())
    info["CFBundleShortVersionString"] = version
    info["CFBundleVersion"] = version
    info["CFBundleIdentifier"] = cfg.BUNDLE_ID
    info["CFBundleIconFile"] = "mjdesk.icns"
    info["CFBundleDocumentTypes"] = [
        {
            "CFBundleTypeName": "Image",
            "CFBundleTypeRole": "Viewer",
            "LSHandlerRank": "Alternate",  # offered in "Open With", never made the default viewer
            "LSItemContentTypes": [uti for _exts, _mime, uti in IMAGE_TYPES],
        }
    ]
    return info


def main(argv: list[str]) -> int:
    version = cfg.version()
    what = argv[0] if argv else ""
    if what == "version":
        print(version)
    elif what == "feed":
        print(json.dumps(feed(version, time.strftime("%Y-%m-%d", time.gmtime())), ensure_ascii=False, indent=2))
    elif what == "inno" and len(argv) == 2:
        out = Path(argv[1])
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(inno_script(version), encoding="utf-8")
    else:
        print("usage: release_info.py version | feed | inno OUT.iss", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
