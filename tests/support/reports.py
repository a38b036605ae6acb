"""Small cohorts built in code for the report tests (and the report benchmarks): enterprises
spread over parks, industries and sizes, with submitted assessments written directly; and the
helpers the report tests share (text extraction, rendering, fonts)."""

from __future__ import annotations

import io
import random
import re
import subprocess

from assessment.access import CLI, Actor
from assessment.answers import check_answers
from assessment.db import Store
from assessment.directory import INDUSTRIES, PARKS
from assessment.enterprises import check_profile, save_profile
from assessment.lifecycle import record_submitted
from questionnaires import get
from tests.conftest import code, open_rounds

EMPLOYEES = (10, 60, 500, 1500)  # micro, small, medium, large (with the revenues below)
REVENUE = (100, 800, 5000, 50000)


def dcmm_answers(q, rnd: random.Random, ability: float, quick_share: float = 0.1) -> dict:
    answers = {}
    for item in q.items:
        if rnd.random() < quick_share:
            answers[item.id] = max(1, min(5, round(ability + rnd.gauss(0, 0.8))))
            continue
        for c in item.criteria:
            answers[c.id] = rnd.random() < 1 / (1 + 2.7 ** (2.2 * (c.level - 0.5 - ability)))
    return answers


def sme_answers(q, rnd: random.Random, ability: float) -> dict:
    share = max(0.05, min(0.95, (ability - 0.5) / 4))
    answers = {}
    for x in q.questions:
        if x.type == "single":
            opts = sorted(x.options, key=lambda o: o.points)
            answers[x.id] = opts[min(len(opts) - 1, int(share * len(opts) + rnd.random()))].id
        elif x.type == "multi":
            ticked = [o.id for o in x.options if not o.exclusive and rnd.random() < share]
            none = [o.id for o in x.options if o.exclusive]
            answers[x.id] = ticked or none[:1]
        else:
            low, high = x.bands[0].min, x.bands[-1].max
            answers[x.id] = round(low + (high - low) * min(1.0, share * rnd.uniform(0.6, 1.4)), 1)
    for s in q.scenarios:
        answers[s.id] = max(0, min(4, round(share * 4 + rnd.gauss(0, 0.8))))
    return answers


def cmmm_answers(q, rnd: random.Random, ability: float, quick_share: float = 0.3) -> dict:
    """A manufacturer on a path: some sub-domains answered one level each (quick), the rest
    requirement by requirement (full / mostly / partly / not met by how far the level is above
    ``ability``); a sub-domain that may be "not applicable" is marked so now and then."""
    answers: dict = {"path": rnd.choice(q.paths)}
    values = sorted(q.answer_values)
    for sub in q.subdomains:
        if sub.may_be_na and rnd.random() < 0.2:
            answers[sub.id] = "na"
        elif rnd.random() < quick_share:
            answers[sub.id] = max(0, min(5, round(ability + rnd.gauss(0, 0.8))))
        else:
            for r in sub.requirements:
                chance = 1 / (1 + 2.7 ** (2.2 * (r.level - 0.5 - ability)))
                answers[r.id] = values[min(len(values) - 1, int(chance * len(values) + rnd.random() * 0.6))]
    return answers


def answers_for(q, rnd: random.Random, ability: float) -> dict:
    """Plausible answers of any kind of bank for an enterprise of ``ability`` (about 1-5)."""
    if q.kind == "dcmm":
        return dcmm_answers(q, rnd, ability)
    if q.kind == "cmmm":
        return cmmm_answers(q, rnd, ability)
    return sme_answers(q, rnd, ability)


