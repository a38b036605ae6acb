"""Who qualifies for a programme (免申即享: the bureau finds them, nobody applies), and who is one
rule short ("almost eligible", with the rule that stands between).

Every rule is evaluated for every enterprise at once (one column of the store per rule): the
profile from ``enterprises``, the results from the current assessments of the rule's
questionnaire and round (the same current revision as ``assessment.cohort``: the latest submitted
one per enterprise, questionnaire, round and source; for ``source: any`` the best source by
``SOURCE_PRIORITY``). An enterprise without a result a rule asks for does not meet it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from assessment.access import Actor, require_bureau
from assessment.cohort import CURRENT_IDS, SOURCE_PRIORITY
from assessment.db import Store
from assessment.programmes.model import STORED_SOURCE, ConfirmedRule, ProfileRule, Programme, ResultRule

PROFILE_COLUMNS = ["credit_code", "name", "park", "industry", "size"]


def enterprise_frame(store: Store, **profile) -> pd.DataFrame:
    """Enterprises (optionally only those of a park, industry or size), by credit code, with
    their ``confirmed`` state."""
    db = store.db
    wanted = {k: v for k, v in profile.items() if v is not None}
    sql = f"SELECT {', '.join(PROFILE_COLUMNS)}, confirmed FROM enterprises"
    if wanted:
        sql += " WHERE " + " AND ".join(f"{column} = ?" for column in wanted)
    frame = pd.read_sql_query(sql + " ORDER BY credit_code", db.conn, params=list(wanted.values()))
    frame["confirmed"] = frame["confirmed"].astype(bool)
    return frame


def result_frame(
    store: Store, questionnaire: str, round_: str, source: str | None, parts=(), credit_code: str | None = None
) -> pd.DataFrame:
    """Current results of a questionnaire in a round from one stored source (or, for None, the
    best source per enterprise): by credit code, ``assessment_id``, ``source``, ``level``,
    ``score`` and the ``parts`` (of one enterprise only, with ``credit_code``)."""
    slot = " AND round = ?" + (" AND source = ?" if source else "") + (" AND credit_code = ?" if credit_code else "")
    ids = CURRENT_IDS.format(slot=slot)
    part_columns = "".join(
        f", (SELECT score FROM result_parts WHERE assessment_id = a.id AND part = ?) AS part_{n}"
        for n in range(len(parts))
    )
    sql = (
        f"SELECT a.credit_code, a.id AS assessment_id, a.source, r.level, r.score{part_columns} FROM ({ids}) c "
        "JOIN assessments a ON a.id = c.id JOIN results r INDEXED BY results_summary ON r.assessment_id = a.id"
    )
    params = [*parts, questionnaire, round_, *([source] if source else []), *([credit_code] if credit_code else [])]
    frame = pd.read_sql_query(sql, store.db.conn, params=params)
    frame = frame.rename(columns={f"part_{n}": part for n, part in enumerate(parts)})
    if source is None and frame["credit_code"].duplicated().any():
        frame = (
            frame.assign(_p=frame["source"].map(SOURCE_PRIORITY))
            .sort_values(["credit_code", "_p"])
            .drop_duplicates("credit_code")
            .drop(columns="_p")
        )
    return frame.set_index("credit_code")


def result_key(programme: Programme, rule: ResultRule) -> tuple[str, str, str | None]:
    return rule.questionnaire, programme.rounds.resolve(rule.round), STORED_SOURCE[rule.source]


def read_results(
    store: Store, programme: Programme, rules, credit_code: str | None = None
) -> dict[tuple, pd.DataFrame]:
    """One result frame per (questionnaire, round, source) the result rules ask for (of one
    enterprise only, with ``credit_code``)."""
    parts: dict[tuple[str, str, str | None], set[str]] = {}
    for rule in rules:
        if isinstance(rule, ResultRule):
            parts.setdefault(result_key(programme, rule), set())
            if rule.part:
                parts[result_key(programme, rule)].add(rule.part)
    return {
        key: result_frame(store, *key, parts=sorted(names), credit_code=credit_code) for key, names in parts.items()
    }


@dataclass
class RuleOutcome:
    """One rule over the enterprises: who meets it, and the value each one has."""

    met: np.ndarray  # bool per enterprise
    values: list  # the value seen per enterprise (None: no such value)
    sources: list | None = None  # for a result rule, the source of each value


def _with_none(column: pd.Series) -> list:
    # a missing text is NaN in pandas' str dtype, and NaN is not JSON: None instead
    return column.astype(object).where(column.notna(), None).tolist()


def evaluate_rule(programme: Programme, rule, firms: pd.DataFrame, results: dict) -> RuleOutcome:
    """Evaluate one rule for every enterprise of ``firms`` (a new rule type adds a branch here)."""
    if isinstance(rule, ProfileRule):
        column = firms[rule.type]
        return RuleOutcome(column.isin(rule.values).to_numpy(), _with_none(column))
    if isinstance(rule, ConfirmedRule):
        column = firms["confirmed"].to_numpy(dtype=bool)
        return RuleOutcome(column, column.tolist())
    if isinstance(rule, ResultRule):
        found = results[result_key(programme, rule)].reindex(firms["credit_code"])
        measure = rule.part if rule.type == "part" else rule.type
        values = found[measure].to_numpy(dtype=float)
        met = ~np.isnan(values)
        if rule.min is not None:
            met &= values >= rule.min
        if rule.max is not None:
            met &= values <= rule.max
        missing = np.isnan(values)
        shown = (np.where(missing, 0, values).astype(int) if rule.type == "level" else values).astype(object)
        shown[missing] = None  # vectorised: a Python loop over 100,000 values costs a tenth of a second
        shown = shown.tolist()
        return RuleOutcome(met, shown, _with_none(found["source"]))
    raise TypeError(f"no evaluation for rule {rule!r}")


@dataclass
class Evaluation:
    """A programme's rules evaluated over a set of enterprises."""

    programme: Programme
    rules: list  # (path, rule)
    firms: pd.DataFrame
    outcomes: list[RuleOutcome]

    def __post_init__(self):
        # rows are built for tens of thousands of enterprises: read each column once, not per
        # enterprise (``iloc`` costs tens of microseconds)
        self._codes = self.firms["credit_code"].tolist()
        self._names = self.firms["name"].tolist()
        self._parks = [p if isinstance(p, str) else None for p in self.firms["park"].tolist()]
        self._met = np.array([o.met for o in self.outcomes]).reshape(len(self.rules), len(self.firms))

    @property
    def met_count(self) -> np.ndarray:
        return self._met.sum(axis=0)

    def eligible_mask(self) -> np.ndarray:
        return self.met_count == len(self.rules)

    def almost_mask(self) -> np.ndarray:
        return self.met_count == len(self.rules) - 1

    def eligible_codes(self) -> list[str]:
        return self.firms["credit_code"][self.eligible_mask()].tolist()

    def basis(self, k: int, index: int) -> dict:
        outcome = self.outcomes[k]
        entry = {"rule": self.rules[k][0], "value": outcome.values[index]}
        if outcome.sources is not None:
            entry["source"] = outcome.sources[index]
        return entry

    def _entry(self, index: int) -> dict:
        return {"credit_code": self._codes[index], "name": self._names[index], "park": self._parks[index]}

    def eligible(self) -> list[dict]:
        """Every qualifying enterprise with the basis: each rule and the value that met it."""
        chosen = np.flatnonzero(self.eligible_mask()).tolist()
        columns = [self._basis_column(k, chosen) for k in range(len(self.rules))]
        codes, names, parks = self._codes, self._names, self._parks
        return [
            {"credit_code": codes[i], "name": names[i], "park": parks[i], "basis": list(basis)}
            for i, *basis in zip(chosen, *columns)
        ]

    def _basis_column(self, k: int, chosen: list[int]) -> list[dict]:
        """``basis(k, i)`` for each enterprise of ``chosen``. Enterprises with the same value (and
        source) share one entry: a rule's values are few (sizes, levels), and building a dict per
        enterprise and rule is most of the time of a list of tens of thousands (read-only use)."""
        rule, outcome = self.rules[k][0], self.outcomes[k]
        values, sources = outcome.values, outcome.sources
        shared: dict = {}
        column = []
        for i in chosen:
            key = (values[i], None if sources is None else sources[i])
            entry = shared.get(key)
            if entry is None:
                entry = {"rule": rule, "value": key[0]}
                if sources is not None:
                    entry["source"] = key[1]
                shared[key] = entry
            column.append(entry)
        return column

    def almost(self) -> list[dict]:
        """Enterprises exactly one rule short: ``missing`` is that rule and the value seen (None:
        no such result), ``basis`` the rules they meet."""
        out = []
        for index in np.flatnonzero(self.almost_mask()).tolist():
            short = int(np.flatnonzero(~self._met[:, index])[0])
            out.append(
                {
                    **self._entry(index),
                    "missing": self.basis(short, index),
                    "basis": [self.basis(k, index) for k in range(len(self.rules)) if k != short],
                }
            )
        return out


