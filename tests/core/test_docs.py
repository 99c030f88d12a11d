"""The documentation inside the repository is what the code and README point at: every "spec §N"
in the code names a section of docs/api.md, and the README's links lead to files that exist."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CITATION = re.compile(r"spec (§[\d.]*\d(?:\s*[-,–]\s*§[\d.]*\d)*)")
SECTION = re.compile(r"^#{2,3} (\d+(?:\.\d+)?)\.? ", re.MULTILINE)


def _sections() -> set[str]:
    return set(SECTION.findall((ROOT / "docs" / "api.md").read_text(encoding="utf-8")))


def _citations() -> dict[str, list[str]]:
    """Section number -> where it is cited (file:line)."""
    cited: dict[str, list[str]] = {}
    for folder in ("mjdesk", "tests", "benchmarks", "packaging"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                for match in CITATION.finditer(line):
                    for section in re.findall(r"§([\d.]*\d)", match.group(1)):
                        cited.setdefault(section, []).append(f"{path.relative_to(ROOT)}:{number}")
    return cited


def test_the_api_reference_has_its_numbered_sections() -> None:
    sections = _sections()
    assert {"1.2", "3.12", "8.2", "8.4", "11.3", "14"} <= sections, sorted(sections)


def test_every_spec_citation_in_the_code_names_a_section_of_docs_api() -> None:
    cited = _citations()
    assert len(cited) >= 20, "the code cites the spec in many places; the pattern must have stopped matching"
    missing = {section: places for section, places in cited.items() if section not in _sections()}
    assert not missing, f"cited but not in docs/api.md: {missing}"


def test_readme_and_docs_link_only_to_files_inside_the_repository() -> None:
    for doc in [ROOT / "README.md", ROOT / "CONTRIBUTING.md", *sorted((ROOT / "docs").glob("*.md"))]:
        text = doc.read_text(encoding="utf-8")
        assert "../shared" not in text, f"{doc.name} points outside the repository"
        for target in re.findall(r"\]\(([^)#]+)(?:#[^)]*)?\)", text):
            if target.startswith(("http://", "https://", "mailto:")):
                continue
            assert (doc.parent / target).exists(), f"{doc.name} links to {target}, which does not exist"
