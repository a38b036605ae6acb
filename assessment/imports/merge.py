"""The merge of an import's rows with the stored enterprises: an existing enterprise (matched by
credit code) keeps the fields the file leaves empty and takes the values the file gives."""

from __future__ import annotations

from assessment.enterprises import FIELDS, ProfileError, check_profile
from assessment.imports.problems import ImportProblem
from assessment.imports.rows import CheckedRow

PROFILE_KEYS = (*FIELDS, "synthetic")


def stored_profiles(db, codes: list[str]) -> dict[str, dict]:
    """The stored profiles of these credit codes (those on file), by code."""
    found: dict[str, dict] = {}
    cols = ", ".join(PROFILE_KEYS)
    for start in range(0, len(codes), 500):
        chunk = codes[start : start + 500]
        marks = ",".join("?" * len(chunk))
        for row in db.execute(f"SELECT {cols} FROM enterprises WHERE credit_code IN ({marks})", chunk).fetchall():
            found[row[0]] = dict(zip(PROFILE_KEYS, row))
    return found


def merge_profiles(
    rows: list[CheckedRow], existing: dict[str, dict]
) -> tuple[dict[str, dict], dict[str, str], list[ImportProblem]]:
    """The profile each enterprise will have: the stored one with the file's values on top.
    Returns (profile by code, 'created' / 'updated' / 'unchanged' by code, problems)."""
    merged: dict[str, dict] = {}
    first: dict[str, CheckedRow] = {}
    several: set[str] = set()
    for row in rows:
        if row.code in first:
            several.add(row.code)
        base = merged.get(row.code) or dict(existing.get(row.code) or {"credit_code": row.code, "synthetic": 0})
        base.update(row.given)
        base["synthetic"] = 1 if (base.get("synthetic") or row.synthetic) else 0
        merged[row.code] = base
        first.setdefault(row.code, row)
    profiles, states, problems = {}, {}, []
    for code, data in merged.items():
        if code not in existing and code not in several:  # the row's profile, already checked
            profile = {**first[code].profile, "synthetic": data["synthetic"]}
        else:
            try:
                profile = check_profile(data)
            except ProfileError as exc:
                problems.append(ImportProblem(first[code].number, exc.field, exc.zh, exc.en))
                continue
        profiles[code] = profile
        old = existing.get(code)
        if old is None:
            states[code] = "created"
        else:
            states[code] = "unchanged" if all(old.get(k) == profile.get(k) for k in PROFILE_KEYS) else "updated"
    return profiles, states, problems
