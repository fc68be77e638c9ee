"""The duties part of the Fenghua 2021 demo (issue 13): responsibility lists for 2021 of the
district, every town / street and every community (items from the three levels' templates, the
progress of 锦屏街道's and the towns' marked), the year's access requests at every stage — admitted
to communities or towns, refused, withdrawn, retired, one still waiting past its decide-by date —
and the tasks communities refused as not admitted; today, a town request waiting for the district.

Everything goes through the actions (audited as in real use); the 2021 steps carry their 2021
time, which only the system actor may give (actions.access._now).
"""

import datetime
from typing import Any

from django.utils import timezone

from yipanqi.core.actors import system
from yipanqi.core.demo_kit import clock, names
from yipanqi.core.demo_kit.state import Demo
from yipanqi.duties import actions
from yipanqi.duties.models import AccessRequest, AdmittedDuty, DutyItem, DutyList, TaskRefusal

DEMO = system("demo")
BASIS = "《奉化区党组织责任清单》(2021)"
ITEMS = {
    "district": (
        ("把方向、管大局，统筹推进城乡基层党建", "区委", "年度基层党建工作要点印发"),
        ("落实社区工作事项准入制度", "区委组织部、区民政局", "准入事项清单年度更新"),
        ("保障社区党组织服务群众经费", "区财政局", "每社区20万元按时拨付"),
        ("推进党建阵地建设", "区委组织部", "新建党群服务阵地18个"),
        ("开展基层党组织书记培训", "区委组织部", "书记轮训全覆盖"),
    ),
    "town": (
        ("落实街道（镇）党（工）委抓基层党建主体责任", "党（工）委书记", "每季度专题研究"),
        ("统筹辖区区域化党建", "党（工）委", "共建项目不少于5个"),
        ("指导社区落实“三单制”服务", "党建办", "服务单办结率≥95%"),
        ("落实社区减负", "党（工）委", "未准入事项不下派"),
    ),
    "community": (
        ("组织开展“三会一课”", "社区党组织书记", "按月开展"),
        ("落实在职党员“双报到”", "社区党组织", "报到党员参与服务"),
        ("开展清楼走访", "网格长", "每户每年至少走访一次"),
        ("召开四方议事会", "社区党组织", "每季度至少一次"),
    ),
}
REQUESTS = (  # (department, title, basis, level, list kind, authority, staff note, yuan)
    ("奉化区民政局", "居民养老服务补贴初审", "《浙江省养老服务条例》", "community", "assist_service",
     "补贴资格初审权", "每社区增配1名专职社工", 20_000),
    ("奉化区退役军人事务局", "退役军人服务站日常服务", "《退役军人保障法》", "community", "assist_government",
     "信息采集与走访慰问", "服务站专职人员1名", 15_000),
    ("奉化区卫生健康局", "家庭医生签约宣传", "《基本医疗卫生与健康促进法》", "community", "assist_service",
     "宣传动员", "社区卫生服务站派驻1人", 8_000),
    ("奉化区应急管理局", "镇街安全生产网格巡查", "《安全生产法》", "town", "assist_government",
     "巡查与上报权", "每镇街2名专职巡查员", 60_000),
)  # fmt: skip
REFUSED = (
    ("社区创建工作台账", "区某办", "no legal basis", "无法定依据，且未明确经费"),
    ("商业保险推销协助", "某保险公司", "not government work", "不属于依法协助政府工作事项"),
)
TASKS = (("创建文明城市入户调查表", "区文明办"), ("企业经营数据统计", "区统计局"),
         ("社区考核排名材料", "区某局"), ("节日慰问物资发放登记", "区某局"))  # fmt: skip


def duties_counts() -> dict[str, int]:
    return {
        "responsibility lists": DutyList.objects.count(),
        "responsibility items": DutyItem.objects.count(),
        "access requests": AccessRequest.objects.count(),
        "admitted duties carried": AdmittedDuty.objects.filter(status="active").count(),
        "tasks refused": TaskRefusal.objects.count(),
    }


def build_duties(demo: Demo) -> None:
    _lists(demo)
    _requests(demo)
    _refusals(demo)


