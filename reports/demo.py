"""Demo supervision data: the last 13 months counted (so the dashboard has a trend at once),
last month's reports frozen for the demo supervisors (their PDFs render on first download),
and two closed cases published in the typical-case library through the real services."""

from cases.access import case_capabilities
from cases.models import Case
from cases.workflow import Capability, Status

from .periods import add_months, current_month
from .services.monthly import monthly_report_prepare
from .services.rollups import rollup_months_to_refresh, rollup_refresh
from .services.typical import typical_case_mark, typical_case_publish

# The lesson each published demo case teaches, by category.
LESSONS = {
    "fees": "物业服务企业不得以业主欠缴物业费为由停止供水、供电等基本生活服务；业主对服务质量有异议，"
    "应通过协商、调解等合法途径解决，而不能以拒缴物业费代替维权。",
    "repairs": "公共部位的维修责任应依据物业服务合同和《民法典》第九百四十二条确定；涉及专项维修资金的，"
    "可先行采取临时措施排除险情，再依法定程序申请使用维修资金。",
    "noise": "装修施工应遵守管理规约约定的时间；物业服务企业负有劝阻、制止和报告的义务，"
    "相邻各方应本着团结互助、公平合理的原则处理相邻关系。",
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
    closed = Case.objects.filter(status=Status.CLOSED, street=ctx.streets[0]).select_related(
        "category"
    )
    for code, lesson in LESSONS.items():
        for case in closed.filter(category__code=code).order_by("pk"):
            actor = next((u for u in leads if Capability.LEAD in case_capabilities(u, case)), None)
            if actor is not None:
                typical = typical_case_mark(case_id=case.pk, actor=actor, lesson=lesson)
                typical_case_publish(typical_id=typical.pk, actor=actor)
                break
