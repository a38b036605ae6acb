"""Quick-mode companions of the DCMM banks: what a small firm needs to answer one level per item.

``quick/<questionnaire id>.yaml`` holds, per item id of the bank:

* ``plain``: one plain-language sentence per level 1-5, shown before the bank's precise level
  description (the owner-manager reads it first);
* ``unsure_level``: the level an answer "not sure" scores as, the lowest plausible one;
* ``checks``: one short yes/no question per level 3-5, drawn from that level's key criterion,
  asked before a quick-mode level of 3 or more is trusted.

It is kept apart from the bank file so that the bank's criteria can be rewritten (and its version
bumped) without touching it; the loader attaches it to every version of the bank it belongs to
(``DcmmQuestionnaire.quick``), and pages and reports ask the questionnaire model, never the file.
A broken companion fails like a broken bank: ``FILE: field.path: message``.
"""

from __future__ import annotations

import functools
from pathlib import Path

import yaml
from pydantic import Field, ValidationError, model_validator

from questionnaires.schema import Slug, Strict, Text

HERE = Path(__file__).resolve().parent / "quick"
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
PLAIN_LEVELS = (1, 2, 3, 4, 5)
CHECK_LEVELS = (3, 4, 5)  # a level of 3 or more is checked before it is trusted


class QuickItem(Strict):
    unsure_level: int = Field(ge=0, le=2)
    plain: dict[int, Text]
    checks: dict[int, Text]

    @model_validator(mode="after")
    def _every_level(self) -> QuickItem:
        if sorted(self.plain) != list(PLAIN_LEVELS):
            raise ValueError(f"plain: needs one sentence for each level 1..5, got {sorted(self.plain)}")
        if sorted(self.checks) != list(CHECK_LEVELS):
            raise ValueError(f"checks: needs one question for each level 3..5, got {sorted(self.checks)}")
        return self


class QuickGuide(Strict):
    questionnaire: Slug
    items: dict[Slug, QuickItem] = Field(min_length=1)


def parse_guide(data: object, source: str) -> QuickGuide:
    """Validate a companion's parsed data; raise QuestionnaireError naming each bad field."""
    from questionnaires.loader import QuestionnaireError, problem_lines

    if not isinstance(data, dict):
        raise QuestionnaireError([f"{source}: (root): expected a mapping with questionnaire and items"])
    try:
        return QuickGuide.model_validate(data)
    except ValidationError as exc:
        raise QuestionnaireError(problem_lines(exc, source)) from None


def load_guide(path: Path) -> QuickGuide:
    from questionnaires.loader import read_yaml

    return parse_guide(read_yaml(path), str(path))


@functools.cache
def shipped_guide(qid: str) -> QuickGuide | None:
    """The companion shipped for questionnaire ``qid`` (None when there is none)."""
    path = HERE / f"{qid}.yaml"
    return load_guide(path) if path.exists() else None


def guide_problems(guide: QuickGuide, q) -> list[tuple[str, str]]:
    """Fields of ``guide`` that do not fit bank ``q``: unknown item ids, a different bank."""
    out = []
    if guide.questionnaire != q.id:
        out.append(("questionnaire", f"{guide.questionnaire!r} but the bank is {q.id!r}"))
    for item_id in guide.items:
        if item_id not in q.quick_item_ids:
            out.append((f"items.{item_id}", f"not an item of {q.id} version {q.version}"))
    return out
