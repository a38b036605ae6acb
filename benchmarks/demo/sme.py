"""Simulated SME answers (sme-2024): ordered single-choice options as a binomial draw on the
propensity of the question's latent dimension, multiple choice as one draw per option (never
"none" with others), bands and raw figures drawn together (the band value is computed from the
figures: devices, spend, energy, headcount, cost and revenue over two years), scenario levels 0-4
from the propensity of their latent dimension."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from benchmarks.demo.draws import logit, sigmoid
from benchmarks.demo.model import COL, MODEL
from questionnaires.schema import SmeQuestionnaire

CURVES = MODEL.sme.curves


@dataclass
class Firms:
    """What the SME answers need of each assessed enterprise besides its propensities."""

    manufacturing: np.ndarray
    employees: np.ndarray
    revenue: np.ndarray  # 万元 a year: the profile's, i.e. the year before round 2025
    devices: np.ndarray
    growth: np.ndarray
    energy_intensity: np.ndarray  # tce per 万元 of revenue
    cost_rate: np.ndarray
    years_before: np.ndarray  # 2025 minus the round's year


FIRM_SLOTS = 1  # uniforms per SME assessment shared by several questions (this year's growth)


def _question_width(x) -> int:
    return max(4, len(x.options))


def sme_width(q: SmeQuestionnaire) -> int:
    """Random numbers per SME assessment."""
    return FIRM_SLOTS + sum(_question_width(x) for x in q.questions) + len(q.scenarios)


def sme_answers(q: SmeQuestionnaire, latent: np.ndarray, u: np.ndarray, firms: Firms) -> list[dict]:
    """Answers and raw figures of ``len(latent)`` SME assessments: latent (m x LATENT),
    u (m x sme_width) uniforms."""
    m = len(latent)
    out: list[dict] = [{} for _ in range(m)]
    revenue_last = np.round(firms.revenue / firms.growth**firms.years_before, 1)
    this_year = firms.growth * np.exp(CURVES.growth_noise * logit(u[:, 0]))
    revenue_before = np.maximum(0.1, np.round(revenue_last / this_year, 1))
    ctx = {"firms": firms, "latent": latent, "revenue_last": revenue_last, "revenue_before": revenue_before}
    offset = FIRM_SLOTS
    for x in q.questions:
        width = _question_width(x)
        uq = u[:, offset : offset + width]
        offset += width
        dim, shift = MODEL.sme.question_latent.get(x.id, ("general", 0.0))
        strength = latent[:, COL[dim]] + shift
        special = _SPECIAL.get(x.id)
        if special is not None:
            special(x, strength, uq, out, ctx)
        elif x.type == "single":
            _single(x, strength, uq, out)
        elif x.type == "multi":
            _multi(x, np.repeat(strength[:, None], len(x.options), axis=1), uq, out)
        else:
            low, high = x.bands[0].min, x.bands[-1].max
            band = CURVES.band
            value = low + (high - low) * sigmoid(band.slope * strength + band.shift + band.noise * logit(uq[:, 0]))
            for r in range(m):
                out[r][x.id] = round(float(value[r]), 1)
    for s in q.scenarios:
        lat = latent[:, COL[MODEL.sme.scenario_latent.get(s.id.split(".", 1)[-1], "general")]]
        level = (
            (lat + MODEL.sme.scenario_noise * logit(u[:, offset]))[:, None] > np.array(MODEL.sme.scenario_cuts)
        ).sum(axis=1)
        offset += 1
        for r in range(m):
            out[r][s.id] = int(level[r])
    return out


def _single(x, strength: np.ndarray, uq: np.ndarray, out: list[dict]) -> None:
    """An ordered single choice: how many of k trials succeed picks the option (binomial)."""
    options = sorted(x.options, key=lambda o: o.points)
    k = len(options) - 1
    idx = (uq[:, :k] < sigmoid(CURVES.single_slope * strength)[:, None]).sum(axis=1)
    for r, i in enumerate(idx):
        out[r][x.id] = options[i].id


def _multi(x, strength: np.ndarray, uq: np.ndarray, out: list[dict]) -> None:
    """One draw per option (strength: m x options); the first (basic) options are easier.
    The exclusive "none" option is ticked only when nothing else is."""
    normal = [k for k, o in enumerate(x.options) if not o.exclusive]
    none = next((o.id for o in x.options if o.exclusive), None)
    spread = CURVES.multi_difficulty
    difficulty = np.linspace(-spread, spread, len(normal))
    ticked = uq[:, : len(normal)] < sigmoid(CURVES.multi_slope * strength[:, normal] - difficulty)
    for r in range(len(strength)):
        chosen = [x.options[k].id for k, t in zip(normal, ticked[r]) if t]
        out[r][x.id] = chosen or ([none] if none else [])


def _data_collection(x, strength, uq, out, ctx) -> None:
    # each option is a business area: production areas follow the production propensity
    latent = ctx["latent"]
    shift = MODEL.sme.question_latent[x.id][1]
    cols = [COL[MODEL.sme.scenario_latent.get(o.id, "operations")] for o in x.options]
    _multi(x, latent[:, cols] + shift, uq, out)


def _percent(x, part: float, whole: float) -> float:
    """A band question's percentage, rounded for display unless rounding changes its band."""
    exact = min(max(100.0 * part / whole if whole else 0.0, x.bands[0].min), x.bands[-1].max)
    shown = round(exact, 2)
    return shown if _band(x, shown) == _band(x, exact) else exact


def _band(x, value: float) -> int:
    return next((k for k, b in enumerate(x.bands) if value <= b.max), len(x.bands) - 1)


