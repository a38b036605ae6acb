"""Generating the demo cohort: the firms' latent propensities, their plan of assessments (which
questionnaires, rounds, sources and dates), the answers of each chunk from the simulators, and
the writes. ``generate`` and ``generate_and_fit`` are the entry points (see the package's
docstring for the model, and ``model.yaml`` for its figures)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from assessment import flag_store
from assessment.access import CLI, Actor, PermissionDenied, require_role
from assessment.answers import check_answers
from assessment.audit import record
from assessment.db import Store
from assessment.directory import INDUSTRIES, PARKS
from assessment.enterprises import check_profile, has_synthetic, listing, save_profile
from assessment.errors import AssessmentError
from assessment.lifecycle import record_submitted, required_questions
from assessment.rounds import ensure as ensure_rounds
from benchmarks.demo import identities
from benchmarks.demo.cmmm import PRODUCT_DESIGN, PRODUCT_SERVICE, CmmmFirms, cmmm_answers, cmmm_width
from benchmarks.demo.dcmm import dcmm_answers, dcmm_width
from benchmarks.demo.draws import log_uniform
from benchmarks.demo.model import COL, LATENT, MODEL
from benchmarks.demo.sme import Firms, sme_answers, sme_width
from questionnaires import get
from questionnaires.schema import CmmmQuestionnaire, DcmmQuestionnaire

CHUNK = 500
MAX_ENTERPRISES = 1_000_000
ROUNDS = ("2024", "2025")
DCMM = "dcmm-2025"
DCMM_OLD = "dcmm-2018"
SME = "sme-2024"
CMMM = "cmmm-2020"
QUESTIONNAIRES = (SME, DCMM_OLD, DCMM, CMMM)


class DemoError(AssessmentError):
    """The demo cohort cannot be generated into this database (or with these arguments)."""


@dataclass
class DemoSummary:
    """What ``generate`` wrote: enterprises, and assessments per questionnaire and round."""

    seed: int
    enterprises: int = 0
    two_rounds: int = 0
    assessments: dict[str, dict[str, int]] = field(default_factory=dict)

    @property
    def total_assessments(self) -> int:
        return sum(sum(rounds.values()) for rounds in self.assessments.values())

    def as_dict(self) -> dict:
        return {
            "seed": self.seed,
            "enterprises": self.enterprises,
            "two_rounds": self.two_rounds,
            "assessments": self.assessments,
            "total_assessments": self.total_assessments,
            "synthetic": True,
        }


# -------------------------------------------------------------------------------- the cohort


@dataclass
class _Job:
    """One assessment to write."""

    firm: int
    questionnaire: str
    round: str
    source: str
    stamp: str
    second: bool  # the firm's second round on this questionnaire: reuses most of its random numbers


@dataclass
class _Cohort:
    profiles: list[dict]
    industry: np.ndarray
    size: list[str]
    latent: np.ndarray  # n x LATENT, 2024
    progress: np.ndarray  # n x LATENT, added in 2025
    quick: np.ndarray  # answers DCMM in quick mode
    devices: np.ndarray
    growth: np.ndarray
    energy_intensity: np.ndarray
    cost_rate: np.ndarray
    jobs: list[list[_Job]]
    two_rounds: np.ndarray
    cmmm_path: np.ndarray  # index into the cmmm bank's paths
    cmmm_na: dict[str, np.ndarray]  # sub-domain id -> marked not applicable
    cmmm_quick: np.ndarray  # answers CMMM in quick mode
    cmmm_offset: dict[str, np.ndarray]  # domain id -> the planted shape's offset (model: cmmm.shapes)


def _stamp(rng: np.random.Generator, round_: str) -> str:
    month, day = rng.integers(4, 10), rng.integers(1, 29)
    hour, minute, second = rng.integers(0, 10), rng.integers(0, 60), rng.integers(0, 60)
    return f"{round_}-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}:{second:02d}+00:00"


def _plan(
    rng: np.random.Generator, industry: str, size: str, manufacturing: bool
) -> tuple[list[tuple[str, str]], bool]:
    """(round, questionnaire) pairs of one enterprise, and whether it has two rounds."""
    p = MODEL.plan
    cmmm = manufacturing and rng.random() < p.cmmm
    data_heavy = rng.random() < p.data_heavy.get(industry, 0.0)
    dcmm = data_heavy or (size in ("medium", "large") and rng.random() < p.dcmm_medium_large)
    sme = not data_heavy or rng.random() < p.sme_data_heavy
    two = rng.random() < p.two_rounds
    rounds = list(ROUNDS) if two else [ROUNDS[0] if rng.random() < p.first_round_only else ROUNDS[1]]
    old_edition = rng.random() < p.old_dcmm_edition
    pairs = []
    for round_ in rounds:
        if sme:
            pairs.append((round_, SME))
        if dcmm:
            pairs.append((round_, DCMM_OLD if round_ == ROUNDS[0] and old_edition else DCMM))
        if cmmm:
            pairs.append((round_, CMMM))
    return pairs, two


def _source(rng: np.random.Generator, questionnaire: str) -> str:
    u = rng.random()
    if questionnaire == SME and u < MODEL.plan.sme_onsite:
        return "onsite"  # the district's on-site rating pilot
    return "import" if u > 1 - MODEL.plan.imported else "self"


def _shapes(
    rng: np.random.Generator,
    industry: np.ndarray,
    shapes: dict[str, dict[str, float]],
    share: dict[str, dict[str, float]],
    default: dict[str, float],
) -> np.ndarray:
    """Each firm's planted shape (an index into ``shapes``), drawn with its industry's shares;
    the first shape takes what the others leave."""
    names = list(shapes)
    out = np.empty(len(industry), dtype=int)
    for j, ind in enumerate(INDUSTRIES):
        mine = share.get(ind["name"], default)
        p = np.array([mine.get(shape, 0.0) for shape in names])
        p[0] = 1.0 - p.sum()
        here = np.flatnonzero(industry == j)
        out[here] = rng.choice(len(names), size=len(here), p=p)
    return out


def _cohort(rng: np.random.Generator, n: int, taken_codes: set[str], taken_names: set[str]) -> _Cohort:
    parks = [p["name"] for p in PARKS]
    industries = [i["name"] for i in INDUSTRIES]
    park, industry, size = identities.places(rng, n)
    population, cmmm = MODEL.population, MODEL.cmmm

    general = np.zeros(n)
    extra = np.zeros((n, len(LATENT)))
    for j, ind in enumerate(INDUSTRIES):
        effect = MODEL.industry_effect(ind)
        rows = industry == j
        general[rows] += effect.general
        for dim, value in effect.dims.items():
            extra[rows, COL[dim]] += value
    for k, name in enumerate(parks):
        general[park == k] += MODEL.parks[name].general if name in MODEL.parks else 0.0
    general += np.array([population.size_effect[s] for s in size])
    g = general + rng.standard_normal(n)
    lat = MODEL.latent
    uneven = rng.random(n) < lat.uneven_share
    specific = np.where(uneven, lat.uneven_sd, lat.specific_sd)[:, None] * rng.standard_normal((n, len(LATENT)))
    specific[:, COL["general"]] = 0.0
    offsets = np.zeros((len(MODEL.shapes), len(LATENT)))
    for j, dims in enumerate(MODEL.shapes.values()):
        for dim, value in dims.items():
            offsets[j, COL[dim]] = value
    shape_of = _shapes(rng, industry, MODEL.shapes, MODEL.shape_share, MODEL.shape_default)
    latent = g[:, None] + extra + specific + offsets[shape_of]
    shift = MODEL.rounds
    progress = rng.normal(shift.progress["mean"], shift.progress["sd"], size=n)[:, None] + (
        shift.progress_part_sd * rng.standard_normal((n, len(LATENT)))
    )
    quick = rng.random(n) < MODEL.dcmm.quick_share
    manufacturing = np.array([INDUSTRIES[j]["manufacturing"] for j in industry])
    devices = np.array([log_uniform(rng, *population.devices[s]) for s in size])
    devices = devices * np.where(manufacturing, 1.0, population.services_devices)
    devices = np.maximum(2, np.round(devices)).astype(int)
    growth = np.exp(rng.normal(population.growth["mean"], population.growth["sd"], n))
    energy = population.energy_intensity
    energy_intensity = np.where(manufacturing, energy["manufacturing"], energy["services"]) * np.exp(
        rng.normal(0, energy["sd"], n)
    )  # tce / 万元
    cost_rate = rng.uniform(*population.cost_rate, n)
    process = rng.random(n) < np.array([cmmm.process_share.get(industries[j], cmmm.process_default) for j in industry])
    contract = rng.random(n) < np.array(
        [cmmm.contract_share.get(industries[j], cmmm.contract_default) for j in industry]
    )
    na = cmmm.product_service_na
    service_na = rng.random(n) < np.where(process, na["process"], na["discrete"])
    cmmm_quick = rng.random(n) < cmmm.quick_share
    cmmm_shape = _shapes(rng, industry, cmmm.shapes, cmmm.shape_share, cmmm.shape_default)
    domains = {d for shape in cmmm.shapes.values() for d in shape}
    cmmm_offset = {
        d: np.array([offsets.get(d, 0.0) for offsets in cmmm.shapes.values()])[cmmm_shape] for d in sorted(domains)
    }

    profiles, jobs, two_rounds = [], [], np.zeros(n, dtype=bool)
    for i in range(n):
        ind = industries[industry[i]]
        profiles.append(identities.profile(rng, parks[park[i]], ind, size[i], taken_codes, taken_names))
        pairs, two_rounds[i] = _plan(rng, ind, size[i], bool(manufacturing[i]))
        seen: set[str] = set()
        firm_jobs = []
        for round_, qid in pairs:
            firm_jobs.append(_Job(i, qid, round_, _source(rng, qid), _stamp(rng, round_), qid in seen))
            seen.add(qid)
        jobs.append(firm_jobs)
    return _Cohort(
        profiles=profiles,
        industry=industry,
        size=size,
        latent=latent,
        progress=progress,
        quick=quick,
        devices=devices,
        growth=growth,
        energy_intensity=energy_intensity,
        cost_rate=cost_rate,
        jobs=jobs,
        two_rounds=two_rounds,
        cmmm_path=process.astype(int),  # the bank's paths: discrete, process
        cmmm_na={PRODUCT_DESIGN: contract, PRODUCT_SERVICE: service_na},
        cmmm_quick=cmmm_quick,
        cmmm_offset=cmmm_offset,
    )


# ------------------------------------------------------------------------------------ writing


def _check_target(store: Store, force: bool) -> tuple[set[str], set[str]]:
    """Refuse a database that already holds a demo cohort, or real enterprises without force.
    Returns the credit codes and names already taken."""
    if has_synthetic(store):
        count = len(listing(store, CLI, synthetic=1))
        raise DemoError(
            f"数据库中已有演示数据（{count} 家合成企业），不能再次生成；请使用新的数据库文件（--db）",
            f"the database already holds a demo cohort ({count} synthetic enterprises); "
            "generate into a new database file (--db)",
        )
    real = listing(store, CLI, synthetic=0)
    if real and not force:
        raise DemoError(
            f"数据库中已有 {len(real)} 家真实（非合成）企业，演示数据会混入其统计；确需写入请加 --force",
            f"the database holds {len(real)} real (non-synthetic) enterprises and demo data would mix "
            "into their statistics; add --force to write it anyway",
        )
    return {r["credit_code"] for r in real}, {r["name"] for r in real}


def _firms(cohort: _Cohort, jobs: list[_Job]) -> Firms:
    idx = np.array([j.firm for j in jobs])
    profiles = cohort.profiles
    return Firms(
        manufacturing=np.array([INDUSTRIES[cohort.industry[i]]["manufacturing"] for i in idx], dtype=bool),
        employees=np.array([profiles[i]["employees"] for i in idx]),
        revenue=np.array([profiles[i]["revenue"] for i in idx], dtype=float),
        devices=cohort.devices[idx],
        growth=cohort.growth[idx],
        energy_intensity=cohort.energy_intensity[idx],
        cost_rate=cohort.cost_rate[idx],
        years_before=np.array([int(ROUNDS[-1]) - int(j.round) for j in jobs]),
    )


def _answers(rng: np.random.Generator, cohort: _Cohort, jobs: list[_Job], qs: dict) -> dict[int, dict]:
    """Answers of a chunk's jobs (keyed by position in ``jobs``), one questionnaire at a time."""
    out: dict[int, dict] = {}
    for qid, q in qs.items():
        mine = [k for k, job in enumerate(jobs) if job.questionnaire == qid]
        if not mine:
            continue
        these = [jobs[k] for k in mine]
        if isinstance(q, DcmmQuestionnaire):
            width = dcmm_width(q)
        elif isinstance(q, CmmmQuestionnaire):
            width = cmmm_width(q)
        else:
            width = sme_width(q)
        firms = list(dict.fromkeys(job.firm for job in these))
        row = {firm: r for r, firm in enumerate(firms)}
        first = rng.random((len(firms), width))
        redraw = rng.random((len(firms), width)) < MODEL.rounds.resample
        second = np.where(redraw, rng.random((len(firms), width)), first)
        u = np.stack([(second if job.second else first)[row[job.firm]] for job in these])
        idx = np.array([job.firm for job in these])
        later = np.array([job.round != ROUNDS[0] for job in these])
        latent = cohort.latent[idx] + later[:, None] * cohort.progress[idx]
        if isinstance(q, DcmmQuestionnaire):
            given = dcmm_answers(q, latent, u, cohort.quick[idx])
        elif isinstance(q, CmmmQuestionnaire):
            firm = CmmmFirms(
                size=np.array([MODEL.cmmm.size[cohort.size[i]] for i in idx]),
                path=cohort.cmmm_path[idx],
                na={sub: marked[idx] for sub, marked in cohort.cmmm_na.items()},
                quick=cohort.cmmm_quick[idx],
                offset={d: shift[idx] for d, shift in cohort.cmmm_offset.items()},
            )
            given = cmmm_answers(q, latent, u, firm)
        else:
            given = sme_answers(q, latent, u, _firms(cohort, these))
        out.update(zip(mine, given))
    return out


