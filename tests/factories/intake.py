"""Intake's rows, made through the services as the product makes them."""

import io
import re

import segno
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.authtoken.models import Token

from cases.models import Case
from intake.models import Complaint, PartnerSystem
from intake.services.complaints import ComplaintInput, complaint_confirm, complaint_submit
from notifications import sms

from .cases import category
from .mediators import UserFactory


def png_bytes(text: str = "photo") -> bytes:
    """A real PNG image (a QR code), small and valid."""
    buffer = io.BytesIO()
    segno.make(text).save(buffer, kind="png", scale=4)
    return buffer.getvalue()


def photo(name: str = "leak.png", text: str = "photo") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, png_bytes(text), content_type="image/png")


def pdf(name: str = "receipt.pdf") -> SimpleUploadedFile:
    body = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    return SimpleUploadedFile(name, body, content_type="application/pdf")


def disguised(name: str = "photo.jpg") -> SimpleUploadedFile:
    """HTML with a script, named and typed like a photo."""
    return SimpleUploadedFile(
        name, b"<html><script>alert(1)</script></html>", content_type="image/jpeg"
    )


def form_data(where, **overrides) -> dict:
    data = {
        "compound": where.code,
        "building": "12号楼2单元301室",
        "category": category("repairs").pk,
        "description": "楼上卫生间漏水两个月，物业一直没有派人维修。",
        "claims": "请物业尽快维修并赔偿墙面损失。",
        "other_side": "",
        "name": "王芳",
        "mobile": "13912345678",
        "email": "",
        "consent": "on",
        "website": "",
        "action": "submit",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def last_code(mobile: str | None = None) -> str:
    """The verification code of the latest SMS (the locmem backend's outbox)."""
    for message in reversed(sms.outbox):
        if mobile and message["to"] != mobile:
            continue
        found = re.search(r"(?<!\d)(\d{6})(?!\d)", message["text"])
        if found:
            return found.group(1)
    raise AssertionError(f"no code in {sms.outbox}")


def outbox_code(complaint: Complaint) -> str:
    """The latest code written to the outbox for this complaint (sent or not yet)."""
    from notifications.models import OutboundMessage

    message = OutboundMessage.objects.filter(source__startswith=f"intake:code:{complaint.pk}:")
    body = message.latest("pk").body
    return re.search(r"(?<!\d)(\d{6})(?!\d)", body).group(1)


def pending_complaint(compound, *, mobile="13912345678", **fields) -> Complaint:
    data = ComplaintInput(
        compound=compound,
        category=category(fields.pop("category_code", "repairs")),
        description=fields.pop("description", "楼上卫生间漏水两个月，物业一直没有派人维修。"),
        claims=fields.pop("claims", "请物业尽快维修。"),
        name=fields.pop("name", "王芳"),
        mobile=mobile,
        **fields,
    )
    return complaint_submit(data=data)


def confirmed_case(compound, *, mobile="13912345678", **fields) -> Case:
    """A web complaint confirmed with the code it was sent."""
    complaint = pending_complaint(compound, mobile=mobile, **fields)
    return complaint_confirm(token=complaint.token, code=outbox_code(complaint)).case


def partner_system(*, name="12345市民服务热线", kind="hotline_12345") -> PartnerSystem:
    user = UserFactory(name=name)
    system = PartnerSystem.objects.create(name=name, kind=kind, user=user)
    Token.objects.create(user=user)
    return system