def _equipment_digital(x, strength, uq, out, ctx) -> None:
    devices = ctx["firms"].devices
    share = sigmoid(strength + CURVES.devices_noise * logit(uq[:, 0]))
    digital = np.round(devices * share).astype(int)
    for r in range(len(out)):
        out[r][f"{x.id}.production_devices"] = int(devices[r])
        out[r][f"{x.id}.digital_devices"] = int(digital[r])
        out[r][x.id] = _percent(x, digital[r], devices[r])


def _equipment_networked(x, strength, uq, out, ctx) -> None:
    # networked devices are a share of the digitised ones (the denominator is all devices)
    devices = ctx["firms"].devices
    share = sigmoid(strength + CURVES.devices_noise * logit(uq[:, 0]))
    for r in range(len(out)):
        digital = out[r].get("foundation.equipment_digital.digital_devices", int(devices[r]))
        networked = int(round(digital * share[r]))
        out[r][f"{x.id}.production_devices"] = int(devices[r])
        out[r][f"{x.id}.networked_devices"] = networked
        out[r][x.id] = _percent(x, networked, devices[r])


def _funding(x, strength, uq, out, ctx) -> None:
    curve = CURVES.spend
    share = np.minimum(curve.cap, curve.median * np.exp(curve.slope * strength + curve.noise * logit(uq[:, 0])))
    g = ctx["firms"].growth
    average = np.round(ctx["revenue_last"] * (1 + 1 / g + 1 / g**2) / 3, 1)
    spend = np.round(average * share, 1)
    for r in range(len(out)):
        out[r][f"{x.id}.digital_spend"] = float(spend[r])
        out[r][f"{x.id}.revenue"] = float(average[r])
        out[r][x.id] = _percent(x, spend[r], average[r])


def _trend(ratio: float) -> str:
    """The option id of a year-on-year change (the options are down / flat / up)."""
    if abs(ratio - 1.0) <= MODEL.sme.flat:
        return "flat"
    return "down" if ratio < 1.0 else "up"


def _change(curve, strength: np.ndarray, uq: np.ndarray) -> np.ndarray:
    """A year-on-year factor: exp(slope x strength + shift + noise)."""
    return np.exp(curve.slope * strength + curve.shift + curve.noise * logit(uq[:, 0]))


def _revenues(given: dict, x, last: float, before: float) -> None:
    """The revenue of the two years behind a year-on-year question."""
    given[f"{x.id}.revenue_last_year"] = float(last)
    given[f"{x.id}.revenue_year_before"] = float(before)


def _energy(x, strength, uq, out, ctx) -> None:
    last, before = ctx["revenue_last"], ctx["revenue_before"]
    intensity = ctx["firms"].energy_intensity
    change = _change(CURVES.energy, strength, uq)
    energy_before = np.maximum(0.01, np.round(before * intensity, 2))
    energy_last = np.maximum(0.01, np.round(last * intensity * change, 2))
    for r in range(len(out)):
        out[r][f"{x.id}.energy_last_year"] = float(energy_last[r])
        out[r][f"{x.id}.energy_year_before"] = float(energy_before[r])
        _revenues(out[r], x, last[r], before[r])
        out[r][x.id] = _trend((energy_last[r] / last[r]) / (energy_before[r] / before[r]))


def _revenue_per_employee(x, strength, uq, out, ctx) -> None:
    last, before = ctx["revenue_last"], ctx["revenue_before"]
    employees = ctx["firms"].employees
    change = _change(CURVES.revenue_per_employee, strength, uq)
    headcount_before = np.maximum(1, np.round(employees * before / last * change)).astype(int)
    for r in range(len(out)):
        out[r][f"{x.id}.headcount_last_year"] = int(employees[r])
        out[r][f"{x.id}.headcount_year_before"] = int(headcount_before[r])
        _revenues(out[r], x, last[r], before[r])
        out[r][x.id] = _trend((last[r] / employees[r]) / (before[r] / headcount_before[r]))


def _cost(x, strength, uq, out, ctx) -> None:
    last, before = ctx["revenue_last"], ctx["revenue_before"]
    rate = ctx["firms"].cost_rate
    change = _change(CURVES.cost, strength, uq)
    cost_before = np.maximum(0.1, np.round(before * rate, 1))
    cost_last = np.maximum(0.1, np.round(last * rate * change, 1))
    for r in range(len(out)):
        out[r][f"{x.id}.cost_last_year"] = float(cost_last[r])
        out[r][f"{x.id}.cost_year_before"] = float(cost_before[r])
        _revenues(out[r], x, last[r], before[r])
        out[r][x.id] = _trend((cost_last[r] / last[r]) / (cost_before[r] / before[r]))


def _quality(x, strength, uq, out, ctx) -> None:
    q, p = CURVES.quality, CURVES.pass_rate
    trend = q.slope * strength + logit(uq[:, 0])
    pass_rate = np.clip(100 - np.exp(p.shift + p.slope * strength + p.noise * logit(uq[:, 1])), p.low, p.high)
    manufacturing = ctx["firms"].manufacturing
    for r in range(len(out)):
        out[r][x.id] = "down" if trend[r] < q.down else "up" if trend[r] > q.up else "flat"
        if manufacturing[r]:  # a pass rate means little for a bank or an agency
            out[r][f"{x.id}.pass_rate"] = round(float(pass_rate[r]), 1)


_SPECIAL: dict[str, Callable] = {
    "foundation.data_collection": _data_collection,
    "foundation.equipment_digital": _equipment_digital,
    "foundation.equipment_networked": _equipment_networked,
    "management.funding": _funding,
    "results.energy": _energy,
    "results.quality": _quality,
    "results.revenue_per_employee": _revenue_per_employee,
    "results.cost": _cost,
}
