"""Demo supervision data: the last 13 months counted (so the dashboard has a trend at once),
last month's reports frozen for the demo supervisors (their PDFs render on first download),
and three settled cases published in the typical-case library through the real services."""

from typing import TYPE_CHECKING

from cases.access import case_capabilities
from cases.models import Case
from cases.workflow import Capability, Status

from .periods import add_months, current_month
from .services.monthly import monthly_report_prepare
from .services.rollups import rollup_months_to_refresh, rollup_refresh
from .services.typical import typical_case_mark, typical_case_publish, typical_case_update

if TYPE_CHECKING:
    from mediators.models import User

# The demo's published cases: a settled case of each story, and what its lead wrote over the
# anonymised draft (the draft's account of the mediation is only the agreement's terms).
STORIES = {
    "物业公司以欠缴物业费为由拒绝充值水卡": {
        "mediation": "网格员接到投诉当日联系物业服务企业，督促其先行恢复水卡充值，保障业主的基本生活用水。"
        "随后人民调解员组织双方面对面调解，释明《民法典》和《物业管理条例》的有关规定："
        "物业服务企业不得以停水方式催缴物业费。物业服务企业承诺限期维修公共区域，"
        "业主同意分期补缴欠费，双方当场签订调解协议。",
        "lesson": "物业服务企业不得以业主欠缴物业费为由停止供水、供电等基本生活服务；"
        "业主对服务质量有异议，应通过协商、调解等合法途径解决，而不能以拒缴物业费代替维权。",
    },
    "电梯频繁故障维修迟缓": {
        "mediation": "物业专业调解队邀请电梯维保单位和专家库中的特种设备专家到场查看，"
        "认定主要部件老化需要更换。调解员组织业主代表、业主委员会和物业服务企业三方协商，"
        "物业服务企业先行承担应急维修费用，再按程序申请使用专项维修资金更换部件，"
        "并承诺每月公示维保记录。",
        "lesson": "公共部位的维修责任应依据物业服务合同和《民法典》第九百四十二条确定；"
        "涉及专项维修资金的，可先行采取临时措施排除险情，再依法定程序申请使用维修资金。",
    },
    "楼上装修噪音扰民": {
        "mediation": "网格“1+3”团队上门了解情况，查阅小区管理规约中的装修时间约定。"
        "调解员分别与双方背对背沟通后组织面谈：装修方承诺严格按约定时间施工、"
        "午休时段不进行高噪音作业；物业服务企业承诺加强巡查，发现违规及时劝阻。"
        "双方握手言和，回访时邻里关系已经恢复。",
        "lesson": "装修施工应遵守管理规约约定的时间；物业服务企业负有劝阻、制止和报告的义务，"
        "相邻各方应本着团结互助、公平合理的原则处理相邻关系。",
    },
}


def seed(ctx) -> None:
    for month in rollup_months_to_refresh(months=13):
        rollup_refresh(month=month)
    _seed_monthly_reports(ctx)
    _seed_typical_cases(ctx)


def _seed_monthly_reports(ctx) -> None:
    last_month = add_months(current_month(), -1)
    district = ctx.districts[0]
    monthly_report_prepare(month=last_month, level="district", pk=district.pk)
    monthly_report_prepare(month=last_month, level="street", pk=ctx.streets[0].pk)


def _seed_typical_cases(ctx) -> None:
    leads = [ctx.users["lead"], ctx.users["gridworker"]]
    settled = Case.objects.filter(
        status=Status.CLOSED, outcome=Case.Outcome.AGREEMENT, street=ctx.streets[0]
    )
    for title, story in STORIES.items():
        for case in settled.filter(title=title).order_by("pk"):
            actor = next((u for u in leads if Capability.LEAD in case_capabilities(u, case)), None)
            if actor is not None:
                _publish_typical(case, actor, story)
                break


def _publish_typical(case: Case, actor: "User", story: dict) -> None:
    """What a lead does on the edit page: mark, write the account of the mediation, publish."""
    typical = typical_case_mark(case_id=case.pk, actor=actor, lesson=story["lesson"])
    typical_case_update(
        typical_id=typical.pk,
        actor=actor,
        title=typical.title,
        facts=typical.facts,
        mediation=story["mediation"],
        lesson=typical.lesson,
    )
    typical_case_publish(typical_id=typical.pk, actor=actor)
