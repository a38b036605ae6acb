"""The question-bank schema: pydantic models for the DCMM, SME and CMMM questionnaire files.

The fields follow the export JSON of DESIGN.md section 5; a few extra fields (purpose, guidance,
sources, notes, mappings, raw figures) carry what reports and the improvement plan need.
Structural checks that span fields (unique ids, id prefixes, every level present, bands that
tile their range, points that add up) live in ``consistency_problems`` so that each problem can
be reported with the path of the field it concerns.
"""

from __future__ import annotations

from collections.abc import Collection
from functools import cached_property
from typing import TYPE_CHECKING, Annotated, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, StringConstraints

if TYPE_CHECKING:
    from questionnaires.quick import QuickGuide

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_.-]*$", min_length=1)]
NonEmpty = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(Strict):
    """A bilingual text: Chinese first, English second."""

    zh: NonEmpty
    en: NonEmpty

    def get(self, lang: str) -> str:
        return self.en if lang == "en" else self.zh


Effort = Literal["low", "medium", "high"]


class Guidance(Strict):
    """What to do to reach ``level`` (the next level), in a few concrete steps.

    ``level`` is absent for an SME question, whose guidance is how to gain its points.
    """

    level: int | None = Field(default=None, ge=1, le=5)
    effort: Effort
    steps: list[Text] = Field(min_length=1)


class Source(Strict):
    title: NonEmpty
    url: str | None = None
    note: str | None = None


class LevelName(Strict):
    level: int = Field(ge=0, le=5)
    name: Text


def _level_name(levels: list[LevelName], level: int) -> Text | None:
    return next((lv.name for lv in levels if lv.level == level), None)


class LevelDescription(Strict):
    level: int = Field(ge=1, le=5)
    description: Text


# --------------------------------------------------------------------------------------- DCMM


class Criterion(Strict):
    id: Slug
    level: int = Field(ge=2, le=5)
    text: Text
    evidence: Text
    red_line: bool = False


class DcmmItem(Strict):
    id: Slug
    clause: NonEmpty
    name: Text
    weight: float = Field(default=1.0, gt=0)
    purpose: Text
    levels: list[LevelDescription]
    criteria: list[Criterion]
    guidance: list[Guidance] = Field(min_length=1)
    maps_to: list[Slug] = Field(default_factory=list)

    @cached_property
    def criteria_by_level(self) -> dict[int, list[str]]:
        """Criterion ids of each level 2-5, in order (scoring reads them for every item, often)."""
        by_level: dict[int, list[str]] = {2: [], 3: [], 4: [], 5: []}
        for c in self.criteria:
            by_level[c.level].append(c.id)
        return by_level

    @cached_property
    def criterion_ids(self) -> list[str]:
        return [c.id for c in self.criteria]


class DcmmArea(Strict):
    id: Slug
    clause: NonEmpty
    name: Text
    weight: float = Field(default=1.0, gt=0)
    items: list[DcmmItem] = Field(min_length=1)


class Note(Strict):
    """A remark shown to users: a convention of this tool, or a fact not confirmed by sources."""

    id: Slug
    text: Text


class Bank(Strict):
    """What every question bank file has: identity, edition, texts, notes and sources (each kind
    names its own ``kind``)."""

    id: Slug
    version: NonEmpty
    kind: str
    title: Text
    standard: NonEmpty
    description: Text
    allow_partial_submit: bool = False
    notes: list[Note] = Field(default_factory=list)
    sources: list[Source] = Field(default_factory=list)


class QuickCompanion(Bank):
    """A bank answered one level per item (DCMM item, CMMM sub-domain) in quick mode, with the
    quick-mode companion (``questionnaires.quick``) attached by the loader; the companion is not
    a field of the bank file and not in its export."""

    _quick: QuickGuide | None = PrivateAttr(default=None)
    lowest_quick_level: ClassVar[int] = 1  # what "not sure" scores as when the companion is silent

    def attach_quick(self, guide: QuickGuide) -> None:
        self._quick = guide

    def plain_description(self, item_id: str, level: int) -> Text | None:
        """The plain-language sentence that opens a level's description in quick mode."""
        entry = self._quick.items.get(item_id) if self._quick else None
        return entry.plain.get(level) if entry else None

    def unsure_level(self, item_id: str) -> int:
        """The level an item answered "not sure" scores as (the lowest level when the companion
        is silent)."""
        entry = self._quick.items.get(item_id) if self._quick else None
        return entry.unsure_level if entry else self.lowest_quick_level

    def check_question(self, item_id: str, level: int) -> Text | None:
        """The yes/no question asked before a quick-mode ``level`` of ``item_id`` is trusted."""
        entry = self._quick.items.get(item_id) if self._quick else None
        return entry.checks.get(level) if entry else None


