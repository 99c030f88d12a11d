"""Check the built Linux packages without installing them, then smoke-test what the .deb carries.

    python packaging/check_packages.py          # after packaging/build_linux.py

The .deb: control fields (name, the one version, architecture, dependencies), the file list (app
under /opt/mjdesk, /usr/bin links, menu entry, hicolor icons, maintainer scripts), then its
payload is unpacked under build/ and its /opt/mjdesk/mjdesk runs the smoke test. The .tar.gz: one
top folder holding both executables. Installing for real (`dpkg -i`) is left to people: it needs
the X11 libraries from the network and changes the machine.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bundle_config as cfg
import smoke_test

ROOT = cfg.ROOT
DIST = ROOT / "dist"

DEB_FILES = (
    "./opt/mjdesk/mjdesk",
    "./opt/mjdesk/mjdesk-cli",
    "./opt/mjdesk/_internal/mjdesk/resources/mjdesk_zh_CN.qm",
    "./usr/share/applications/mjdesk.desktop",
    "./usr/share/metainfo/org.mjdesk.mjdesk.metainfo.xml",
    "./usr/share/icons/hicolor/scalable/apps/mjdesk.svg",
    *(f"./usr/share/icons/hicolor/{s}x{s}/apps/mjdesk.png" for s in (16, 22, 24, 32, 48, 64, 128, 256, 512)),
    "./usr/share/doc/mjdesk/copyright",
)
DEB_LINKS = {"./usr/bin/mjdesk": "/opt/mjdesk/mjdesk", "./usr/bin/mjdesk-cli": "/opt/mjdesk/mjdesk-cli"}


def dpkg_deb(*args: str) -> str:
    return subprocess.run(["dpkg-deb", *args], check=True, capture_output=True, text=True).stdout


def check_deb(deb: Path, version: str) -> list[str]:
    problems = []
    info = dpkg_deb("--info", str(deb))
    fields = dict(re.findall(r"^ (\w[\w-]*): (.*)$", info, re.M))
    expected = {"Package": "mjdesk", "Version": version, "Architecture": "amd64"}
    problems += [f"control {k}: {fields.get(k)!r}, expected {v!r}" for k, v in expected.items() if fields.get(k) != v]
    depends = fields.get("Depends", "")
    problems += [f"control Depends lacks {d}" for d in cfg.DEB_DEPENDS if d not in depends]
    problems += [f"no {script} script" for script in ("postinst", "postrm") if f" {script}" not in info]

    listing = dpkg_deb("--contents", str(deb))
    # dpkg-deb --contents: "perms owner/group size date time path[ -> target]"
    entries = {}
    for line in listing.splitlines():
        perms, owner, path = line.split()[0], line.split()[1], line.split(None, 5)[5]
        name, _, target = path.partition(" -> ")
        entries[name] = (perms, owner, target)
    problems += [f"missing {f}" for f in DEB_FILES if f not in entries]
    for link, target in DEB_LINKS.items():
        if entries.get(link, ("", "", ""))[2] != target:
            problems.append(f"{link} should link to {target}, is {entries.get(link)}")
    problems += [f"{name} owned by {e[1]}" for name, e in entries.items() if e[1] != "root/root"]
    exe = entries.get("./opt/mjdesk/mjdesk", ("",))[0]
    if not exe.endswith("x"):
        problems.append(f"/opt/mjdesk/mjdesk is not executable: {exe}")
    return problems


def check_tarball(tarball: Path, version: str) -> list[str]:
    top = f"mjdesk-{version}"
    with tarfile.open(tarball) as tar:
        names = set(tar.getnames())
    wanted = (f"{top}/mjdesk", f"{top}/mjdesk-cli", f"{top}/share/applications/mjdesk.desktop")
    problems = [f"{tarball.name} lacks {n}" for n in wanted if n not in names]
    problems += [f"{tarball.name}: {n} outside {top}/" for n in names if n.split("/")[0] != top][:5]
    return problems


def validate_integration(share: Path) -> list[str]:
    """The desktop entry (desktop-file-validate) and the AppStream file (appstreamcli, offline,
    infos allowed) as a software centre and the menus read them."""
    problems = []
    checks = (
        ["desktop-file-validate", str(share / "applications" / "mjdesk.desktop")],
        [
            "appstreamcli",
            "validate",
            "--no-net",
            "--no-color",
            str(share / "metainfo" / "org.mjdesk.mjdesk.metainfo.xml"),
        ],
    )
    for command in checks:
        if shutil.which(command[0]) is None:
            problems.append(f"{command[0]} not found: install Debian's desktop-file-utils and appstream")
            continue
        done = subprocess.run(command, capture_output=True, text=True)
        if done.returncode != 0:
            problems.append(f"{command[0]}: {(done.stdout + done.stderr).strip()}")
    return problems


def main() -> int:
    version = cfg.version()
    deb = DIST / f"mjdesk_{version}_amd64.deb"
    tarball = DIST / f"mjdesk-{version}-linux-x86_64.tar.gz"
    missing = [p.name for p in (deb, tarball) if not p.exists()]
    if missing:
        print(f"package check FAILED: not built: {', '.join(missing)}", file=sys.stderr)
        return 1
    problems = check_deb(deb, version) + check_tarball(tarball, version)
    if problems:
        print("package check FAILED:\n  " + "\n  ".join(problems), file=sys.stderr)
        return 1
    print(f"package check: {deb.name} and {tarball.name} ok")

    unpacked = ROOT / "build" / "deb-check"
    shutil.rmtree(unpacked, ignore_errors=True)
    dpkg_deb("-x", str(deb), str(unpacked))
    invalid = validate_integration(unpacked / "usr" / "share")
    if invalid:
        print("package check FAILED:\n  " + "\n  ".join(invalid), file=sys.stderr)
        return 1
    print("package check: desktop entry and AppStream metainfo valid")
    # The bundle itself was smoke-tested with the CLI already; the copy in the .deb is checked for
    # what packing can break: permissions, links, missing files.
    return smoke_test.main([str(unpacked / "opt" / "mjdesk" / "mjdesk"), "--no-cli"])


if __name__ == "__main__":
    sys.exit(main())
