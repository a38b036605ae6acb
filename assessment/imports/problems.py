"""What an import reports: every problem named by row, column and cell, in both languages, and
the counts; the errors that stop an import."""

from __future__ import annotations

from dataclasses import dataclass, field

from assessment.errors import AssessmentError


@dataclass(frozen=True)
class ImportProblem:
    """One problem: spreadsheet row (1 = header; None = the whole file), column id, message."""

    row: int | None
    column: str | None
    zh: str
    en: str
    cell: str | None = None

    def message(self, lang: str = "zh") -> str:
        return self.en if lang == "en" else self.zh


@dataclass
class ImportReport:
    file: str
    source: str = "import"
    dry_run: bool = False
    rows: int = 0
    assessments: int = 0
    enterprises_created: int = 0
    enterprises_updated: int = 0
    enterprises_unchanged: int = 0
    assessment_ids: list[int] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)

    def summary(self) -> dict:
        return {
            "file": self.file,
            "source": self.source,
            "dry_run": self.dry_run,
            "rows": self.rows,
            "assessments": self.assessments,
            "enterprises_created": self.enterprises_created,
            "enterprises_updated": self.enterprises_updated,
            "enterprises_unchanged": self.enterprises_unchanged,
            "problems": len(self.problems),
            "warnings": [f"{zh} / {en}" for zh, en in self.warnings],
        }


class ImportSourceError(AssessmentError):
    """An import source other than ``import`` or ``onsite``."""


class ImportRejected(AssessmentError):
    """The file has problems; nothing was written. ``problems`` lists them all, ``report`` has
    the counts read so far."""

    def __init__(self, report: ImportReport):
        self.report = report
        self.problems = report.problems
        n = len(report.problems)
        super().__init__(
            f"导入文件有 {n} 处问题，未写入任何数据",
            f"the import file has {n} problem{'s' if n != 1 else ''}; nothing was written",
        )


class FileProblem(Exception):
    """The file as a whole cannot be read (type, encoding, size); becomes one ImportProblem."""

    def __init__(self, zh: str, en: str):
        self.zh, self.en = zh, en