def _list(area: Any, items: tuple, mark: bool, rng: Any) -> None:
    duty_list = actions.duty_list_create(area=area, year=clock.YEAR, actor=DEMO)
    for title, owner, indicators in items:
        item = actions.duty_item_add(duty_list=duty_list, title=title, basis=BASIS, owner=owner,
                                     indicators=indicators, actor=DEMO)  # fmt: skip
        if mark:
            progress = rng.choice(("done", "done", "in_progress"))
            actions.duty_item_progress(item=item, progress=progress, note="按计划推进，材料已归档",
                                       actor=DEMO)  # fmt: skip


def _lists(demo: Demo) -> None:
    rng = names.rng_for("duties", "lists")
    _list(demo.areas[demo.plan.code], ITEMS["district"], True, rng)
    for town in demo.plan.towns:
        _list(demo.areas[town.code], ITEMS["town"], True, rng)
        for community in town.communities:
            _list(demo.areas[community.code], ITEMS["community"], town.name == "锦屏街道", rng)


def _file(area: Any, row: tuple, day: datetime.date, actor: Any = DEMO) -> AccessRequest:
    department, title, basis, level, kind, authority, staff, yuan = row
    at = clock.at(day.month, day.day, 10) if actor is DEMO else None
    return actions.request_file(
        area=area, level=level, list_kind=kind, department=department, title=title, basis=basis,
        authority=authority, staff_count=1, staff_note=staff, money_fen=yuan * 100,
        money_source="区财政专项", starts_on=day + datetime.timedelta(days=60), at=at, actor=actor,
    )  # fmt: skip


def _requests(demo: Demo) -> None:
    district = demo.areas[demo.plan.code]
    body = system("demo", on_behalf_of=demo.users["district_admin"])
    for i, row in enumerate(REQUESTS):
        filed = datetime.date(clock.YEAR, 2 + i, 1)
        request = _file(district, row, filed)
        actions.request_approve(request=request, actor=body, at=clock.at(filed.month, 15, 16))
    old = (*REQUESTS[0][:1], "社区防疫物资登记", "《传染病防治法》", "community", "assist_government",
           "登记核查权", "社区网格员兼任", 5_000)  # fmt: skip
    retired = _file(district, old, datetime.date(clock.YEAR, 1, 11))
    actions.request_approve(request=retired, actor=body, at=clock.at(1, 20, 16))
    actions.request_retire(
        request=retired, reason="阶段性任务结束，事项退出", actor=body, at=clock.at(10, 8, 9)
    )
    for title, department, _why, reason in REFUSED:
        row = (department, title, "（未提供）", "community", "assist_government", "无", "无", 1)
        refused = _file(district, row, datetime.date(clock.YEAR, 6, 7))
        actions.request_refuse(request=refused, reason=reason, actor=body, at=clock.at(6, 18, 16))
    withdrawn = _file(
        district,
        (*REQUESTS[2][:1], "健康档案入户更新", *REQUESTS[2][2:]),
        datetime.date(clock.YEAR, 8, 2),
    )
    actions.request_withdraw(request=withdrawn, actor=DEMO)
    _file(
        district,
        (*REQUESTS[1][:1], "退役军人信息年度核对", *REQUESTS[1][2:]),
        datetime.date(clock.YEAR, 12, 6),
    )
    jinping = demo.area_named("锦屏街道")
    waiting = ("锦屏街道城市管理科", "社区垃圾分类督导", "《宁波市生活垃圾分类管理条例》", "community",
               "assist_government", "督导检查权", "每社区1名督导员", 12_000)  # fmt: skip
    _file(jinping, waiting, timezone.localdate(), actor=demo.users["jp_admin"])


def _refusals(demo: Demo) -> None:
    rng = names.rng_for("duties", "refusals")
    communities = [demo.areas[c.code] for t in demo.plan.towns for c in t.communities]
    for n in range(24):
        area = (
            communities[rng.randrange(len(communities))] if n % 3 else demo.area_named("奉中社区")
        )
        task, by = TASKS[n % len(TASKS)]
        day = datetime.date(clock.YEAR, 1 + (n * 11) % 12, 1 + n % 27)
        actions.task_refuse(area=area, task=task, pushed_by=by, reason="该事项未经区委区政府准入",
                            refused_on=day, actor=DEMO)  # fmt: skip