def build_cohort(
    store,
    n: int,
    *,
    questionnaire: str = "dcmm-2025",
    rounds: tuple[str, ...] = ("2025",),
    seed: int = 0,
    synthetic: bool = True,
    start: int = 1,
    names: dict[int, str] | None = None,
    park: str | None = None,
) -> list[str]:
    """``n`` enterprises, each with a submitted assessment per round; returns their credit codes."""
    rnd = random.Random(seed)
    q = get(questionnaire)
    codes = []
    with store.write() as db:
        for k in range(start, start + n):
            size = rnd.randrange(4)
            profile = check_profile(
                {
                    "credit_code": code(k),
                    "name": (names or {}).get(k, f"演示企业{k}有限公司"),
                    "park": park or PARKS[k % 3]["name"],
                    "industry": INDUSTRIES[k % 4]["name"],
                    "employees": EMPLOYEES[size],
                    "revenue": REVENUE[size],
                    "synthetic": synthetic,
                }
            )
            save_profile(db, profile, CLI)
            ability = rnd.uniform(1.2, 4.3)
            for r, round_ in enumerate(rounds):
                ability_now = ability + 0.35 * r
                raw = answers_for(q, rnd, ability_now)
                record_submitted(
                    db,
                    CLI,
                    profile["credit_code"],
                    q,
                    round_,
                    "self",
                    check_answers(q, raw),
                    synthetic=synthetic,
                    stamp=f"{round_}-06-1{r}T08:00:00+00:00",
                )
            codes.append(profile["credit_code"])
    return codes


# ---------------------------------------------------------------- the shared report database

NASTY_NAME = "A&B <公司> <b>x</b> 𠀀∛"  # markup, a character no font has, one only a second font has
SMALL_PARK = "青峰数字港（虚构）"
_BUILT: dict = {}


def build_report_db(path) -> None:
    """DCMM 2025: 30 synthetic enterprises over two rounds (no. 1 with a nasty name); 6 that
    answered dcmm-2018 in 2024 and dcmm-2025 in 2025; 12 on sme-2024; one real enterprise alone
    in a small park; archetypes fitted on dcmm-2025."""
    from benchmarks import cohorts

    store = open_rounds(Store(path))
    build_cohort(store, 30, rounds=("2024", "2025"), names={1: NASTY_NAME})
    build_cohort(store, 6, questionnaire="dcmm-2018", rounds=("2024",), start=100, seed=5)
    build_cohort(store, 6, questionnaire="dcmm-2025", rounds=("2025",), start=100, seed=6)
    build_cohort(store, 12, questionnaire="sme-2024", rounds=("2024", "2025"), start=200, seed=3)
    build_cohort(store, 1, start=300, seed=9, synthetic=False, park=SMALL_PARK, names={300: "青岛真实示例有限公司"})
    build_cohort(store, 12, questionnaire="cmmm-2020", rounds=("2024", "2025"), start=400, seed=4)
    build_manufacturers(store)
    cohorts.fit(store, CLI, "dcmm-2025")
    store.close()


# three manufacturers on cmmm-2020 whose answers the report tests know
CMMM_QUICK = 500  # discrete, quick mode: mostly level 2, product design not applicable, one "not sure"
CMMM_BELOW = 501  # process, detailed: level 1 only partly met, so below level 1
CMMM_DETAILED = 502  # discrete, detailed: levels 1-2 met, level 3 in part; product service not applicable


def manufacturer_answers(q, which: int) -> dict:
    answers: dict = {}
    if which == CMMM_QUICK:
        answers["path"] = "discrete"
        for k, sub in enumerate(q.subdomains):
            answers[sub.id] = 3 if k % 4 == 0 else 2
            if answers[sub.id] == 3:
                answers[sub.id + ".check"] = True
        answers["design.product"] = "na"
        answers["production.energy"] = "unsure"
        return answers
    answers["path"] = "process" if which == CMMM_BELOW else "discrete"
    for sub in q.subdomains:
        for k, r in enumerate(sub.requirements):
            if which == CMMM_BELOW:
                answers[r.id] = (1, 0.5, 0)[k % 3] if r.level == 1 else 0
            else:
                answers[r.id] = {1: 1, 2: 0.8 if k % 2 else 1, 3: 0.5}.get(r.level, 0)
    if which == CMMM_DETAILED:
        for rid in q.subdomain_by_id["service.product"].requirement_ids:
            del answers[rid]
        answers["service.product"] = "na"
    return answers