def rule_paths(programme: Programme) -> list[tuple[str, object]]:
    """Each eligibility rule with the path that names it in a basis (``eligibility.0``, ...)."""
    return [(f"eligibility.{i}", rule) for i, rule in enumerate(programme.eligibility)]


def rule_texts(programme: Programme) -> list[dict]:
    """``[{rule, text: {zh, en}}]`` of the eligibility rules, in order (table headers, exports)."""
    return [{"rule": path, "text": programme.rule_label(rule).model_dump()} for path, rule in rule_paths(programme)]


def evaluate(store: Store, programme: Programme, *, park=None, industry=None, size=None) -> Evaluation:
    """The programme's eligibility rules over the enterprises (of a park, industry or size)."""
    rules = rule_paths(programme)
    with store.read():
        firms = enterprise_frame(store, park=park, industry=industry, size=size)
        results = read_results(store, programme, [r for _, r in rules])
    outcomes = [evaluate_rule(programme, rule, firms, results) for _, rule in rules]
    return Evaluation(programme, rules, firms, outcomes)


def eligible_report(store: Store, actor: Actor, programme: Programme, *, almost: bool = False, **profile) -> dict:
    """``{programme, version, rules, count, enterprises: [{credit_code, name, park, basis}]}``:
    ``rules`` the ``{rule, text}`` of each eligibility rule, once; each basis entry ``{rule,
    value[, source]}`` names its rule. With ``almost``, also ``almost_count`` and ``almost``: those
    one rule short. The bureau only."""
    require_bureau(store, actor, "programme.eligible")
    ev = evaluate(store, programme, **profile)
    out: dict[str, Any] = {"programme": programme.id, "version": programme.version, "rules": rule_texts(programme)}
    found = ev.eligible()
    out.update(count=len(found), enterprises=found)
    if almost:
        short = ev.almost()
        out.update(almost_count=len(short), almost=short)
    return out
