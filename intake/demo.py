"""Demo intake: complaints waiting for their SMS code, confirmed ones (one with a photo and a
later addition), the three partner systems with API tokens, and referrals from them.

The 12345 hotline's token and one tracking code are printed so the API and the tracking page
can be tried at once."""

import io
import re

import segno
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.authtoken.models import Token

from cases.models import Category
from core.demo_text import CASE_TEXTS
from mediators.models import User
from notifications.models import OutboundMessage

from .models import PartnerSystem
from .services.complaints import ComplaintInput, complaint_confirm, complaint_submit
from .services.referrals import ReferralInput, referral_receive
from .services.tracking import addition_add
from .services.uploads import draft_new, upload_store

PARTNERS = [
    ("partner_12345", "闵行区12345市民服务热线", PartnerSystem.Kind.HOTLINE_12345, "RX"),
    ("partner_petition", "闵行区信访办", PartnerSystem.Kind.PETITION_OFFICE, "XF"),
    ("partner_governance", "浦江镇综治中心", PartnerSystem.Kind.GOVERNANCE_PLATFORM, "ZZ"),
]


def seed(ctx) -> None:
    rng = ctx.rng
    categories = {c.code: c for c in Category.objects.all()}
    # The first grid's compounds: the printed logins (gridworker, mediator) see these cases.
    compounds = [c for c in ctx.compounds if c.grid_id == ctx.grids[0].pk]
    codes = ["fees", "repairs", "parking", "public_revenue"]

    def complaint(i: int):
        code = codes[i % len(codes)]
        _title, description, claims = rng.choice(CASE_TEXTS[code])
        compound = compounds[i % len(compounds)]
        draft = draft_new()
        if i == 3:  # one resident sent a photo of the damage
            upload_store(uploaded=_photo("屋顶渗水.png"), draft=draft)
        return complaint_submit(
            data=ComplaintInput(
                compound=compound,
                category=categories[code],
                description=description,
                claims=claims,
                name=ctx.name(),
                mobile=ctx.mobile(),
                building=f"{rng.randrange(1, 30)}号楼{rng.randrange(1, 4)}单元",
                other_side=compound.property_company.name if compound.property_company else "",
            ),
            draft=draft,
        )

    for i in range(3):
        complaint(i)  # waiting for the resident's code
    tracked = None
    for i in range(3, 6):
        pending = complaint(i)
        case = _confirm(pending)
        if i == 3:
            addition_add(case=case, text="补充：今天下雨后渗水更严重，客厅吊顶开始滴水。")
            tracked = (case, pending.mobile)
    tokens = _partners(ctx)
    _referrals(ctx, categories, compounds)
    ctx.extra["intake"] = {"tracked_case": tracked[0].pk}
    print(  # seed_demo's output: how to try intake
        "\nIntake demo:\n"
        f"  tracking page  /track/  code {tracked[0].tracking_code}, "
        f"last four digits {tracked[1][-4:]}\n"
        f"  partner API    Authorization: Token {tokens['partner_12345']}  "
        "(12345 hotline; GET/POST /api/intake/referrals/)"
    )


def _confirm(complaint):
    message = OutboundMessage.objects.filter(source__startswith=f"intake:code:{complaint.pk}:")
    code = re.search(r"(?<!\d)(\d{6})(?!\d)", message.latest("pk").body).group(1)
    return complaint_confirm(token=complaint.token, code=code).case


def _photo(name: str) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    segno.make("屋顶渗水照片").save(buffer, kind="png", scale=6)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def _partners(ctx) -> dict[str, str]:
    tokens = {}
    for username, name, kind, _prefix in PARTNERS:
        user = User(username=username, name=name)
        user.set_unusable_password()  # partner systems sign in with their token only
        user.save()
        PartnerSystem.objects.create(name=name, kind=kind, user=user)
        # Derived from the demo's seed: the same demo prints the same token.
        key = "".join(ctx.rng.choice("0123456789abcdef") for _ in range(40))
        tokens[username] = Token.objects.create(user=user, key=key).key
        ctx.users[username] = user
    return tokens


def _referrals(ctx, categories, compounds) -> None:
    rng = ctx.rng
    for (username, _name, _kind, prefix), code in zip(
        PARTNERS, ["noise", "water_power", "service_quality"], strict=True
    ):
        partner = PartnerSystem.objects.get(user__username=username)
        _title, description, claims = rng.choice(CASE_TEXTS.get(code) or CASE_TEXTS["other"])
        for n in range(2):
            referral_receive(
                partner=partner,
                data=ReferralInput(
                    partner_reference=f"{prefix}2026{rng.randrange(100000, 999999)}-{n}",
                    compound=compounds[(n + len(prefix)) % len(compounds)],
                    category=categories[code],
                    description=description,
                    claims=claims,
                    applicant_name=ctx.name(),
                    applicant_mobile=ctx.mobile(),
                ),
            )
