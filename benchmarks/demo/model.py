"""The demo cohort's model parameters: ``model.yaml`` (every figure with what it assumes), loaded
and checked once into ``MODEL``; and the latent dimensions the figures refer to."""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, model_validator

FILE = Path(__file__).with_name("model.yaml")

# the latent dimensions of an enterprise (columns of the cohort's latent matrix, in this order)
LATENT = (
    "general",
    "strategy",
    "governance",
    "architecture",
    "assets",
    "standards",
    "quality",
    "security",
    "lifecycle",
    "application",
    "equipment",  # equipment digitisation and networking
    "production",  # manufacturing-heavy scenarios (planning, production control, energy ...)
    "operations",  # business systems: marketing, procurement, warehousing, finance, HR
    "talent",
    "results",
)
COL = {name: j for j, name in enumerate(LATENT)}
SIZES = ("micro", "small", "medium", "large")


class _Part(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _dimensions(dims, where: str) -> None:
    unknown = sorted(set(dims) - set(LATENT))
    if unknown:
        raise ValueError(f"{where}: unknown latent dimensions {unknown}")


def _share(value: float, where: str) -> None:
    if not 0.0 <= value <= 1.0:
        raise ValueError(f"{where}: a share must lie in [0, 1], got {value}")


def _shapes(shapes: dict[str, dict[str, float]], share: dict[str, dict[str, float]], default: dict[str, float]):
    first = next(iter(shapes), None)
    if first is None or shapes[first]:
        raise ValueError("the first shape is the one without offsets")
    for name, shares in {**share, "(default)": default}.items():
        unknown = sorted(set(shares) - set(shapes))
        if unknown:
            raise ValueError(f"{name}: unknown shapes {unknown}")
        if first in shares:
            raise ValueError(f"{name}: the first shape takes what the others leave; do not give its share")
        if sum(shares.values()) > 1.0:
            raise ValueError(f"{name}: the shapes' shares add up to more than 1")


class _Effect(_Part):
    general: float
    dims: dict[str, float]

    @model_validator(mode="after")
    def _known(self):
        _dimensions(self.dims, "dims")
        return self


class _Park(_Part):
    share: float
    general: float
    industries: dict[str, float]


class _Population(_Part):
    size_share: dict[str, float]
    size_effect: dict[str, float]
    employees: dict[str, tuple[float, float]]
    revenue: dict[str, tuple[float, float]]
    devices: dict[str, tuple[float, float]]
    services_devices: float
    growth: dict[str, float]
    energy_intensity: dict[str, float]
    cost_rate: tuple[float, float]

    @model_validator(mode="after")
    def _sizes(self):
        for name in ("size_share", "size_effect", "employees", "revenue", "devices"):
            if tuple(getattr(self, name)) != SIZES:
                raise ValueError(f"{name}: give the size classes {SIZES}, in this order")
        if abs(sum(self.size_share.values()) - 1.0) > 1e-9:
            raise ValueError("size_share: the shares must add up to 1")
        return self


class _IndustryDefault(_Part):
    manufacturing: _Effect
    services: _Effect


class _Latent(_Part):
    uneven_share: float
    specific_sd: float
    uneven_sd: float


class _Plan(_Part):
    data_heavy: dict[str, float]
    dcmm_medium_large: float
    sme_data_heavy: float
    cmmm: float
    two_rounds: float
    first_round_only: float
    old_dcmm_edition: float
    sme_onsite: float
    imported: float

    @model_validator(mode="after")
    def _shares(self):
        for name, value in self:
            for key, share in (value if isinstance(value, dict) else {"": value}).items():
                _share(share, f"plan.{name}{'.' + key if key else ''}")
        return self


class _Rounds(_Part):
    progress: dict[str, float]
    progress_part_sd: float
    resample: float


class _Dcmm(_Part):
    base: float
    slope: float
    noise: float
    k: float
    quick_share: float
    quick_optimism: float
    area_latent: dict[str, str]

    @model_validator(mode="after")
    def _known(self):
        _dimensions(self.area_latent.values(), "dcmm.area_latent")
        return self


class _Curve(_Part):
    slope: float
    shift: float
    noise: float


class _Spend(_Part):
    median: float
    slope: float
    noise: float
    cap: float


class _Quality(_Part):
    slope: float
    down: float
    up: float


class _PassRate(_Curve):
    low: float
    high: float


class _Curves(_Part):
    single_slope: float
    multi_slope: float
    multi_difficulty: float
    band: _Curve
    devices_noise: float
    spend: _Spend
    growth_noise: float
    energy: _Curve
    revenue_per_employee: _Curve
    cost: _Curve
    quality: _Quality
    pass_rate: _PassRate


class _Sme(_Part):
    question_latent: dict[str, tuple[str, float]]
    scenario_latent: dict[str, str]
    scenario_cuts: tuple[float, float, float, float]
    scenario_noise: float
    flat: float
    curves: _Curves

    @model_validator(mode="after")
    def _known(self):
        _dimensions([dim for dim, _ in self.question_latent.values()], "sme.question_latent")
        _dimensions(self.scenario_latent.values(), "sme.scenario_latent")
        if list(self.scenario_cuts) != sorted(self.scenario_cuts):
            raise ValueError("sme.scenario_cuts: the cuts must rise")
        return self


class _Cmmm(_Part):
    process_share: dict[str, float]
    process_default: float
    contract_share: dict[str, float]
    contract_default: float
    product_service_na: dict[str, float]
    quick_share: float
    domain_latent: dict[str, str]
    base: float
    slope: float
    own: float
    noise: float
    requirement_noise: float
    size: dict[str, float]
    cuts: tuple[float, float, float]
    optimism: float
    check_no: float
    unsure: float
    shapes: dict[str, dict[str, float]]
    shape_share: dict[str, dict[str, float]]
    shape_default: dict[str, float]

    @model_validator(mode="after")
    def _known(self):
        _dimensions(self.domain_latent.values(), "cmmm.domain_latent")
        if tuple(self.size) != SIZES:
            raise ValueError(f"cmmm.size: give the size classes {SIZES}, in this order")
        if set(self.product_service_na) != {"process", "discrete"}:
            raise ValueError("cmmm.product_service_na: give the paths process and discrete")
        if list(self.cuts) != sorted(self.cuts):
            raise ValueError("cmmm.cuts: the cuts must rise")
        _shapes(self.shapes, self.shape_share, self.shape_default)
        return self


class DemoModel(_Part):
    """The figures of ``model.yaml``, checked."""

    population: _Population
    industries: dict[str, _Effect]
    industry_default: _IndustryDefault
    parks: dict[str, _Park]
    park_default_share: float
    latent: _Latent
    shapes: dict[str, dict[str, float]]
    shape_share: dict[str, dict[str, float]]
    shape_default: dict[str, float]
    plan: _Plan
    rounds: _Rounds
    dcmm: _Dcmm
    sme: _Sme
    cmmm: _Cmmm

    @model_validator(mode="after")
    def _known(self):
        for name, dims in self.shapes.items():
            _dimensions(dims, f"shapes.{name}")
        _shapes(self.shapes, self.shape_share, self.shape_default)
        return self

    def industry_effect(self, industry: dict) -> _Effect:
        """The effect of a directory industry (a default one for an industry added later)."""
        if industry["name"] in self.industries:
            return self.industries[industry["name"]]
        defaults = self.industry_default
        return defaults.manufacturing if industry["manufacturing"] else defaults.services


def load(path: Path = FILE) -> DemoModel:
    """The checked model; a broken file fails with ``file: field: message``."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    try:
        return DemoModel.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise ValueError(f"{path.name}: {where}: {first['msg']}") from None


MODEL = load()
