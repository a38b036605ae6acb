"""How a questionnaire is answered one section at a time: DCMM by area; SME by dimension, then
the scenario groups; CMMM the manufacturing path first, then by domain in quick mode and by
sub-domain in detailed mode. Each section knows its required question ids, in the mode used."""

from __future__ import annotations

from dataclasses import dataclass

from assessment.answers import PATH_KEY
from questionnaires.schema import AnyQuestionnaire, CmmmQuestionnaire, DcmmQuestionnaire, Text

PATH_SECTION = Text(zh="制造类型", en="Manufacturing type")


@dataclass(frozen=True)
class Section:
    id: str
    name: Text
    required: tuple[str, ...]  # question ids to answer (quick: item ids; detailed: criterion ids)


def sections(q: AnyQuestionnaire, mode: str = "quick") -> list[Section]:
    if isinstance(q, CmmmQuestionnaire):
        out = [Section(PATH_KEY, PATH_SECTION, (PATH_KEY,))]
        if mode == "quick":
            out += [Section(d.id, d.name, tuple(s.id for s in d.subdomains)) for d in q.domains]
        else:
            out += [Section(s.id, s.name, tuple(s.requirement_ids)) for s in q.subdomains]
        return out
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
    """A DCMM criterion also counts as answered when its item has a quick-mode level; a CMMM
    requirement or sub-domain when its sub-domain is answered as a whole (a level, not
    applicable) or is not assessed on the answered path."""
    if qid in answers:
        return True
    if isinstance(q, CmmmQuestionnaire):
        sub_id = q.subdomain_of_requirement.get(qid, qid)
        if sub_id in answers:
            return True
        path = answers.get(PATH_KEY)
        return sub_id in q.subdomain_by_id and path in q.paths and not q.applies(sub_id, path)
    return isinstance(q, DcmmQuestionnaire) and q.item_of_criterion.get(qid, qid) in answers


def unanswered(section: Section, answers: dict, q) -> list[str]:
    return [qid for qid in section.required if not is_answered(qid, answers, q)]


def answered_in(section: Section, answers: dict, q) -> int:
    return len(section.required) - len(unanswered(section, answers, q))


def answer_mode(q: DcmmQuestionnaire | CmmmQuestionnaire, answers: dict, default: str = "quick") -> str:
    """The mode an assessment is answered in: detailed once any criterion (requirement) is
    answered, quick once any item (sub-domain) has a level."""
    detailed = q.criterion_by_id if isinstance(q, DcmmQuestionnaire) else q.requirement_by_id
    if any(k in detailed for k in answers):
        return "detailed"
    if any(k in q.quick_item_ids and answers[k] != "na" for k in answers):
        return "quick"
    return default
