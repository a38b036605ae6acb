"""What the sections of the cohort report share: the report's language and its group labels."""

from __future__ import annotations

from reports.text import (
    Localised,
    industry_label,
    park_label,
    size_label,
)

LAGGING_SHOWN = 20
HEAT_COLUMNS = 10  # parts of the heat map as columns up to this many (DCMM areas, SME dimensions), else rows
VERIFIED_ITEMS_SHOWN = 10  # items of the verification section, most overrated first


class CohortText(Localised):
    """The report's language, with the labels of the groups it compares."""

    def group_label(self, column: str, value) -> str:
        if column == "park":
            return park_label(value, self.lang)
        if column == "industry":
            return industry_label(value, self.lang)
        if column == "size":
            return size_label(value, self.lang)
        return str(value)

    def sep(self) -> str:
        return "、" if self.lang == "zh" else ", "
