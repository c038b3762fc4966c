"""Each access rule and the refusal map are written once (issue 20, parts 2 and 3): a copy
elsewhere is how two pages came to disagree about who may read back-to-back minutes. The
patterns are the rules' bodies as they were copied; a new copy of one fails here."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APPS = [p for p in ROOT.iterdir() if (p / "apps.py").exists()]

ONCE = {
    # supervises this case / this street
    r"street_id in scope\.street_ids": {"cases/access.py"},
    # leads a team
    r"\.role in LEAD_ROLES": {"cases/access.py"},
    # four eyes: the drafter of an agreement does not approve it
    r"drafted_by_id\s*[!=]=\s*[\w.]*pk": {"agreements/access.py"},
    # the refusal map from codes to statuses
    r"[\"']illegal[\"']\s*:\s*(409|HTTPStatus\.CONFLICT|status\.HTTP_409)": {"core/errors.py"},
}


def _sources():
    for app in APPS:
        for path in app.rglob("*.py"):
            if "migrations" not in path.parts:
                yield path.relative_to(ROOT).as_posix(), path.read_text(encoding="utf-8")


@pytest.mark.parametrize("pattern", ONCE)
def test_the_rule_is_written_in_one_place(pattern):
    found = {name for name, text in _sources() if re.search(pattern, text)}
    assert found == ONCE[pattern]


def test_the_rule_functions_exist_where_the_architecture_says():
    from agreements.access import may_approve_agreement, may_review_agreement, reviewers_of
    from cases import access
    from followups.access import may_patrol

    for name in ("supervises_case", "supervises_street", "may_read_side_only", "leads_a_team"):
        assert callable(getattr(access, name))
    assert callable(may_patrol)
    assert all(map(callable, (may_approve_agreement, may_review_agreement, reviewers_of)))
