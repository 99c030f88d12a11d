"""What differs between dialects lives in the dialect records (core/api/dialects.py for the client,
sim/dialects.py for the simulator): code elsewhere asks a record's fields instead of comparing
dialect names, so a fourth dialect is one record on each side (plus translations)."""

from __future__ import annotations

import ast
from pathlib import Path

from mjdesk.core.api.dialects import Dialect, DialectInfo, dialect_info
from mjdesk.sim.dialects import Dialect as SimDialect
from mjdesk.sim.dialects import get_dialect

ROOT = Path(__file__).resolve().parents[2] / "mjdesk"
MEMBERS = {m.name for m in Dialect}
SIM_CLASSES = {"NewApi", "MidjourneyProxy", "TrueAI"}
# Naming a dialect is fine where a choice of dialect is made, not where behaviour branches on it.
CHOOSE_A_DIALECT = {"core/api/dialects.py", "ui/dialogs/server.py", "app/demo.py", "sim/dialects.py"}


def _branches_on_a_dialect(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if (
            isinstance(node, ast.Attribute)
            and node.attr in MEMBERS
            and isinstance(node.value, ast.Name)
            and node.value.id == "Dialect"
        ):
            found.append(f"{node.lineno}: Dialect.{node.attr}")
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "isinstance":
            names = {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}
            if names & SIM_CLASSES:
                found.append(f"{node.lineno}: isinstance(…, {'/'.join(sorted(names & SIM_CLASSES))})")
        if isinstance(node, ast.Compare) and any(
            isinstance(c, ast.Constant) and c.value in {"new-api", "midjourney-proxy", "trueai"}
            for c in node.comparators
        ):
            found.append(f"{node.lineno}: compares with a dialect name")
    return found


def test_no_code_outside_the_records_branches_on_a_dialect_name() -> None:
    offenders = {}
    for path in sorted(ROOT.rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        if rel in CHOOSE_A_DIALECT:
            continue
        found = _branches_on_a_dialect(path)
        if found:
            offenders[rel] = found
    assert not offenders, offenders


def test_every_client_record_sets_every_field() -> None:
    fields = DialectInfo.__dataclass_fields__
    for dialect in Dialect:
        info = dialect_info(dialect)
        assert info.dialect is dialect
        assert all(getattr(info, name) is not None or name == "queue_full_code" for name in fields)


def test_the_simulator_records_differ_where_the_servers_do() -> None:
    na, nz, ta = (get_dialect(name) for name in ("new-api", "midjourney-proxy", "trueai"))
    assert all(isinstance(d, SimDialect) for d in (na, nz, ta))
    # A sample of what spec §14 lists, read from the records rather than from code paths.
    assert na.unauthenticated_image_route and not nz.unauthenticated_image_route
    assert ta.speed_from_path and ta.mode_of("/mj-relax/mj/submit/imagine") == "RELAX"
    assert nz.mode_of("/mj-relax/mj/submit/imagine") is None
    assert "pic_reader_all" in nz.refused_buttons and "prompt_analyzer" in ta.refused_buttons
    assert ta.list_limit == 100 and na.list_limit is None


def test_every_routed_endpoint_has_a_handler_in_the_route_table() -> None:
    from mjdesk.sim import Simulator
    from mjdesk.sim.dialects import ROUTES, TASK_ROUTE_METHOD

    sim = Simulator()
    handled = {*sim.task_routes, *sim.list_routes, *sim.submit_routes, "upload"}
    routed = {*ROUTES.values(), *TASK_ROUTE_METHOD}
    assert routed == handled
    for name in ("new-api", "midjourney-proxy", "trueai"):
        assert get_dialect(name).endpoints <= routed, name
