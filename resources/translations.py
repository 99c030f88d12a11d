"""The Chinese translation file and the strings it must cover.

    python resources/translations.py missing > todo.json   # [[context, source, ""], ...]
    (fill in the third column)
    python resources/translations.py add todo.json          # written into mjdesk_zh_CN.ts

pyside6-lupdate is not used: it misreads QT_TRANSLATE_NOOP(context, text) in several modules and
rewrites the whole file. Strings are found by an AST scan of mjdesk/ (self.tr inside a class,
QCoreApplication.translate and QT_TRANSLATE_NOOP with literal text); tests/ui/test_translations.py
uses the same scan, so a string added without a translation fails there.
"""

from __future__ import annotations

import ast
import json
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TS = ROOT / "resources" / "mjdesk_zh_CN.ts"


def marked_strings(package: Path = ROOT / "mjdesk") -> set[tuple[str, str]]:
    found: set[tuple[str, str]] = set()
    for path in package.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        classes = {id(n): c.name for c in ast.walk(tree) if isinstance(c, ast.ClassDef) for n in ast.walk(c)}
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
            args = [a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
            if name == "tr" and len(args) == 1 and len(node.args) == 1 and id(node) in classes:
                found.add((classes[id(node)], args[0]))
            elif name in ("translate", "QT_TRANSLATE_NOOP", "tr") and len(args) == 2 and len(node.args) == 2:
                # ``tr`` with two arguments: ``tr = QCoreApplication.translate`` in a function
                found.add((args[0], args[1]))
    return found


def translations(ts: Path = TS) -> dict[tuple[str, str], tuple[str, str]]:
    """(context, source) -> (translation, type attribute: "" when finished)."""
    out = {}
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            tr = message.find("translation")
            out[(name, message.findtext("source") or "")] = (
                (tr.text or "") if tr is not None else "",
                tr.get("type", "") if tr is not None else "missing",
            )
    return out


def missing(ts: Path = TS) -> list[tuple[str, str]]:
    table = translations(ts)
    return sorted(s for s in marked_strings() if s not in table or not table[s][0].strip() or table[s][1])


def add(entries: list[tuple[str, str, str]], ts: Path = TS) -> None:
    """Set or add translations, keeping the file's layout so a diff shows only what changed."""
    tree = ET.parse(ts)
    root = tree.getroot()
    contexts = {c.findtext("name"): c for c in root.iter("context")}
    for context, source, text in entries:
        ctx = contexts.get(context)
        if ctx is None:
            list(root)[-1].tail = "\n"
            ctx = contexts[context] = ET.SubElement(root, "context")
            ctx.text, ctx.tail = "\n    ", "\n"
            name = ET.SubElement(ctx, "name")
            name.text, name.tail = context, "\n    "
        message = next((m for m in ctx.iter("message") if m.findtext("source") == source), None)
        if message is None:
            list(ctx)[-1].tail = "\n    "
            message = ET.SubElement(ctx, "message")
            message.text, message.tail = "\n        ", "\n"
            src = ET.SubElement(message, "source")
            src.text, src.tail = source, "\n        "
            tr = ET.SubElement(message, "translation")
            tr.tail = "\n    "
        tr = message.find("translation")
        assert tr is not None
        tr.text = text
        tr.attrib.pop("type", None)
    tree.write(ts, encoding="utf-8", xml_declaration=True)
    body = ts.read_text(encoding="utf-8")
    if "<!DOCTYPE TS>" not in body:
        ts.write_text(body.replace("?>\n", "?>\n<!DOCTYPE TS>\n", 1), encoding="utf-8")


def main(argv: list[str]) -> int:
    if argv[:1] == ["missing"]:
        print(json.dumps([[c, s, ""] for c, s in missing()], ensure_ascii=False, indent=1))
        return 0
    if len(argv) == 2 and argv[0] == "add":
        entries = json.loads(Path(argv[1]).read_text(encoding="utf-8"))
        empty = [e for e in entries if not e[2].strip()]
        if empty:
            print(f"not translated yet: {empty[0][:2]} (and {len(empty) - 1} more)", file=sys.stderr)
            return 1
        add([tuple(e) for e in entries])
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
