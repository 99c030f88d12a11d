"""Trim ICU's data library to what mjdesk's two languages need (Linux bundles).

PySide6's Linux wheels ship ICU 73 with its whole data package compiled into libicudata.so.73:
32 MB of locale data for ~800 locales, legacy-charset converters and transliterators. Qt uses
ICU for collation, case mapping and locale-aware comparison; the app speaks English and
Simplified Chinese. ``trim_library`` rebuilds the library with the same soname and symbol around
a filtered copy of the package: every non-locale item (Unicode properties, normalisation,
break rules and dictionaries, time zones, plural and supplemental data) stays, locale items stay
for ``root``, ``en*`` and ``zh*`` (whose fallback chains end in those), and the charset
converters (Qt converts UTF-8/16/32 and Latin-1 itself) and transliterators go.

The package format is ICU's "common data" (source/common/ucmndata.h): a data header, then a
table of contents (count, then name/data offsets relative to the table) sorted by name, which
ICU binary-searches; each item keeps its own header and 16-byte alignment.
The frozen self-test sorts and case-maps Chinese and English through Qt to prove what is left
still works.
"""

from __future__ import annotations

import re
import struct
import subprocess
import tempfile
from pathlib import Path

_LOCALE = re.compile(r"^(?:root|[a-z]{2,3}(?:_[A-Za-z0-9]+)*)$")
# Names in locale-keyed folders that are not locales.
_NOT_LOCALES = frozenset({"pool", "res_index"})
_KEPT_LANGUAGES = ("root", "en", "zh")
_DROPPED_FOLDERS = frozenset({"translit"})
_DROPPED_SUFFIXES = (".cnv",)
_ALIGN = 16


def keep_item(name: str) -> bool:
    """Whether an item of the package (``icudt73l/coll/zh.res``) stays in the trimmed copy."""
    path = name.split("/", 1)[1] if "/" in name else name
    folder, _, base = path.rpartition("/")
    if folder in _DROPPED_FOLDERS or base.endswith(_DROPPED_SUFFIXES):
        return False
    stem, dot, ext = base.rpartition(".")
    if ext != "res" or not dot or stem in _NOT_LOCALES or not _LOCALE.match(stem):
        return True
    language = stem.split("_", 1)[0]
    return language in _KEPT_LANGUAGES


def parse_package(blob: bytes) -> tuple[bytes, list[tuple[str, bytes]]]:
    """(header, [(name, item bytes)]) of a common-data package starting at ``blob[0]``."""
    header_size, magic1, magic2 = struct.unpack_from("<HBB", blob, 0)
    if (magic1, magic2) != (0xDA, 0x27) or blob[12:16] != b"CmnD":
        raise ValueError("not an ICU common data package")
    toc = header_size
    (count,) = struct.unpack_from("<I", blob, toc)
    entries = [struct.unpack_from("<II", blob, toc + 4 + 8 * k) for k in range(count)]
    items: list[tuple[str, bytes]] = []
    for k, (name_offset, data_offset) in enumerate(entries):
        end = blob.index(b"\0", toc + name_offset)
        name = blob[toc + name_offset : end].decode("ascii")
        stop = toc + entries[k + 1][1] if k + 1 < count else len(blob)
        items.append((name, blob[toc + data_offset : stop]))
    return blob[:header_size], items


def build_package(header: bytes, items: list[tuple[str, bytes]]) -> bytes:
    """A package with ``items`` in the given (sorted) order, offsets recomputed."""
    names = b"".join(name.encode("ascii") + b"\0" for name, _ in items)
    toc_size = 4 + 8 * len(items)
    data_start = _aligned(toc_size + len(names))
    name_offsets, data_offsets = [], []
    name_at, data_at = toc_size, data_start
    body = bytearray()
    for name, data in items:
        name_offsets.append(name_at)
        name_at += len(name) + 1
        data_offsets.append(data_at)
        padded = data + b"\0" * (_aligned(len(data)) - len(data))
        body += padded
        data_at += len(padded)
    toc = struct.pack("<I", len(items)) + b"".join(
        struct.pack("<II", n, d) for n, d in zip(name_offsets, data_offsets, strict=True)
    )
    toc += names
    toc += b"\0" * (data_start - len(toc))
    return header + toc + bytes(body)


def trim_package(blob: bytes) -> bytes:
    header, items = parse_package(blob)
    return build_package(header, [(name, data) for name, data in items if keep_item(name)])


def _aligned(n: int) -> int:
    return (n + _ALIGN - 1) // _ALIGN * _ALIGN


def _symbol(library: Path) -> tuple[str, int, int]:
    """(name, file offset, size) of the library's one exported data symbol (``icudt73_dat``)."""
    out = subprocess.run(["nm", "-D", "-S", "--defined-only", str(library)], capture_output=True, text=True, check=True)
    for line in out.stdout.splitlines():
        parts = line.split()
        if len(parts) == 4 and re.fullmatch(r"icudt\d+_dat", parts[3]):
            address, size, name = int(parts[0], 16), int(parts[1], 16), parts[3]
            return name, _file_offset(library, address), size
    raise ValueError(f"{library.name} exports no icudt*_dat symbol")


def _file_offset(library: Path, address: int) -> int:
    out = subprocess.run(["readelf", "-W", "-l", str(library)], capture_output=True, text=True, check=True)
    for line in out.stdout.splitlines():
        parts = line.split()
        if parts and parts[0] == "LOAD":
            offset, vaddr, filesz = int(parts[1], 16), int(parts[2], 16), int(parts[4], 16)
            if vaddr <= address < vaddr + filesz:
                return offset + address - vaddr
    raise ValueError(f"address {address:#x} is in no loaded segment of {library.name}")


def _soname(library: Path) -> str:
    out = subprocess.run(["readelf", "-d", str(library)], capture_output=True, text=True, check=True)
    m = re.search(r"\(SONAME\)\s+Library soname: \[([^\]]+)\]", out.stdout)
    return m.group(1) if m else library.name


def trim_library(library: Path) -> tuple[int, int]:
    """Replace ``library`` by one exporting the trimmed package; return (bytes before, after)."""
    before = library.stat().st_size
    symbol, offset, size = _symbol(library)
    blob = library.read_bytes()[offset : offset + size]
    trimmed = trim_package(blob)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        (work / "data.dat").write_bytes(trimmed)
        (work / "data.s").write_text(
            f"\t.section .rodata\n\t.globl {symbol}\n\t.type {symbol}, @object\n\t.balign {_ALIGN}\n"
            f'{symbol}:\n\t.incbin "data.dat"\n\t.size {symbol}, . - {symbol}\n'
            '\t.section .note.GNU-stack,"",@progbits\n',
            encoding="ascii",
        )
        subprocess.run(["as", "-o", "data.o", "data.s"], cwd=work, check=True)
        subprocess.run(
            ["ld", "-shared", "--hash-style=both", "-soname", _soname(library), "-o", "out.so", "data.o"],
            cwd=work,
            check=True,
        )
        (work / "out.so").replace(library)
    return before, library.stat().st_size
