"""The demo cohort: a reproducible synthetic cohort of enterprises and their assessments.

``generate(store, n, seed)`` fills a database with ``n`` invented enterprises of the district's
parks, industries and size classes, and their submitted assessments on every questionnaire,
so that the dashboards, reports and clusters have data that behaves like real data. Every record
it writes carries the ``synthetic`` flag.

The model (every number here is an assumption of the demo, not a fact about the district):

* Each enterprise has a general digital capability ``g ~ N(size + industry + park effect, 1)``
  and one propensity per latent dimension (``LATENT``): ``g`` plus the industry's strength in
  that dimension plus a specific term, small for most firms and large for a minority of
  "uneven" ones. Shared ``g`` makes areas correlate; industry terms make industries differ
  (finance strong in security, software in data architecture, manufacturing in equipment
  networking and production scenarios, trade and tourism weaker overall).
* DCMM: every item gets a capability on the 1-5 scale from the propensity of its area; a
  criterion of level L is met with probability ``logistic(k * (capability - L + 0.5))``, so
  higher levels are much less likely to be met and item levels come out mostly 1-3. Some
  enterprises answer in quick mode (the level they would reach, sometimes one higher).
* SME: ordered single-choice options as a binomial draw on the propensity, multiple choice as
  one draw per option (never "none" with others), bands and raw figures drawn together (the
  band value is computed from the figures), scenario levels 0-4 from the propensity of their
  latent dimension.
* CMMM (cmmm-2020): three in four manufacturers self-assess on it, on the path their industry
  suggests (brewing, pharma and food mostly process; apparel, appliances and rail equipment
  discrete); contract manufacturers mark product design not applicable, process manufacturers
  often product service. Sub-domain capability on the level scale from the general capability,
  the size class and a planted shape (``CMMM_SHAPES``); requirements answered 0 / 0.5 / 0.8 / 1
  from it, or, for two in five, quick mode (the level the detailed answers would reach, sometimes
  one higher, with the check question). Levels come out near the national self-diagnosis
  (about 69 % at level 1 or below, 15 % at 2, 7 % at 3, 9 % at 4 and above).
* Rounds: about a third of the enterprises are assessed in 2024 and 2025. In 2025 the
  propensities shift by a per-firm progress term (mostly positive, sometimes negative), and the
  random numbers behind each answer are mostly reused, so a second round reads as progress,
  not as a fresh draw. A firm assessed on dcmm-2018 in 2024 re-assesses on dcmm-2025.

Only ``numpy.random.Generator(seed)`` is used and every timestamp is drawn from it, so the same
``n`` and ``seed`` give the same table contents (except the audit log, and the write times that
``assessment`` stamps itself: enterprises' created/updated and results' scored_at).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from assessment import flag_store
from assessment.access import CLI, Actor, PermissionDenied, require_role
from assessment.answers import NOT_APPLICABLE, PATH_KEY, UNSURE, check_answers, check_id, needs_check
from assessment.audit import record
from assessment.cmmm_scoring import NOT_QUICK, layout, reached, subdomain_scores
from assessment.credit_code import ALPHABET, complete
from assessment.db import Store
from assessment.directory import INDUSTRIES, PARKS, size_class
from assessment.enterprises import check_profile, has_synthetic, listing, save_profile
from assessment.errors import AssessmentError
from assessment.item_level import compile_criteria, item_levels
from assessment.lifecycle import record_submitted, required_questions
from assessment.rounds import ensure as ensure_rounds
from questionnaires import get
from questionnaires.schema import CmmmQuestionnaire, DcmmQuestionnaire, SmeQuestionnaire

CHUNK = 500
MAX_ENTERPRISES = 1_000_000
ROUNDS = ("2024", "2025")
DCMM = "dcmm-2025"
DCMM_OLD = "dcmm-2018"
SME = "sme-2024"
CMMM = "cmmm-2020"
QUESTIONNAIRES = (SME, DCMM_OLD, DCMM, CMMM)

# ------------------------------------------------------------------------------------ the model

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

SIZE_SHARE = {"micro": 0.30, "small": 0.42, "medium": 0.21, "large": 0.07}
SIZE_EFFECT = {"micro": -0.8, "small": -0.25, "medium": 0.4, "large": 1.0}
# employees and revenue (万元 a year) per size class, log-uniform, inside size_class()'s bounds
SIZE_RANGES = {
    "micro": ((3, 19), (30, 299)),
    "small": ((20, 299), (300, 1999)),
    "medium": ((300, 999), (2000, 39_999)),
    "large": ((1000, 6000), (40_000, 400_000)),
}
DEVICES = {"micro": (5, 40), "small": (20, 200), "medium": (100, 1000), "large": (500, 5000)}

# industry: (effect on g, {latent dimension: extra effect})
INDUSTRY_EFFECT: dict[str, tuple[float, dict[str, float]]] = {
    "啤酒饮料": (0.1, {"equipment": 0.9, "production": 0.8, "quality": 0.3}),
    "服装与衣联网": (0.0, {"equipment": 0.7, "production": 0.6, "operations": 0.2}),
    "生物医药": (0.2, {"equipment": 0.6, "production": 0.5, "quality": 0.6, "standards": 0.3, "security": 0.2}),
    "氢能源": (0.1, {"equipment": 0.8, "production": 0.5, "security": 0.1}),
    "家用电器": (0.2, {"equipment": 0.9, "production": 0.8, "operations": 0.3, "architecture": 0.2}),
    "轨道交通装备": (0.3, {"equipment": 0.8, "production": 0.6, "quality": 0.4, "standards": 0.3}),
    "食品加工": (-0.1, {"equipment": 0.6, "production": 0.6, "quality": 0.3}),
    "现代金融": (
        0.3,
        {"security": 1.2, "governance": 0.5, "quality": 0.4, "assets": 0.3, "equipment": -1.2, "production": -1.6},
    ),
    "智慧物流": (
        0.1,
        {"operations": 0.5, "application": 0.3, "architecture": 0.2, "equipment": 0.1, "production": -0.6},
    ),
    "软件和信息技术服务": (
        0.5,
        {
            "architecture": 0.8,
            "lifecycle": 0.5,
            "application": 0.5,
            "assets": 0.3,
            "standards": 0.3,
            "talent": 0.5,
            "equipment": -0.9,
            "production": -1.4,
        },
    ),
    "商贸零售": (-0.5, {"operations": 0.2, "equipment": -0.9, "production": -1.3}),
    "文化旅游": (-0.6, {"application": 0.1, "equipment": -1.1, "production": -1.4}),
}
# an industry added to the directory later still gets a plausible profile
MANUFACTURING_DEFAULT = (0.0, {"equipment": 0.7, "production": 0.6})
SERVICES_DEFAULT = (0.0, {"equipment": -0.9, "production": -1.3})
DATA_HEAVY = {"现代金融": 1.0, "软件和信息技术服务": 1.0, "智慧物流": 1.0, "生物医药": 0.4}

# park: (share of enterprises, effect on g, {industry: weight; an industry not listed weighs 1}).
# The mixes and effects are invented for the demo (as are two of the parks), not taken from data.
PARK_PROFILE: dict[str, tuple[float, float, dict[str, float]]] = {
    "金水创新产业园": (
        0.24,
        0.15,
        {
            "生物医药": 3,
            "氢能源": 2,
            "软件和信息技术服务": 2,
            "服装与衣联网": 1,
            "啤酒饮料": 1,
            "现代金融": 0.5,
            "家用电器": 1.5,
            "轨道交通装备": 0.5,
            "食品加工": 0.5,
        },
    ),
    "耀州新经济产业园": (
        0.22,
        0.0,
        {
            "软件和信息技术服务": 2,
            "智慧物流": 2,
            "商贸零售": 2,
            "文化旅游": 2,
            "服装与衣联网": 2,
            "氢能源": 0.5,
            "家用电器": 0.5,
            "轨道交通装备": 0.2,
            "食品加工": 1,
        },
    ),
    "华澜现代金融产业园": (
        0.16,
        0.2,
        {
            "现代金融": 6,
            "软件和信息技术服务": 2,
            "啤酒饮料": 0.2,
            "服装与衣联网": 0.2,
            "生物医药": 0.2,
            "氢能源": 0.2,
            "家用电器": 0.1,
            "轨道交通装备": 0.1,
            "食品加工": 0.1,
        },
    ),
    "沧口湾智造园（虚构）": (
        0.22,
        -0.1,
        {
            "啤酒饮料": 3,
            "服装与衣联网": 3,
            "氢能源": 3,
            "生物医药": 2,
            "商贸零售": 0.5,
            "现代金融": 0.2,
            "家用电器": 3,
            "轨道交通装备": 3,
            "食品加工": 2,
        },
    ),
    "青峰数字港（虚构）": (
        0.16,
        0.25,
        {
            "软件和信息技术服务": 4,
            "智慧物流": 3,
            "现代金融": 1,
            "生物医药": 1,
            "氢能源": 0.3,
            "啤酒饮料": 0.3,
            "家用电器": 0.3,
            "轨道交通装备": 0.3,
            "食品加工": 0.3,
        },
    ),
}

# Shape archetypes planted in the demo (an assumption to review, not data): each enterprise has
# one, drawn with the shares of its industry (parks differ through their industry mix); it adds a
# fixed offset to some latent dimensions, whatever the enterprise's general level.
SHAPE_ARCHETYPES: dict[str, dict[str, float]] = {
    "balanced": {},
    "secure_little_used": {"security": 2.0, "governance": 1.0, "application": -1.8, "assets": -1.2},
    "applied_unguarded": {"application": 2.0, "architecture": 1.2, "security": -1.8, "standards": -1.0},
    "policies_on_paper": {"governance": 1.8, "strategy": 1.4, "quality": -1.5, "lifecycle": -1.5},
    "machines_first": {"equipment": 2.0, "production": 1.6, "strategy": -1.6, "governance": -1.5, "talent": -1.5},
}
# industry -> share of each shape archetype (the rest: balanced); an industry not listed: SHAPE_DEFAULT
SHAPE_SHARE: dict[str, dict[str, float]] = {
    "现代金融": {"secure_little_used": 0.55, "policies_on_paper": 0.2},
    "软件和信息技术服务": {"applied_unguarded": 0.5, "policies_on_paper": 0.1},
    "智慧物流": {"applied_unguarded": 0.35, "machines_first": 0.15},
    "啤酒饮料": {"machines_first": 0.5, "policies_on_paper": 0.1},
    "服装与衣联网": {"machines_first": 0.45, "applied_unguarded": 0.15},
    "生物医药": {"secure_little_used": 0.25, "machines_first": 0.3, "policies_on_paper": 0.15},
    "氢能源": {"machines_first": 0.45, "secure_little_used": 0.1},
    "家用电器": {"machines_first": 0.4, "applied_unguarded": 0.15},
    "轨道交通装备": {"machines_first": 0.35, "policies_on_paper": 0.15},
    "食品加工": {"machines_first": 0.4, "policies_on_paper": 0.15},
    "商贸零售": {"policies_on_paper": 0.3, "applied_unguarded": 0.2},
    "文化旅游": {"policies_on_paper": 0.35, "applied_unguarded": 0.15},
}
SHAPE_DEFAULT = {"policies_on_paper": 0.2, "machines_first": 0.2}

UNEVEN_SHARE = 0.12
SPECIFIC_SD = 0.35
UNEVEN_SD = 1.4
TWO_ROUNDS = 1 / 3
PROGRESS = (0.45, 0.3)  # mean and spread of the latent shift from 2024 to 2025
PROGRESS_PART_SD = 0.12
RESAMPLE = 0.05  # share of the random numbers behind the answers redrawn for a second round

# DCMM: item capability = DCMM_BASE + DCMM_SLOPE * propensity + noise; criterion of level L met
# with probability logistic(DCMM_K * (capability - L + 0.5))
DCMM_BASE, DCMM_SLOPE, DCMM_NOISE, DCMM_K = 2.05, 0.65, 0.25, 3.0
QUICK_SHARE, QUICK_OPTIMISM = 0.2, 0.15
DCMM_AREA_LATENT = {
    "strategy": "strategy",
    "governance": "governance",
    "architecture": "architecture",
    "assets": "assets",
    "standards": "standards",
    "quality": "quality",
    "security": "security",
    "lifecycle": "lifecycle",
    "application": "application",
}

# SME: latent dimension and offset (logit scale) per question
SME_QUESTION_LATENT = {
    "foundation.network": ("equipment", -0.3),
    "foundation.equipment_digital": ("equipment", -0.3),
    "foundation.equipment_networked": ("equipment", -0.2),
    "foundation.data_collection": ("operations", -0.2),  # per option: see SCENARIO_LATENT
    "foundation.information_systems": ("operations", 0.2),
    "foundation.network_security": ("security", 0.1),
    "foundation.data_security": ("security", -0.1),
    "management.planning": ("strategy", -0.1),
    "management.mechanisms": ("governance", -0.2),
    "management.talent": ("talent", -0.3),
    "management.funding": ("strategy", 0.0),
    "results.energy": ("results", 0.0),
    "results.quality": ("results", 0.0),
    "results.revenue_per_employee": ("results", 0.0),
    "results.cost": ("results", 0.0),
}
# a business area (scenario, and the data-collection option of the same name) -> latent
SCENARIO_LATENT = {
    "product_design": "production",
    "process_design": "production",
    "marketing": "operations",
    "after_sales": "operations",
    "planning_scheduling": "production",
    "production_control": "production",
    "quality": "production",
    "equipment": "production",
    "safety": "production",
    "energy": "production",
    "procurement": "operations",
    "warehousing_logistics": "operations",
    "finance": "operations",
    "hr": "operations",
    "office_collaboration": "operations",
    "decision_support": "application",
}
SCENARIO_CUTS = np.array([-1.3, -0.2, 0.9, 2.1])
SCENARIO_NOISE = 0.7
FLAT = 0.02  # a ratio within 2% of 1 counts as "about the same"

# CMMM (manufacturers only). A share of the manufacturers self-assess on cmmm-2020; their path
# follows the industry (brewing, pharma and food mostly process; apparel, appliances and rail
# equipment discrete); contract manufacturers without their own product design mark it not
# applicable, and process manufacturers often mark product service not applicable. Each
# sub-domain has a capability on the level scale: CMMM_BASE + CMMM_SLOPE x the general capability
# (mixed with a little of its domain's latent dimension) + a size term + the planted shape's
# offset for its domain + noise; a requirement of level L is answered
# from capability - L + noise, cut into none / partly / mostly / fully. The numbers are tuned
# so that levels come out near the national self-diagnosis (end-2021: <= L1 about 69 %, L2 15 %,
# L3 7 %, >= L4 9 %); the size term's large value for big firms makes the top tail.
CMMM_SHARE = 0.75  # of the manufacturers
PROCESS_SHARE = {
    "啤酒饮料": 0.9,
    "生物医药": 0.8,
    "食品加工": 0.7,
    "氢能源": 0.5,
    "服装与衣联网": 0.05,
    "家用电器": 0.05,
    "轨道交通装备": 0.05,
}
PROCESS_DEFAULT = 0.3
CONTRACT_SHARE = {  # no product design of their own (OEM, CMO, component work to drawings)
    "服装与衣联网": 0.35,
    "轨道交通装备": 0.25,
    "家用电器": 0.2,
    "生物医药": 0.15,
    "食品加工": 0.15,
    "氢能源": 0.1,
    "啤酒饮料": 0.05,
}
CONTRACT_DEFAULT = 0.15
PRODUCT_DESIGN = "design.product"
PRODUCT_SERVICE = "service.product"
PRODUCT_SERVICE_NA = {"process": 0.5, "discrete": 0.05}
CMMM_QUICK_SHARE = 0.4
CMMM_DOMAIN_LATENT = {
    "strategy": "strategy",
    "skills": "talent",
    "data": "assets",
    "integration": "architecture",
    "security": "security",
    "equipment": "equipment",
    "network": "equipment",
    "design": "production",
    "production": "production",
    "logistics": "operations",
    "sales": "operations",
    "service": "operations",
}
CMMM_BASE, CMMM_SLOPE, CMMM_NOISE, CMMM_REQ_NOISE = 1.33, 0.55, 0.2, 0.35
CMMM_OWN = 0.25  # weight of the domain's own latent dimension beside the general capability
CMMM_SIZE = {"micro": -0.2, "small": -0.05, "medium": 1.45, "large": 3.1}
CMMM_CUTS = (-0.45, 0.1, 0.45)  # capability - L + 0.5 above each: partly, mostly, fully
CMMM_OPTIMISM, CMMM_CHECK_NO, CMMM_UNSURE = 0.12, 0.15, 0.03
# Shapes planted among the manufacturers (an assumption to review, not data), as offsets on the
# level scale of some domains, whatever the firm's general level: machines automated before
# their systems are linked; systems and order flow digitised before the shop floor; plans,
# people and safeguards ahead of practice. Shares per industry; the rest: balanced.
CMMM_SHAPES: dict[str, dict[str, float]] = {
    "balanced": {},
    "automated_islands": {"equipment": 1.5, "network": 1.2, "production": 0.8, "integration": -1.2, "data": -1.2},
    "systems_first": {"integration": 1.3, "sales": 1.3, "logistics": 1.0, "equipment": -1.2, "network": -1.0},
    "plans_ahead": {"strategy": 1.5, "skills": 1.2, "security": 0.8, "production": -1.1, "design": -1.0},
}
CMMM_SHAPE_SHARE: dict[str, dict[str, float]] = {
    "啤酒饮料": {"automated_islands": 0.45, "plans_ahead": 0.15},
    "食品加工": {"automated_islands": 0.35, "plans_ahead": 0.2},
    "生物医药": {"plans_ahead": 0.35, "automated_islands": 0.2},
    "家用电器": {"systems_first": 0.4, "automated_islands": 0.2},
    "服装与衣联网": {"systems_first": 0.45, "automated_islands": 0.15},
    "轨道交通装备": {"automated_islands": 0.35, "plans_ahead": 0.2},
    "氢能源": {"plans_ahead": 0.3, "automated_islands": 0.25},
}
CMMM_SHAPE_DEFAULT = {"automated_islands": 0.3, "systems_first": 0.2}

STREETS = (
    "李村街道",
    "虎山路街道",
    "浮山路街道",
    "兴华路街道",
    "兴城路街道",
    "九水街道",
    "世园街道",
    "湘潭路街道",
    "振华路街道",
    "永清路街道",
    "永安路街道",
    "楼山街道",
)
SYLLABLES = (
    ("瑞", "rui"), ("澜", "lan"), ("博", "bo"), ("启", "qi"), ("恒", "heng"), ("泰", "tai"),
    ("禾", "he"), ("岳", "yue"), ("鸿", "hong"), ("嘉", "jia"), ("润", "run"), ("晟", "sheng"),
    ("诚", "cheng"), ("联", "lian"), ("众", "zhong"), ("远", "yuan"), ("航", "hang"), ("峰", "feng"),
    ("源", "yuan"), ("拓", "tuo"), ("睿", "rui"), ("朗", "lang"), ("钧", "jun"), ("弘", "hong"),
    ("泽", "ze"), ("宸", "chen"), ("卓", "zhuo"), ("铭", "ming"), ("昱", "yu"), ("煜", "yu"),
    ("沐", "mu"), ("澄", "cheng"), ("汇", "hui"), ("盛", "sheng"), ("瀚", "han"), ("蔚", "wei"),
    ("岚", "lan"), ("霖", "lin"), ("璟", "jing"), ("骏", "jun"), ("凯", "kai"), ("耀", "yao"),
    ("鼎", "ding"), ("坤", "kun"), ("麟", "lin"), ("屹", "yi"), ("崇", "chong"), ("翊", "yi"),
    ("珂", "ke"), ("晖", "hui"), ("舜", "shun"), ("沣", "feng"), ("彦", "yan"), ("驰", "chi"),
    ("锐", "rui"), ("景", "jing"), ("祥", "xiang"), ("裕", "yu"), ("鑫", "xin"), ("淳", "chun"),
)  # fmt: skip
INDUSTRY_WORDS = {
    "啤酒饮料": ("啤酒", "酿造", "饮品", "食品饮料"),
    "服装与衣联网": ("服饰", "纺织科技", "服装", "智能制衣"),
    "生物医药": ("生物科技", "医药科技", "生物医药", "药业"),
    "氢能源": ("氢能科技", "新能源科技", "能源装备", "氢能源"),
    "家用电器": ("电器", "家电科技", "智能家电", "电器制造"),
    "轨道交通装备": ("轨道交通装备", "轨道装备", "机车部件", "轨道交通科技"),
    "食品加工": ("食品", "食品科技", "调味品", "海洋食品"),
    "现代金融": ("金融服务", "融资租赁", "投资管理", "商业保理"),
    "智慧物流": ("供应链管理", "物流", "国际物流", "智慧物流"),
    "软件和信息技术服务": ("软件", "信息技术", "网络科技", "数据科技"),
    "商贸零售": ("商贸", "贸易", "商业管理", "百货"),
    "文化旅游": ("文旅", "文化传媒", "旅游发展", "文化创意"),
}
OTHER_WORDS = ("科技", "实业", "发展")
SURNAMES = (
    ("王", "wang"), ("张", "zhang"), ("李", "li"), ("刘", "liu"), ("孙", "sun"), ("于", "yu"),
    ("姜", "jiang"), ("杨", "yang"), ("赵", "zhao"), ("陈", "chen"), ("徐", "xu"), ("曲", "qu"),
    ("高", "gao"), ("周", "zhou"), ("宋", "song"), ("郭", "guo"), ("隋", "sui"), ("林", "lin"),
)  # fmt: skip
GIVEN = (
    ("伟", "wei"), ("磊", "lei"), ("静", "jing"), ("敏", "min"), ("丽", "li"), ("强", "qiang"),
    ("军", "jun"), ("洋", "yang"), ("勇", "yong"), ("艳", "yan"), ("杰", "jie"), ("娟", "juan"),
    ("涛", "tao"), ("明", "ming"), ("超", "chao"), ("霞", "xia"), ("鹏", "peng"), ("宁", "ning"),
    ("琳", "lin"), ("晓", "xiao"), ("斌", "bin"), ("浩", "hao"), ("欣", "xin"), ("婷", "ting"),
)  # fmt: skip
EMAIL_DOMAINS = ("example.com", "example.net", "example.org")


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


def _sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def _logit(u):
    u = np.clip(u, 1e-9, 1 - 1e-9)
    return np.log(u / (1 - u))


def _log_uniform(rng: np.random.Generator, low, high, size=None):
    return np.exp(rng.uniform(np.log(low), np.log(high), size))


def _industry_effect(industry: dict) -> tuple[float, dict[str, float]]:
    if industry["name"] in INDUSTRY_EFFECT:
        return INDUSTRY_EFFECT[industry["name"]]
    return MANUFACTURING_DEFAULT if industry["manufacturing"] else SERVICES_DEFAULT


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
    cmmm_offset: dict[str, np.ndarray]  # domain id -> the planted shape's offset (CMMM_SHAPES)


def _credit_code(rng: np.random.Generator, taken: set[str]) -> str:
    """91 (enterprise) + 370213 (Licang) + an organisation code "MA" + 6 characters + its
    GB 11714 check character, then the GB 32100 check character."""
    while True:
        body = "MA" + "".join(ALPHABET[i] for i in rng.integers(0, len(ALPHABET), 6))
        values = [int(ch, 36) for ch in body]
        check = 11 - sum(v * w for v, w in zip(values, (3, 7, 9, 10, 5, 8, 4, 2))) % 11
        org = body + ("X" if check == 10 else "0" if check == 11 else str(check))
        code = complete("91370213" + org)
        if code not in taken:
            taken.add(code)
            return code


def _company_name(rng: np.random.Generator, industry: str, size: str, taken: set[str]) -> tuple[str, str]:
    words = INDUSTRY_WORDS.get(industry, OTHER_WORDS)
    while True:
        picks = rng.choice(len(SYLLABLES), size=2 if rng.random() < 0.75 else 3, replace=False)
        brand = "".join(SYLLABLES[i][0] for i in picks)
        word = words[rng.integers(len(words))]
        joint = size in ("medium", "large") and rng.random() < 0.4
        name = f"青岛{brand}{word}{'股份有限公司' if joint else '有限公司'}"
        if name not in taken:
            taken.add(name)
            return name, "".join(SYLLABLES[i][1] for i in picks)


def _contact(rng: np.random.Generator, brand_pinyin: str) -> dict:
    surname = SURNAMES[rng.integers(len(SURNAMES))]
    given = [GIVEN[i] for i in rng.integers(0, len(GIVEN), 1 if rng.random() < 0.3 else 2)]
    name = surname[0] + "".join(g[0] for g in given)
    email = f"{surname[1]}.{''.join(g[1] for g in given)}@{brand_pinyin}.{EMAIL_DOMAINS[rng.integers(3)]}"
    return {
        "contact_name": name,
        "contact_phone": f"0532-8{rng.integers(0, 10_000_000):07d}",
        "contact_email": email,
    }


def _stamp(rng: np.random.Generator, round_: str) -> str:
    month, day = rng.integers(4, 10), rng.integers(1, 29)
    hour, minute, second = rng.integers(0, 10), rng.integers(0, 60), rng.integers(0, 60)
    return f"{round_}-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}:{second:02d}+00:00"


def _plan(
    rng: np.random.Generator, industry: str, size: str, manufacturing: bool
) -> tuple[list[tuple[str, str]], bool]:
    """(round, questionnaire) pairs of one enterprise, and whether it has two rounds."""
    cmmm = manufacturing and rng.random() < CMMM_SHARE
    data_heavy = rng.random() < DATA_HEAVY.get(industry, 0.0)
    dcmm = data_heavy or (size in ("medium", "large") and rng.random() < 0.1)
    sme = not data_heavy or rng.random() < 0.35
    two = rng.random() < TWO_ROUNDS
    rounds = list(ROUNDS) if two else [ROUNDS[0] if rng.random() < 0.45 else ROUNDS[1]]
    old_edition = rng.random() < 0.3
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
    if questionnaire == SME and u < 0.15:
        return "onsite"  # the district's on-site rating pilot
    return "import" if u > 0.96 else "self"


def _cohort(rng: np.random.Generator, n: int, taken_codes: set[str], taken_names: set[str]) -> _Cohort:
    parks = [p["name"] for p in PARKS]
    industries = [i["name"] for i in INDUSTRIES]
    park_share = np.array([PARK_PROFILE.get(p, (0.1, 0.0, {}))[0] for p in parks])
    park = rng.choice(len(parks), size=n, p=park_share / park_share.sum())
    industry = np.empty(n, dtype=int)
    for k, name in enumerate(parks):
        weights = PARK_PROFILE.get(name, (0, 0, {}))[2]
        w = np.array([weights.get(ind, 1.0) for ind in industries])
        here = np.flatnonzero(park == k)
        industry[here] = rng.choice(len(industries), size=len(here), p=w / w.sum())
    sizes = list(SIZE_SHARE)
    size_idx = rng.choice(len(sizes), size=n, p=np.array(list(SIZE_SHARE.values())))
    size = [sizes[i] for i in size_idx]

    general = np.zeros(n)
    extra = np.zeros((n, len(LATENT)))
    for j, ind in enumerate(INDUSTRIES):
        effect, dims = _industry_effect(ind)
        rows = industry == j
        general[rows] += effect
        for dim, value in dims.items():
            extra[rows, COL[dim]] += value
    for k, name in enumerate(parks):
        general[park == k] += PARK_PROFILE.get(name, (0, 0.0, {}))[1]
    general += np.array([SIZE_EFFECT[s] for s in size])
    g = general + rng.standard_normal(n)
    uneven = rng.random(n) < UNEVEN_SHARE
    specific = np.where(uneven, UNEVEN_SD, SPECIFIC_SD)[:, None] * rng.standard_normal((n, len(LATENT)))
    specific[:, COL["general"]] = 0.0
    shapes = list(SHAPE_ARCHETYPES)
    offsets = np.zeros((len(shapes), len(LATENT)))
    for j, shape in enumerate(shapes):
        for dim, value in SHAPE_ARCHETYPES[shape].items():
            offsets[j, COL[dim]] = value
    shape_of = np.empty(n, dtype=int)
    for j, ind in enumerate(industries):
        share = SHAPE_SHARE.get(ind, SHAPE_DEFAULT)
        p = np.array([share.get(shape, 0.0) for shape in shapes])
        p[0] = 1.0 - p.sum()
        here = np.flatnonzero(industry == j)
        shape_of[here] = rng.choice(len(shapes), size=len(here), p=p)
    latent = g[:, None] + extra + specific + offsets[shape_of]
    progress = rng.normal(*PROGRESS, size=n)[:, None] + PROGRESS_PART_SD * rng.standard_normal((n, len(LATENT)))
    quick = rng.random(n) < QUICK_SHARE
    manufacturing = np.array([INDUSTRIES[j]["manufacturing"] for j in industry])
    devices = np.array([_log_uniform(rng, *DEVICES[s]) for s in size]) * np.where(manufacturing, 1.0, 0.2)
    devices = np.maximum(2, np.round(devices)).astype(int)
    growth = np.exp(rng.normal(0.05, 0.1, n))
    energy_intensity = np.where(manufacturing, 0.08, 0.01) * np.exp(rng.normal(0, 0.4, n))  # tce / 万元
    cost_rate = rng.uniform(0.55, 0.92, n)
    process = rng.random(n) < np.array([PROCESS_SHARE.get(industries[j], PROCESS_DEFAULT) for j in industry])
    contract = rng.random(n) < np.array([CONTRACT_SHARE.get(industries[j], CONTRACT_DEFAULT) for j in industry])
    service_na = rng.random(n) < np.where(process, PRODUCT_SERVICE_NA["process"], PRODUCT_SERVICE_NA["discrete"])
    cmmm_quick = rng.random(n) < CMMM_QUICK_SHARE
    cmmm_shapes = list(CMMM_SHAPES)
    cmmm_shape = np.empty(n, dtype=int)
    for j, ind in enumerate(industries):
        share = CMMM_SHAPE_SHARE.get(ind, CMMM_SHAPE_DEFAULT)
        p = np.array([share.get(shape, 0.0) for shape in cmmm_shapes])
        p[0] = 1.0 - p.sum()
        here = np.flatnonzero(industry == j)
        cmmm_shape[here] = rng.choice(len(cmmm_shapes), size=len(here), p=p)
    domains = {d for shape in CMMM_SHAPES.values() for d in shape}
    cmmm_offset = {
        d: np.array([CMMM_SHAPES[shape].get(d, 0.0) for shape in cmmm_shapes])[cmmm_shape] for d in sorted(domains)
    }

    profiles, jobs, two_rounds = [], [], np.zeros(n, dtype=bool)
    for i in range(n):
        ind = industries[industry[i]]
        (e_low, e_high), (r_low, r_high) = SIZE_RANGES[size[i]]
        employees = int(round(_log_uniform(rng, e_low, e_high)))
        revenue = float(round(_log_uniform(rng, r_low, r_high), 1))
        if size_class(employees, revenue) != size[i]:  # a bug in SIZE_RANGES, not bad luck
            raise AssertionError(f"demo size ranges: {employees}, {revenue} is not {size[i]}")
        name, brand = _company_name(rng, ind, size[i], taken_names)
        profiles.append(
            {
                "credit_code": _credit_code(rng, taken_codes),
                "name": name,
                "park": parks[park[i]],
                "industry": ind,
                "size": size[i],
                "employees": employees,
                "revenue": revenue,
                "region": STREETS[rng.integers(len(STREETS))],
                **_contact(rng, brand),
                "synthetic": 1,
            }
        )
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


# ------------------------------------------------------------------------------------ answers


def dcmm_width(q: DcmmQuestionnaire) -> int:
    """Random numbers per assessment: one per criterion, two per item (noise, optimism)."""
    return len(q.criterion_by_id) + 2 * len(q.items)


def dcmm_answers(q: DcmmQuestionnaire, latent: np.ndarray, u: np.ndarray, quick: np.ndarray) -> list[dict]:
    """Answers of ``len(latent)`` assessments: latent (m x LATENT), u (m x dcmm_width) uniforms,
    quick (m bools: quick mode)."""
    m = len(latent)
    crits = list(q.criterion_by_id.values())
    n_crit, n_items = len(crits), len(q.items)
    item_index = {item.id: j for j, item in enumerate(q.items)}
    area_col = [COL[DCMM_AREA_LATENT.get(q.area_of_item[item.id], "general")] for item in q.items]
    capability = (
        DCMM_BASE
        + DCMM_SLOPE * latent[:, area_col]
        + DCMM_NOISE * _logit(u[:, n_crit : n_crit + n_items])  # item-specific strength
    )
    crit_item = np.array([item_index[q.item_of_criterion[c.id]] for c in crits])
    crit_level = np.array([c.level for c in crits])
    p_met = _sigmoid(DCMM_K * (capability[:, crit_item] - crit_level + 0.5))
    met = u[:, :n_crit] < p_met

    level = item_levels(met, compile_criteria(q)).astype(int)
    optimistic = u[:, n_crit + n_items :] < QUICK_OPTIMISM
    quick_level = np.minimum(5, level + optimistic)

    crit_ids = [c.id for c in crits]
    item_ids = [item.id for item in q.items]
    out = []
    for r in range(m):
        if quick[r]:
            out.append(dict(zip(item_ids, quick_level[r].tolist())))
        else:
            out.append(dict(zip(crit_ids, met[r].tolist())))
    return out


@dataclass
class CmmmFirms:
    """What the CMMM answers need of each assessed manufacturer besides its propensities."""

    size: np.ndarray  # the size term on the level scale (CMMM_SIZE)
    path: np.ndarray  # index into the bank's paths
    na: dict[str, np.ndarray]  # sub-domain id -> marked not applicable
    quick: np.ndarray  # answers in quick mode
    offset: dict[str, np.ndarray] = field(default_factory=dict)  # domain id -> shape offset (levels)


def cmmm_width(q: CmmmQuestionnaire) -> int:
    """Random numbers per CMMM assessment: one per requirement, four per sub-domain (capability
    noise, optimism, the check answer, "not sure")."""
    return len(q.requirement_by_id) + 4 * len(q.subdomains)


def cmmm_answers(q: CmmmQuestionnaire, latent: np.ndarray, u: np.ndarray, firms: CmmmFirms) -> list[dict]:
    """Answers of ``len(latent)`` CMMM assessments: latent (m x LATENT), u (m x cmmm_width)
    uniforms. Detailed mode answers each requirement 0 / 0.5 / 0.8 / 1; quick mode gives each
    sub-domain the level its detailed answers would reach (``cmmm_scoring.reached``, the one
    level rule), sometimes one higher, with the check question of levels 3+ answered."""
    m = len(latent)
    lay = layout(q)
    reqs = list(q.requirement_by_id)
    subs = q.subdomains
    n_req, n_sub = len(reqs), len(subs)
    sub_col = [COL[CMMM_DOMAIN_LATENT.get(q.domain_of_subdomain[sub.id], "general")] for sub in subs]
    zero = np.zeros(m)
    shape = np.stack([firms.offset.get(q.domain_of_subdomain[sub.id], zero) for sub in subs], axis=1)
    capability = (
        CMMM_BASE
        + CMMM_SLOPE * ((1 - CMMM_OWN) * latent[:, [COL["general"]]] + CMMM_OWN * latent[:, sub_col])
        + firms.size[:, None]
        + shape
        + CMMM_NOISE * _logit(u[:, n_req : n_req + n_sub])
    )
    margin = capability[:, lay.req_sub] - lay.req_level + 0.5 + CMMM_REQ_NOISE * _logit(u[:, :n_req])
    steps = np.array([0.0, *sorted(set(q.answer_values) - {0.0})])  # none, partly, mostly, fully
    values = steps[(margin[:, :, None] > np.array(CMMM_CUTS)).sum(axis=2)]
    # the level each sub-domain's detailed answers reach, by the scorer's own rule
    detailed = np.full((m, n_sub), NOT_QUICK, dtype=np.int8)
    per_level = subdomain_scores(lay, values, detailed).transpose(0, 2, 1)
    sub_level = reached(per_level, lay.threshold).astype(int)
    extra = u[:, n_req + n_sub : n_req + 2 * n_sub]
    quick_level = np.minimum(5, sub_level + (extra < CMMM_OPTIMISM))
    check_no = u[:, n_req + 2 * n_sub : n_req + 3 * n_sub] < CMMM_CHECK_NO
    unsure = u[:, n_req + 3 * n_sub :] < CMMM_UNSURE
    out = []
    for r in range(m):
        given: dict = {PATH_KEY: q.paths[int(firms.path[r])]}
        path = given[PATH_KEY]
        for j, sub in enumerate(subs):
            if not q.applies(sub.id, path):
                continue
            if sub.may_be_na and sub.id in firms.na and firms.na[sub.id][r]:
                given[sub.id] = NOT_APPLICABLE
            elif firms.quick[r]:
                level = int(quick_level[r, j])
                given[sub.id] = UNSURE if unsure[r, j] else level
                if needs_check(given[sub.id]):
                    # asked whether the level holds: an honest "no" when it was optimism
                    given[check_id(sub.id)] = not (check_no[r, j] or level > sub_level[r, j])
            else:
                given.update(zip(sub.requirement_ids, values[r, lay.req_sub == j].tolist()))
        out.append(given)
    return out


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
    this_year = firms.growth * np.exp(0.04 * _logit(u[:, 0]))
    revenue_before = np.maximum(0.1, np.round(revenue_last / this_year, 1))
    ctx = {"firms": firms, "latent": latent, "revenue_last": revenue_last, "revenue_before": revenue_before}
    offset = FIRM_SLOTS
    for x in q.questions:
        width = _question_width(x)
        uq = u[:, offset : offset + width]
        offset += width
        dim, shift = SME_QUESTION_LATENT.get(x.id, ("general", 0.0))
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
            value = low + (high - low) * _sigmoid(1.1 * strength - 1.0 + 0.6 * _logit(uq[:, 0]))
            for r in range(m):
                out[r][x.id] = round(float(value[r]), 1)
    for s in q.scenarios:
        lat = latent[:, COL[SCENARIO_LATENT.get(s.id.split(".", 1)[-1], "general")]]
        level = ((lat + SCENARIO_NOISE * _logit(u[:, offset]))[:, None] > SCENARIO_CUTS).sum(axis=1)
        offset += 1
        for r in range(m):
            out[r][s.id] = int(level[r])
    return out


def _single(x, strength: np.ndarray, uq: np.ndarray, out: list[dict]) -> None:
    """An ordered single choice: how many of k trials succeed picks the option (binomial)."""
    options = sorted(x.options, key=lambda o: o.points)
    k = len(options) - 1
    idx = (uq[:, :k] < _sigmoid(1.1 * strength)[:, None]).sum(axis=1)
    for r, i in enumerate(idx):
        out[r][x.id] = options[i].id


def _multi(x, strength: np.ndarray, uq: np.ndarray, out: list[dict]) -> None:
    """One draw per option (strength: m x options); the first (basic) options are easier.
    The exclusive "none" option is ticked only when nothing else is."""
    normal = [k for k, o in enumerate(x.options) if not o.exclusive]
    none = next((o.id for o in x.options if o.exclusive), None)
    difficulty = np.linspace(-0.8, 0.8, len(normal))
    ticked = uq[:, : len(normal)] < _sigmoid(1.2 * strength[:, normal] - difficulty)
    for r in range(len(strength)):
        chosen = [x.options[k].id for k, t in zip(normal, ticked[r]) if t]
        out[r][x.id] = chosen or ([none] if none else [])


def _data_collection(x, strength, uq, out, ctx) -> None:
    # each option is a business area: production areas follow the production propensity
    latent = ctx["latent"]
    shift = SME_QUESTION_LATENT[x.id][1]
    cols = [COL[SCENARIO_LATENT.get(o.id, "operations")] for o in x.options]
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
    share = _sigmoid(strength + 0.7 * _logit(uq[:, 0]))
    digital = np.round(devices * share).astype(int)
    for r in range(len(out)):
        out[r][f"{x.id}.production_devices"] = int(devices[r])
        out[r][f"{x.id}.digital_devices"] = int(digital[r])
        out[r][x.id] = _percent(x, digital[r], devices[r])


def _equipment_networked(x, strength, uq, out, ctx) -> None:
    # networked devices are a share of the digitised ones (the denominator is all devices)
    devices = ctx["firms"].devices
    share = _sigmoid(strength + 0.7 * _logit(uq[:, 0]))
    for r in range(len(out)):
        digital = out[r].get("foundation.equipment_digital.digital_devices", int(devices[r]))
        networked = int(round(digital * share[r]))
        out[r][f"{x.id}.production_devices"] = int(devices[r])
        out[r][f"{x.id}.networked_devices"] = networked
        out[r][x.id] = _percent(x, networked, devices[r])


def _funding(x, strength, uq, out, ctx) -> None:
    # yearly digital spend as a share of revenue: median 2% (most firms score 0 on these bands)
    share = np.minimum(0.6, 0.02 * np.exp(0.5 * strength + 0.5 * _logit(uq[:, 0])))
    g = ctx["firms"].growth
    average = np.round(ctx["revenue_last"] * (1 + 1 / g + 1 / g**2) / 3, 1)
    spend = np.round(average * share, 1)
    for r in range(len(out)):
        out[r][f"{x.id}.digital_spend"] = float(spend[r])
        out[r][f"{x.id}.revenue"] = float(average[r])
        out[r][x.id] = _percent(x, spend[r], average[r])


def _trend(ratio: float) -> str:
    """The option id of a year-on-year change (the options are down / flat / up)."""
    if abs(ratio - 1.0) <= FLAT:
        return "flat"
    return "down" if ratio < 1.0 else "up"


def _energy(x, strength, uq, out, ctx) -> None:
    last, before = ctx["revenue_last"], ctx["revenue_before"]
    intensity = ctx["firms"].energy_intensity
    change = np.exp(-0.03 * strength - 0.005 + 0.03 * _logit(uq[:, 0]))
    energy_before = np.maximum(0.01, np.round(before * intensity, 2))
    energy_last = np.maximum(0.01, np.round(last * intensity * change, 2))
    for r in range(len(out)):
        out[r][f"{x.id}.energy_last_year"] = float(energy_last[r])
        out[r][f"{x.id}.energy_year_before"] = float(energy_before[r])
        out[r][f"{x.id}.revenue_last_year"] = float(last[r])
        out[r][f"{x.id}.revenue_year_before"] = float(before[r])
        out[r][x.id] = _trend((energy_last[r] / last[r]) / (energy_before[r] / before[r]))


def _revenue_per_employee(x, strength, uq, out, ctx) -> None:
    last, before = ctx["revenue_last"], ctx["revenue_before"]
    employees = ctx["firms"].employees
    change = np.exp(0.02 + 0.03 * strength + 0.04 * _logit(uq[:, 0]))
    headcount_before = np.maximum(1, np.round(employees * before / last * change)).astype(int)
    for r in range(len(out)):
        out[r][f"{x.id}.headcount_last_year"] = int(employees[r])
        out[r][f"{x.id}.headcount_year_before"] = int(headcount_before[r])
        out[r][f"{x.id}.revenue_last_year"] = float(last[r])
        out[r][f"{x.id}.revenue_year_before"] = float(before[r])
        out[r][x.id] = _trend((last[r] / employees[r]) / (before[r] / headcount_before[r]))


def _cost(x, strength, uq, out, ctx) -> None:
    last, before = ctx["revenue_last"], ctx["revenue_before"]
    rate = ctx["firms"].cost_rate
    change = np.exp(-0.01 - 0.02 * strength + 0.025 * _logit(uq[:, 0]))
    cost_before = np.maximum(0.1, np.round(before * rate, 1))
    cost_last = np.maximum(0.1, np.round(last * rate * change, 1))
    for r in range(len(out)):
        out[r][f"{x.id}.cost_last_year"] = float(cost_last[r])
        out[r][f"{x.id}.cost_year_before"] = float(cost_before[r])
        out[r][f"{x.id}.revenue_last_year"] = float(last[r])
        out[r][f"{x.id}.revenue_year_before"] = float(before[r])
        out[r][x.id] = _trend((cost_last[r] / last[r]) / (cost_before[r] / before[r]))


def _quality(x, strength, uq, out, ctx) -> None:
    trend = 0.9 * strength + _logit(uq[:, 0])
    pass_rate = np.clip(100 - np.exp(1.2 - 0.4 * strength + 0.3 * _logit(uq[:, 1])), 60, 99.9)
    manufacturing = ctx["firms"].manufacturing
    for r in range(len(out)):
        out[r][x.id] = "down" if trend[r] < -2.0 else "up" if trend[r] > 0.3 else "flat"
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
        redraw = rng.random((len(firms), width)) < RESAMPLE
        second = np.where(redraw, rng.random((len(firms), width)), first)
        u = np.stack([(second if job.second else first)[row[job.firm]] for job in these])
        idx = np.array([job.firm for job in these])
        later = np.array([job.round != ROUNDS[0] for job in these])
        latent = cohort.latent[idx] + later[:, None] * cohort.progress[idx]
        if isinstance(q, DcmmQuestionnaire):
            given = dcmm_answers(q, latent, u, cohort.quick[idx])
        elif isinstance(q, CmmmQuestionnaire):
            firm = CmmmFirms(
                size=np.array([CMMM_SIZE[cohort.size[i]] for i in idx]),
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
    from benchmarks.demo_programme import plant as plant_programme

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
