"""The district's parks, industries and size classes, as offered in forms and used by the demo.

Parks beyond the three named in the programme are invented for the demo and say so.
"""

from __future__ import annotations

from typing import Any

PARKS: list[dict[str, Any]] = [
    {"name": "金水创新产业园", "en": "Jinshui Innovation Industrial Park", "invented": False},
    {"name": "耀州新经济产业园", "en": "Yaozhou New Economy Industrial Park", "invented": False},
    {"name": "华澜现代金融产业园", "en": "Hualan Modern Finance Industrial Park", "invented": False},
    {
        "name": "沧口湾智造园（虚构）",
        "en": "Cangkou Bay Smart Manufacturing Park (invented)",
        "invented": True,
    },
    {"name": "青峰数字港（虚构）", "en": "Qingfeng Digital Harbour (invented)", "invented": True},
]

INDUSTRIES: list[dict[str, Any]] = [
    {"name": "啤酒饮料", "en": "Beer and beverages", "manufacturing": True},
    {"name": "服装与衣联网", "en": "Apparel and apparel IoT", "manufacturing": True},
    {"name": "生物医药", "en": "Biomedicine", "manufacturing": True},
    {"name": "氢能源", "en": "Hydrogen energy", "manufacturing": True},
    {"name": "家用电器", "en": "Home appliances", "manufacturing": True},
    {"name": "轨道交通装备", "en": "Rail transit equipment", "manufacturing": True},
    {"name": "食品加工", "en": "Food processing", "manufacturing": True},
    {"name": "现代金融", "en": "Modern finance", "manufacturing": False},
    {"name": "智慧物流", "en": "Smart logistics", "manufacturing": False},
    {"name": "软件和信息技术服务", "en": "Software and IT services", "manufacturing": False},
    {"name": "商贸零售", "en": "Trade and retail", "manufacturing": False},
    {"name": "文化旅游", "en": "Culture and tourism", "manufacturing": False},
]

SIZES = {
    "micro": ("微型", "Micro"),
    "small": ("小型", "Small"),
    "medium": ("中型", "Medium"),
    "large": ("大型", "Large"),
}

SOURCES = {
    "self": ("企业自评", "Self-assessed"),
    "import": ("导入", "Imported"),
    "onsite": ("现场评测", "Rated on site"),
}


def park_names() -> list[str]:
    return [p["name"] for p in PARKS]


def industry_names() -> list[str]:
    return [i["name"] for i in INDUSTRIES]


def size_class(employees: int | None, revenue: float | None) -> str | None:
    """Size class from head count and yearly revenue (万元), on the industrial thresholds of the
    2011 SME classification rules (工信部联企业〔2011〕300号); None when neither is known."""
    if employees is None and revenue is None:
        return None
    checks = [
        ("large", 1000, 40000),
        ("medium", 300, 2000),
        ("small", 20, 300),
    ]
    for name, min_staff, min_revenue in checks:
        staff_ok = employees is None or employees >= min_staff
        revenue_ok = revenue is None or revenue >= min_revenue
        if staff_ok and revenue_ok:
            return name
    return "micro"
