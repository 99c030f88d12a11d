#!/usr/bin/env bash
# Make dist/mjdesk-<version>-macos-<arch>.dmg from dist/mjdesk.app (built by packaging/mjdesk.spec):
# the app beside an /Applications link, compressed (UDZO).
#   packaging/macos/create_dmg.sh VERSION
# With MACOS_SIGN_IDENTITY set ("Developer ID Application: ..."), the app is signed for the hardened
# runtime with packaging/macos/entitlements.plist first and the DMG after; without it the app keeps
# PyInstaller's ad-hoc signature (runs locally; Gatekeeper will not accept a download of it).
set -euo pipefail
cd "$(dirname "$0")/../.."
version="${1:?usage: create_dmg.sh VERSION}"
app="dist/mjdesk.app"
[ -d "$app" ] || { echo "create_dmg.sh: $app not found: run pyinstaller packaging/mjdesk.spec first" >&2; exit 1; }
dmg="dist/mjdesk-${version}-macos-$(uname -m).dmg"

if [ -n "${MACOS_SIGN_IDENTITY:-}" ]; then
    codesign --force --deep --timestamp --options runtime \
        --entitlements packaging/macos/entitlements.plist --sign "$MACOS_SIGN_IDENTITY" "$app"
    codesign --verify --deep --strict "$app"
fi

staging="$(mktemp -d)"
trap 'rm -rf "$staging"' EXIT
cp -R "$app" "$staging/"
ln -s /Applications "$staging/Applications"
rm -f "$dmg"
hdiutil create -volname "mjdesk ${version}" -srcfolder "$staging" -fs HFS+ -format UDZO -ov "$dmg"

if [ -n "${MACOS_SIGN_IDENTITY:-}" ]; then
    codesign --force --timestamp --sign "$MACOS_SIGN_IDENTITY" "$dmg"
fi
echo "$dmg"
