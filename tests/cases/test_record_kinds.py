"""Every kind of record entry the code can write has a name on the timeline, in Chinese and in
English: the case page never shows a raw code such as agreement_drafted or document_ready.

The kinds are read from the source (every call that writes an entry), so a new kind without a
name fails here; a kind computed at run time is listed in DYNAMIC with the values it takes."""

import ast
import re
from pathlib import Path

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from cases import demo
from cases.record_kinds import KIND_LABELS, kind_label
from cases.services.record import event_record
from cases.workflow import MOVES
from followups import rules

ROOT = Path(settings.BASE_DIR)
SKIP = {".venv", "tests", "migrations", "node_modules", "static"}
WRITERS = {"event_record", "_record"}  # agreements.services._record(case, kind, ...)

DYNAMIC = {
    ("cases/services/moves.py", "move.name"): set(MOVES),
    ("followups/services/obligations.py", "f'obligation_{status}'"): {
        f"obligation_{s}" for s in set().union(*rules.RECORDABLE.values())
    },
    # the writers themselves, passing on their callers' kinds (read at the callers)
    ("cases/services/record.py", "kind"): set(),
    ("agreements/services.py", "kind"): set(),
    # the demo's past cases: accepted, settled and closed
    ("privacy/demo.py", "kind"): {"accept", "settle", "close"},
    # the bulk demo: registered, accepted, escalated, and the move that concluded it
    ("cases/demo.py", "kind"): {"registered", "accept", "escalate", *demo.CONCLUDING_MOVE.values()},
}


def _kind_of(node: ast.Call):
    func = node.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
    keywords = {k.arg: k.value for k in node.keywords}
    if name in WRITERS:
        if "kind" in keywords:
            return keywords["kind"]
        if name == "_record" and len(node.args) > 1:
            return node.args[1]
    if name == "create" and "CaseEvent" in ast.unparse(func):
        return keywords.get("kind")
    # a bulk writer's row: writer.add(CaseEvent, {..., "kind": ...})
    if name == "add" and node.args and ast.unparse(node.args[0]) == "CaseEvent":
        row = node.args[1] if len(node.args) > 1 else None
        if isinstance(row, ast.Dict):
            for key, value in zip(row.keys, row.values, strict=True):
                if isinstance(key, ast.Constant) and key.value == "kind":
                    return value
    return None


def written_kinds() -> set[str]:
    kinds, unknown = set(), []
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT)
        if set(relative.parts) & SKIP:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or (value := _kind_of(node)) is None:
                continue
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                kinds.add(value.value)
            elif (str(relative), ast.unparse(value)) in DYNAMIC:
                kinds |= DYNAMIC[(str(relative), ast.unparse(value))]
            else:
                unknown.append(f"{relative}:{node.lineno} kind={ast.unparse(value)}")
    assert not unknown, f"kinds computed at run time: list their values in DYNAMIC: {unknown}"
    return kinds


def test_every_kind_the_code_writes_has_a_chinese_and_an_english_name():
    kinds = written_kinds()
    assert {"agreement_drafted", "document_ready", "settle", "obligation_breached"} <= kinds
    assert len(kinds) > 60
    missing = sorted(k for k in kinds if k not in KIND_LABELS)
    assert not missing, f"record kinds without a name: {missing}"
    for kind in kinds:
        with translation.override("en"):
            english = kind_label(kind)
        with translation.override("zh-hans"):
            chinese = kind_label(kind)
        assert english != kind and re.search(r"[A-Za-z] ?", english), (kind, english)
        assert re.search(r"[\u4e00-\u9fff]", chinese), (kind, chinese)


def test_the_case_page_names_every_kind_and_shows_no_raw_code(client, town, case):
    kinds = written_kinds()
    for kind in sorted(kinds):
        event_record(case=case, kind=kind, summary=f"条目 {len(kind)}")
    client.force_login(town.a.grid_worker)
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    shown = re.findall(r'<span class="kind">([^<]*)</span>', page)
    assert len(shown) >= len(kinds)
    raw = sorted({s for s in shown if s in kinds or re.fullmatch(r"[a-z_]+", s)})
    assert not raw, f"raw kinds on the case page: {raw}"
    with translation.override("zh-hans"):
        for kind in kinds:
            assert kind_label(kind) in shown, kind


def test_an_unnamed_kind_reads_record_entry_not_its_code():
    with translation.override("zh-hans"):
        assert kind_label("something_new") == "案件记录"
