"""Who the demo's enterprises are: park, industry and size class, then each one's profile — a
valid Licang credit code, a company name fitting its industry, employees and revenue fitting
its size class, a street and an invented contact. The word lists are invented for the demo."""

from __future__ import annotations

import numpy as np

from assessment.credit_code import ALPHABET, complete, organisation_check_character
from assessment.directory import INDUSTRIES, PARKS, size_class
from benchmarks.demo.draws import log_uniform
from benchmarks.demo.model import MODEL

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


def places(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Park and industry (indices into the directory's lists) and size class of ``n`` firms:
    parks by their share, industries by the park's mix, sizes by their share."""
    parks = [p["name"] for p in PARKS]
    industries = [i["name"] for i in INDUSTRIES]
    profile = MODEL.parks
    park_share = np.array([profile[p].share if p in profile else MODEL.park_default_share for p in parks])
    park = rng.choice(len(parks), size=n, p=park_share / park_share.sum())
    industry = np.empty(n, dtype=int)
    for k, name in enumerate(parks):
        weights = profile[name].industries if name in profile else {}
        w = np.array([weights.get(ind, 1.0) for ind in industries])
        here = np.flatnonzero(park == k)
        industry[here] = rng.choice(len(industries), size=len(here), p=w / w.sum())
    share = MODEL.population.size_share
    sizes = list(share)
    size_idx = rng.choice(len(sizes), size=n, p=np.array(list(share.values())))
    return park, industry, [sizes[i] for i in size_idx]


def profile(
    rng: np.random.Generator, park: str, industry: str, size: str, taken_codes: set[str], taken_names: set[str]
) -> dict:
    """One enterprise's profile (marked synthetic); its code and name are added to the taken ones."""
    population = MODEL.population
    employees = int(round(log_uniform(rng, *population.employees[size])))
    revenue = float(round(log_uniform(rng, *population.revenue[size]), 1))
    if size_class(employees, revenue) != size:  # a bug in the model's ranges, not bad luck
        raise AssertionError(f"demo size ranges: {employees}, {revenue} is not {size}")
    name, brand = company_name(rng, industry, size, taken_names)
    return {
        "credit_code": credit_code(rng, taken_codes),
        "name": name,
        "park": park,
        "industry": industry,
        "size": size,
        "employees": employees,
        "revenue": revenue,
        "region": STREETS[rng.integers(len(STREETS))],
        **contact(rng, brand),
        "synthetic": 1,
    }


def credit_code(rng: np.random.Generator, taken: set[str]) -> str:
    """91 (enterprise) + 370213 (Licang) + an organisation code "MA" + 6 characters + its
    GB 11714 check character, then the GB 32100 check character."""
    while True:
        body = "MA" + "".join(ALPHABET[i] for i in rng.integers(0, len(ALPHABET), 6))
        code = complete("91370213" + body + organisation_check_character(body))
        if code not in taken:
            taken.add(code)
            return code


def company_name(rng: np.random.Generator, industry: str, size: str, taken: set[str]) -> tuple[str, str]:
    """A name not taken yet, and the pinyin of its brand (for the contact's e-mail)."""
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


def contact(rng: np.random.Generator, brand_pinyin: str) -> dict:
    surname = SURNAMES[rng.integers(len(SURNAMES))]
    given = [GIVEN[i] for i in rng.integers(0, len(GIVEN), 1 if rng.random() < 0.3 else 2)]
    name = surname[0] + "".join(g[0] for g in given)
    email = f"{surname[1]}.{''.join(g[1] for g in given)}@{brand_pinyin}.{EMAIL_DOMAINS[rng.integers(3)]}"
    return {
        "contact_name": name,
        "contact_phone": f"0532-8{rng.integers(0, 10_000_000):07d}",
        "contact_email": email,
    }