class DcmmQuestionnaire(QuickCompanion):
    kind: Literal["dcmm"]
    maps_to_questionnaire: Slug | None = None
    levels: list[LevelName]
    areas: list[DcmmArea] = Field(min_length=1)

    overall_levels: ClassVar[range] = range(1, 6)  # the overall levels a result can have

    @property
    def quick_item_ids(self) -> Collection[str]:
        """The ids answered one level each in quick mode: the items."""
        return self.item_by_id.keys()

    @property
    def quick_item_of(self) -> dict[str, str]:
        """The item each detailed-mode question (criterion) belongs to."""
        return self.item_of_criterion

    def detail_ids(self, item_id: str) -> list[str]:
        """The detailed-mode questions of an item: its criteria."""
        return self.item_by_id[item_id].criterion_ids

    # Lookups, computed once per parsed file and shared read-only.
    @cached_property
    def items(self) -> list[DcmmItem]:
        return [item for area in self.areas for item in area.items]

    @cached_property
    def item_by_id(self) -> dict[str, DcmmItem]:
        return {item.id: item for item in self.items}

    @cached_property
    def criterion_by_id(self) -> dict[str, Criterion]:
        return {c.id: c for item in self.items for c in item.criteria}

    @cached_property
    def item_of_criterion(self) -> dict[str, str]:
        return {c.id: item.id for item in self.items for c in item.criteria}

    @cached_property
    def red_line_criteria(self) -> list[tuple[str, Criterion]]:
        """(item id, criterion) of every red-line criterion, in order."""
        return [(item.id, c) for item in self.items for c in item.criteria if c.red_line]

    @cached_property
    def area_of_item(self) -> dict[str, str]:
        return {item.id: area.id for area in self.areas for item in area.items}

    def level_name(self, level: int) -> Text | None:
        return _level_name(self.levels, level)


# ---------------------------------------------------------------------------------------- SME


class Option(Strict):
    id: Slug
    text: Text
    points: float = Field(ge=0)
    exclusive: bool = False


class Band(Strict):
    min: float
    max: float
    points: float = Field(ge=0)


class Figure(Strict):
    """A raw number the form asks for beside a question, kept so a band can be recomputed."""

    id: Slug
    name: Text
    unit: Text | None = None


class SmeQuestion(Strict):
    id: Slug
    group: Slug
    name: Text
    text: Text
    type: Literal["single", "multi", "band"]
    max_points: float = Field(gt=0)
    options: list[Option] = Field(default_factory=list)
    bands: list[Band] = Field(default_factory=list)
    unit: Text | None = None
    figures: list[Figure] = Field(default_factory=list)
    note: Text | None = None
    guidance: list[Guidance] = Field(min_length=1)


class SmeGroup(Strict):
    id: Slug
    name: Text
    max_points: float = Field(gt=0)


class SmeDimension(Strict):
    id: Slug
    name: Text
    max_points: float = Field(gt=0)
    groups: list[SmeGroup] = Field(min_length=1)
    questions: list[SmeQuestion] = Field(min_length=1)


class ScenarioLevel(Strict):
    level: int = Field(ge=1, le=4)
    description: Text


class Scenario(Strict):
    id: Slug
    group: Text
    name: Text
    constraint: bool
    levels: list[ScenarioLevel]
    guidance: list[Guidance] = Field(min_length=1)


class LevelRule(Strict):
    level: int = Field(ge=1, le=4)
    min_score: float = Field(ge=0)
    min_scenarios: int = Field(ge=0)
    min_constraint: int = Field(ge=0)


class SmeQuestionnaire(Bank):
    kind: Literal["sme"]
    levels: list[LevelName]
    dimensions: list[SmeDimension] = Field(min_length=1)
    scenarios: list[Scenario] = Field(min_length=1)
    level_rules: list[LevelRule] = Field(min_length=1)

    overall_levels: ClassVar[range] = range(0, 5)  # 0: not rated

    @cached_property
    def questions(self) -> list[SmeQuestion]:
        return [x for d in self.dimensions for x in d.questions]

    @cached_property
    def question_by_id(self) -> dict[str, SmeQuestion]:
        return {x.id: x for x in self.questions}

    @cached_property
    def scenario_by_id(self) -> dict[str, Scenario]:
        return {s.id: s for s in self.scenarios}

    @cached_property
    def figure_by_id(self) -> dict[str, Figure]:
        return {f.id: f for x in self.questions for f in x.figures}

    @cached_property
    def dimension_of(self) -> dict[str, str]:
        return {x.id: d.id for d in self.dimensions for x in d.questions}

    def level_name(self, level: int) -> Text | None:
        return _level_name(self.levels, level)


# --------------------------------------------------------------------------------------- CMMM

Path_ = Literal["discrete", "process"]
PATHS: tuple[str, ...] = ("discrete", "process")
FinalScore = Literal["n_plus_next", "n_minus_1_plus_current_plus_next"]
BELOW_LEVEL_1 = Text(zh="一级以下", en="Below level 1")


