"""How a questionnaire is answered one section at a time: DCMM by area; SME by dimension, then
the scenario groups. Each section knows its required question ids, in the mode used."""

from __future__ import annotations

from dataclasses import dataclass

from questionnaires.schema import DcmmQuestionnaire, SmeQuestionnaire, Text


@dataclass(frozen=True)
class Section:
    id: str
    name: Text
    required: tuple[str, ...]  # question ids to answer (quick: item ids; detailed: criterion ids)


def sections(q: DcmmQuestionnaire | SmeQuestionnaire, mode: str = "quick") -> list[Section]:
    if isinstance(q, DcmmQuestionnaire):
        out = []
        for area in q.areas:
            if mode == "quick":
                ids = tuple(i.id for i in area.items)
            else:
                ids = tuple(c.id for i in area.items for c in i.criteria)
            out.append(Section(area.id, area.name, ids))
        return out
    out = [Section(d.id, d.name, tuple(x.id for x in d.questions)) for d in q.dimensions]
    groups: dict[str, list] = {}
    for s in q.scenarios:
        groups.setdefault(s.group.zh, []).append(s)
    for n, members in enumerate(groups.values(), 1):
        group = members[0].group
        name = Text(zh=f"数字化经营：{group.zh}", en=f"Operations: {group.en}")
        out.append(Section(f"operations-{n}", name, tuple(s.id for s in members)))
    return out


def is_answered(qid: str, answers: dict, q) -> bool:
    """A DCMM criterion also counts as answered when its item has a quick-mode level."""
    if qid in answers:
        return True
    return isinstance(q, DcmmQuestionnaire) and q.item_of_criterion.get(qid, qid) in answers


def unanswered(section: Section, answers: dict, q) -> list[str]:
    return [qid for qid in section.required if not is_answered(qid, answers, q)]


def answered_in(section: Section, answers: dict, q) -> int:
    return len(section.required) - len(unanswered(section, answers, q))


def dcmm_mode(q: DcmmQuestionnaire, answers: dict, default: str = "quick") -> str:
    """The mode an assessment is answered in: detailed once any criterion is answered."""
    if any(k in q.criterion_by_id for k in answers):
        return "detailed"
    if any(k in q.item_by_id for k in answers):
        return "quick"
    return default