def _write_chunk(db, rng, cohort: _Cohort, firms: range, qs: dict, summary: DemoSummary) -> None:
    jobs = [job for i in firms for job in cohort.jobs[i]]
    answers = _answers(rng, cohort, jobs, qs)
    k = 0
    for i in firms:
        profile = check_profile(cohort.profiles[i])
        if profile["size"] != cohort.size[i] or not profile["synthetic"]:
            raise AssertionError(f"demo profile {profile['credit_code']} came out as {profile['size']}")
        first = min((job.stamp for job in cohort.jobs[i]), default=None)
        save_profile(db, profile, CLI, stamp=first)
        summary.enterprises += 1
        summary.two_rounds += int(cohort.two_rounds[i])
        for job in cohort.jobs[i]:
            q = qs[job.questionnaire]
            # a generator bug must fail here, loudly, not write odd data
            given = check_answers(q, answers[k])
            missing = required_questions(q, given)
            if missing:
                raise AssertionError(f"demo answers for {q.id} miss {missing[:5]}")
            record_submitted(
                db, CLI, profile["credit_code"], q, job.round, job.source, given, synthetic=True, stamp=job.stamp
            )
            rounds = summary.assessments.setdefault(q.id, {})
            rounds[job.round] = rounds.get(job.round, 0) + 1
            k += 1