class CmmmLevel(Strict):
    level: int = Field(ge=1, le=5)
    name: Text
    meaning: Text


class Requirement(Strict):
    id: Slug
    level: int = Field(ge=1, le=5)
    text: Text
    evidence: Text


class Subdomain(Strict):
    id: Slug
    name: Text
    weight: float = Field(default=1.0, gt=0)
    paths: list[Path_] = Field(min_length=1)
    may_be_na: bool = False
    na_reason: Text | None = None
    purpose: Text
    levels: list[LevelDescription]
    requirements: list[Requirement]
    guidance: list[Guidance] = Field(min_length=1)

    @cached_property
    def requirements_by_level(self) -> dict[int, list[str]]:
        """Requirement ids of each level 1-5, in order."""
        by_level: dict[int, list[str]] = {1: [], 2: [], 3: [], 4: [], 5: []}
        for r in self.requirements:
            by_level[r.level].append(r.id)
        return by_level

    @cached_property
    def requirement_ids(self) -> list[str]:
        return [r.id for r in self.requirements]


class CmmmDomain(Strict):
    id: Slug
    name: Text
    weight: float = Field(default=1.0, gt=0)
    subdomains: list[Subdomain] = Field(min_length=1)


class CmmmElement(Strict):
    id: Slug
    name: Text
    weight: float = Field(default=1.0, gt=0)
    domains: list[CmmmDomain] = Field(min_length=1)


class CmmmScoring(Strict):
    """How answers become levels: the value of each answer, the level threshold and the final
    score formula (this tool's reading of GB/T 39117; see the bank's notes)."""

    values: dict[Literal["full", "mostly", "partly", "none"], float]
    threshold: float = Field(gt=0, le=1)
    final_score: FinalScore = "n_plus_next"


class CmmmQuestionnaire(QuickCompanion):
    kind: Literal["cmmm"]
    levels: list[CmmmLevel]
    paths: list[Path_] = Field(min_length=1)
    path_names: dict[Path_, Text]
    scoring: CmmmScoring
    elements: list[CmmmElement] = Field(min_length=1)

    lowest_quick_level: ClassVar[int] = 0
    overall_levels: ClassVar[range] = range(0, 6)  # 0: below level 1

    @property
    def quick_item_ids(self) -> Collection[str]:
        """The ids answered one level each in quick mode: the sub-domains."""
        return self.subdomain_by_id.keys()

    @property
    def quick_item_of(self) -> dict[str, str]:
        """The sub-domain each detailed-mode question (requirement) belongs to."""
        return self.subdomain_of_requirement

    def detail_ids(self, item_id: str) -> list[str]:
        """The detailed-mode questions of a sub-domain: its requirements."""
        return self.subdomain_by_id[item_id].requirement_ids

    @cached_property
    def domains(self) -> list[CmmmDomain]:
        return [d for e in self.elements for d in e.domains]

    @cached_property
    def subdomains(self) -> list[Subdomain]:
        return [s for d in self.domains for s in d.subdomains]

    @cached_property
    def subdomain_by_id(self) -> dict[str, Subdomain]:
        return {s.id: s for s in self.subdomains}

    @cached_property
    def requirement_by_id(self) -> dict[str, Requirement]:
        return {r.id: r for s in self.subdomains for r in s.requirements}

    @cached_property
    def subdomain_of_requirement(self) -> dict[str, str]:
        return {r.id: s.id for s in self.subdomains for r in s.requirements}

    @cached_property
    def domain_of_subdomain(self) -> dict[str, str]:
        return {s.id: d.id for d in self.domains for s in d.subdomains}

    @cached_property
    def answer_values(self) -> tuple[float, ...]:
        """The allowed requirement answers, lowest first (0, 0.5, 0.8, 1 by default)."""
        return tuple(sorted(set(self.scoring.values.values())))

    def level_name(self, level: int) -> Text | None:
        if level == 0:
            return BELOW_LEVEL_1
        return next((lv.name for lv in self.levels if lv.level == level), None)

    @property
    def estimate_note(self) -> Text | None:
        """What results, pages and reports say about a CMMM level: a self-assessment estimate that
        prepares a formal assessment, never a certified level (the bank's note ``estimate``)."""
        return next((n.text for n in self.notes if n.id == "estimate"), None)

    def level_meaning(self, level: int) -> Text | None:
        return next((lv.meaning for lv in self.levels if lv.level == level), None)

    def applies(self, subdomain_id: str, path: str) -> bool:
        """Whether a sub-domain is assessed on a manufacturing path (before any "na" answer)."""
        return path in self.subdomain_by_id[subdomain_id].paths


Questionnaire = Annotated[DcmmQuestionnaire | SmeQuestionnaire | CmmmQuestionnaire, Field(discriminator="kind")]

AnyQuestionnaire = DcmmQuestionnaire | SmeQuestionnaire | CmmmQuestionnaire
"""A parsed question bank of any kind (for annotations)."""