def build_manufacturers(store) -> None:
    q = get("cmmm-2020")
    with store.write() as db:
        for k, name in ((CMMM_QUICK, "青啤智造示范有限公司"), (CMMM_BELOW, "胶州化工起步有限公司"),
                        (CMMM_DETAILED, "城阳服装智能工厂有限公司")):  # fmt: skip
            profile = check_profile(
                {
                    "credit_code": code(k),
                    "name": name,
                    "park": PARKS[0]["name"],
                    "industry": INDUSTRIES[k % 4]["name"],
                    "employees": 500,
                    "revenue": 5000,
                    "synthetic": True,
                }
            )
            save_profile(db, profile, CLI)
            given = check_answers(q, manufacturer_answers(q, k))
            record_submitted(
                db, CLI, code(k), q, "2025", "self", given, synthetic=True, stamp="2025-06-20T08:00:00+00:00"
            )


def report_db_path(tmp_path_factory):
    """The path of the database every report test module shares, built on first use in the
    session (it fits archetypes, which takes a few seconds)."""
    if "path" not in _BUILT:
        path = tmp_path_factory.mktemp("reports") / "assessment.db"
        build_report_db(path)
        _BUILT["path"] = path
    return _BUILT["path"]


def analyst_actor() -> Actor:
    return Actor("analyst", "analyst")


def pdf_text(pdf: bytes) -> str:
    """The text of a PDF as pdftotext reads it (reading order, one page after another)."""
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True)
    return out.stdout.decode("utf-8")


def page_texts(pdf: bytes) -> list[str]:
    return pdf_text(pdf).split("\f")[:-1]


def flat(text: str) -> str:
    """Without whitespace, so that wrapped lines and pdftotext spacing do not matter."""
    return re.sub(r"\s+", "", text)


def pdffonts(pdf: bytes, tmp_path) -> list[list[str]]:
    path = tmp_path / "fonts.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    return [line.split() for line in out.splitlines()[2:] if line.strip()]


def assert_fonts_embedded(pdf: bytes, tmp_path) -> list[str]:
    """Every font embedded (pdffonts emb = yes) and none of them Helvetica; returns the names."""
    rows = pdffonts(pdf, tmp_path)
    assert rows, "no fonts listed"
    for row in rows:
        # name type [type2] encoding emb sub uni object ID
        assert row[-5] == "yes", row
    names = [row[0] for row in rows]
    assert not any("Helvetica" in n for n in names)
    return names


def assert_qpdf_clean(pdf: bytes, tmp_path) -> None:
    path = tmp_path / "check.pdf"
    path.write_bytes(pdf)
    run = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "No syntax or stream encoding errors" in run.stdout
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf), strict=True)
    assert len(reader.pages) >= 1


def ink_shares(pdf: bytes, tmp_path, dpi: int = 40) -> list[float]:
    """Share of non-white pixels of every page, rendered with pdftoppm."""
    from PIL import Image

    path = tmp_path / "render.pdf"
    path.write_bytes(pdf)
    prefix = tmp_path / "page"
    subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", str(path), str(prefix)], check=True)
    shares = []
    for png in sorted(tmp_path.glob("page-*.png")):
        image = Image.open(png)
        histogram = image.histogram()
        total = sum(histogram)
        shares.append(1 - sum(histogram[245:]) / total)
        png.unlink()
    return shares


CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]+")


def untranslated(text: str, allowed: list[str]) -> list[str]:
    """Runs of Chinese characters in ``text`` that are not part of an allowed name."""
    allowed_flat = [flat(a) for a in allowed]
    return [run for run in CJK.findall(text) if not any(run in a for a in allowed_flat)]
