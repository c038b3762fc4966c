"""The usual wording per category of dispute, installed once (then edited in the admin).
Placeholders: {applicant}, {respondent}, {compound}, {company}."""

DEFAULT_TEMPLATES = [
    (
        "fees",
        "物业费欠缴",
        {
            "disputed_matters": "{applicant}欠缴物业服务费的数额、滞纳金及{company}的服务质量。",
            "responsibilities": "{applicant}未按物业服务合同约定按时缴纳物业费；{company}在催缴过程中采取停水等方式不当。",
            "terms": "一、{applicant}同意补缴所欠物业服务费，{company}同意免除滞纳金。\n二、{company}立即恢复对{applicant}的正常服务，今后不得以欠费为由停止供水、供电。\n三、双方今后按物业服务合同履行各自义务，不再就本纠纷另行主张权利。",
            "performance": "按履行计划表所列期限履行；分期付款的，每期于期限届满前缴至{company}指定账户。",
        },
    ),
    (
        "repairs",
        "维修纠纷",
        {
            "disputed_matters": "{compound}共用部位、设施设备的维修责任和费用承担。",
            "terms": "一、{company}负责于约定期限内完成维修，并经{applicant}验收。\n二、维修费用按约定分担。\n三、维修完成后双方不再就此事项另行主张权利。",
            "performance": "按履行计划表所列期限履行。",
        },
    ),
    (
        "parking",
        "停车纠纷",
        {
            "disputed_matters": "{compound}停车位的使用、收费标准及管理。",
            "terms": "一、{company}按公示标准收取停车费，不得擅自上调。\n二、{applicant}按规定位置停放车辆。\n三、双方不再就本纠纷另行主张权利。",
            "performance": "自协议生效之日起执行。",
        },
    ),
    (
        "public_revenue",
        "公共收益分配",
        {
            "disputed_matters": "{compound}公共部位经营收益的公开和分配。",
            "terms": "一、{company}于约定期限内公布公共收益收支明细。\n二、公共收益按业主大会决定使用。",
            "performance": "按履行计划表所列期限履行。",
        },
    ),
    (
        None,
        "通用",
        {
            "terms": "一、\n二、\n三、双方不再就本纠纷另行主张权利。",
            "performance": "按履行计划表所列期限履行。",
        },
    ),
]


def templates_ensure_defaults(template_model=None, category_model=None) -> None:
    """Create the default templates that are missing (never changes an edited one)."""
    if template_model is None:
        from cases.models import Category as category_model

        from .models import AgreementTemplate as template_model
    for order, (code, name, texts) in enumerate(DEFAULT_TEMPLATES):
        category = category_model.objects.filter(code=code).first() if code else None
        if code and category is None:
            continue
        template_model.objects.get_or_create(
            name=name, category=category, defaults={"order": order * 10, **texts}
        )
