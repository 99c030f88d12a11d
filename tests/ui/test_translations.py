"""resources/mjdesk_zh_CN.ts covers every marked string in the package, each finished and non-empty.

Strings are found by an AST scan of mjdesk/ (self.tr, QCoreApplication.translate and
QT_TRANSLATE_NOOP calls with literal text), so a string added anywhere without a translation fails
here, not in front of a Chinese-speaking user.
"""

from __future__ import annotations

import ast
import re
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "resources" / "mjdesk_zh_CN.ts"
_PLACEHOLDER_RE = re.compile(r"\{(\w*)[^}]*\}")


def marked_strings() -> set[tuple[str, str]]:
    found: set[tuple[str, str]] = set()
    for path in (ROOT / "mjdesk").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        classes = {id(n): c.name for c in ast.walk(tree) if isinstance(c, ast.ClassDef) for n in ast.walk(c)}
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = (
                func.attr
                if isinstance(func, ast.Attribute)
                else func.id
                if isinstance(func, ast.Name)
                else ""
            )
            args = [a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
            if name == "tr" and len(args) == 1 and len(node.args) == 1 and id(node) in classes:
                found.add((classes[id(node)], args[0]))
            elif name in ("translate", "QT_TRANSLATE_NOOP") and len(args) == 2 and len(node.args) == 2:
                found.add((args[0], args[1]))
    return found


def translations() -> dict[tuple[str, str], tuple[str, str]]:
    out = {}
    for context in ET.parse(TS).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            tr = message.find("translation")
            assert tr is not None
            out[(name, message.findtext("source") or "")] = (tr.text or "", tr.get("type", ""))
    return out


def test_every_marked_string_has_a_finished_translation() -> None:
    table = translations()
    strings = marked_strings()
    assert len(strings) > 250  # the scan itself works
    missing = sorted(s for s in strings if s not in table)
    assert missing == [], "run pyside6-lupdate and translate these"
    unfinished = sorted(k for k, (text, kind) in table.items() if k in strings and (not text.strip() or kind))
    assert unfinished == []


def test_translations_keep_placeholders() -> None:
    for (context, source), (text, _) in translations().items():
        assert sorted(_PLACEHOLDER_RE.findall(source)) == sorted(_PLACEHOLDER_RE.findall(text)), (
            context,
            source,
        )