def generate(
    store: Store,
    n: int,
    seed: int,
    *,
    force: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> DemoSummary:
    """Fill ``store`` with a synthetic cohort of ``n`` enterprises and their assessments.

    The same ``n`` and ``seed`` give the same cohort. Refused (``DemoError``) when the database
    already holds a demo cohort (running twice is refused, not repeated), or real enterprises
    unless ``force``. Writes ``CHUNK`` enterprises per transaction and calls
    ``progress(done, total)`` after each.
    """
    if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= MAX_ENTERPRISES:
        raise DemoError(
            f"企业数量应为 1 到 {MAX_ENTERPRISES} 之间的整数，收到 {n!r}",
            f"the number of enterprises must be a whole number from 1 to {MAX_ENTERPRISES}, got {n!r}",
        )
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise DemoError(f"随机种子应为非负整数，收到 {seed!r}", f"the seed must be a whole number >= 0, got {seed!r}")
    rng = np.random.default_rng(seed)
    qs = {qid: get(qid) for qid in QUESTIONNAIRES}
    summary = DemoSummary(seed=seed, assessments={qid: {} for qid in QUESTIONNAIRES})
    cohort = None
    for start in range(0, n, CHUNK):
        with store.write() as db:
            if cohort is None:  # checked inside the first write, so no one slips in between
                codes, names = _check_target(store, force)
                cohort = _cohort(rng, n, codes, names)
                record(db, CLI, "demo.generate", "database", None, detail={"enterprises": n, "seed": seed})
                ensure_rounds(db, CLI, ROUNDS)  # the bureau's list names the demo's rounds too
            _write_chunk(db, rng, cohort, range(start, min(n, start + CHUNK)), qs, summary)
        if progress is not None:
            progress(min(n, start + CHUNK), n)
    return summary


def generate_and_fit(
    store: Store, actor: Actor | None, n: int, seed: int, *, force: bool = False, progress=None
) -> DemoSummary:
    """Generate the demo cohort, then fit the archetypes of each questionnaire it uses and take
    the benchmark snapshot, so that a fresh installation shows every part of the product.
    Administrators (and the command line) only: an anonymous visitor cannot fill the database."""
    from benchmarks.cohorts import fit, refresh_snapshot
    from benchmarks.demo.programme import plant as plant_programme

    if actor is None:
        raise PermissionDenied("请先以管理员身份登录", "sign in as an administrator first")
    require_role(store, actor, "admin", "demo")

    summary = generate(store, n, seed, force=force, progress=progress)
    plant_programme(store, seed)  # the example programme, with a planted effect
    for qid in summary.assessments:
        try:
            fit(store, CLI, qid, random_state=seed)
        except AssessmentError:
            continue  # too few assessments of this questionnaire to form archetypes
    flag_store.refresh(store, CLI)  # the doubt flags, as if each assessment had been submitted
    refresh_snapshot(store, CLI, list(summary.assessments))
    return summary
