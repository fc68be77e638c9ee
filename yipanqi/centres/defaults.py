"""The documented default 5A scheme and service catalogue a district starts from (domain-rules §4).

MISSING: Fenghua's own "5A" scoring sheet was not found. The five dimensions are those of the
closest Zhejiang scheme (嘉兴市《党群服务中心星级评定指标(试行)》: 基础建设、运行管理、综合服务、党群活动、
整体环境); the indicators under them, the equal weights and the grade lines are placeholders to be
replaced by the district (every value is data in the district's RatingScheme, editable there).
"""

DEFAULT_SCHEME_NAME = "党群服务中心5A评定标准(默认)"

# (dimension, weight, [(indicator, what counts, maximum score, weight), …])
DEFAULT_DIMENSIONS: tuple[tuple[str, int, tuple[tuple[str, str, int, int], ...]], ...] = (
    (
        "基础建设",
        20,
        (
            ("阵地面积与功能布局", "面积达标, 功能分区合理", 10, 1),
            ("标识标牌", "统一标识, 制度上墙", 10, 1),
            ("设施设备", "办公、服务、活动设施齐全完好", 10, 1),
        ),
    ),
    (
        "运行管理",
        20,
        (
            ("工作制度", "值班、首问、限时办结等制度健全", 10, 1),
            ("人员配备", "专职人员到位, 持证上岗", 10, 1),
            ("台账资料", "台账规范完整", 10, 1),
        ),
    ),
    (
        "综合服务",
        20,
        (
            ("服务事项", "服务清单公开, 事项可办", 10, 1),
            ("开放时间", "按公示时间开放, 错时延时服务", 10, 1),
            ("群众满意度", "群众评价与回访", 10, 1),
        ),
    ),
    (
        "党群活动",
        20,
        (
            ("组织生活", "三会一课、主题党日在中心开展", 10, 1),
            ("共建活动", "驻区单位、两新组织共建共享", 10, 1),
            ("志愿服务", "志愿服务常态开展", 10, 1),
        ),
    ),
    (
        "整体环境",
        20,
        (
            ("环境整洁", "室内外整洁有序", 10, 1),
            ("无障碍与安全", "无障碍设施、消防安全达标", 10, 1),
            ("文化氛围", "党建文化氛围浓厚", 10, 1),
        ),
    ),
)

# (grade, least total score out of 100)
DEFAULT_THRESHOLDS: tuple[tuple[str, int], ...] = (
    ("5A", 90),
    ("4A", 80),
    ("3A", 70),
    ("2A", 60),
    ("1A", 50),
)

DEFAULT_SERVICES: tuple[str, ...] = (
    "党员教育",
    "组织关系转接",
    "政务代办",
    "社会保障咨询",
    "就业创业指导",
    "法律援助",
    "心理疏导",
    "志愿服务对接",
    "养老助残",
    "青少年托管",
    "文体活动",
    "阵地预约",
)
