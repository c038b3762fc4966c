"""The public complaint form: the happy path and every way it can be filled in wrong."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from intake.models import Complaint, Upload
from notifications import sms
from notifications.models import OutboundMessage
from tests.factories.grids import CompoundFactory
from tests.factories.intake import disguised, form_data, last_code, pdf, photo, png_bytes

URL = reverse("intake:complaint-new")


def test_a_qr_link_opens_the_form_for_its_compound(client, town):
    compound = town.a.compound
    response = client.get(URL, {"compound": compound.code})
    html = response.content.decode()
    assert response.status_code == 200
    assert compound.name in html
    assert f'name="compound" value="{compound.code}"' in html
    # the other side is filled in with the compound's property company
    assert f'value="{compound.property_company.name}"' in html
    assert "隐私" in html  # the privacy notice is linked, in Chinese


def test_the_form_is_in_english_when_asked(client, town):
    client.cookies["django_language"] = "en"
    html = client.get(URL).content.decode()
    assert "What happened" in html and "Mobile number" in html


def test_it_stores_the_complaint_and_texts_a_code(client, town, on_commit):
    compound = town.a.compound
    with on_commit():
        response = client.post(
            URL, {**form_data(compound), "photos": [photo(), pdf()]}, format="multipart"
        )
    complaint = Complaint.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("intake:complaint-confirm", args=[complaint.token])
    assert complaint.status == "pending" and complaint.case is None
    assert complaint.compound == compound and complaint.mobile == "13912345678"
    assert complaint.building == "12号楼2单元301室"
    # nothing reached the mediators yet
    assert not compound.cases.exists()
    # the files came with it, checked by content
    assert sorted(u.content_type for u in complaint.uploads.all()) == [
        "application/pdf",
        "image/png",
    ]
    # the code went out by SMS, and only its hash is kept
    assert sms.outbox[-1]["to"] == "13912345678"
    code = last_code("13912345678")
    assert code not in complaint.code_hash
    assert OutboundMessage.objects.get(source__startswith="intake:code:").status == "sent"


def test_a_mobile_typed_with_spaces_and_country_code_is_accepted(client, town):
    client.post(URL, form_data(town.a.compound, mobile="+86 139-1234-5678"))
    assert Complaint.objects.get().mobile == "13912345678"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("category", "", "请选择纠纷类别"),
        ("description", "", "请告诉我们发生了什么"),
        ("description", "太短了", "请再多写一点"),
        ("description", "长" * 4001, "请控制在 4000 字以内"),
        ("claims", "", "请说明您希望怎样解决"),
        ("claims", "多" * 2001, "请控制在 2000 字以内"),
        ("building", "楼" * 65, "64"),
        ("other_side", "方" * 129, "128"),
        ("name", "", "请填写您的姓名"),
        ("mobile", "", "请填写您的手机号码"),
        ("mobile", "1234567", "请输入以1开头的11位手机号码"),
        ("mobile", "23912345678", "请输入以1开头的11位手机号码"),
        ("email", "not-an-email", "这不像是一个电子邮件地址"),
        ("consent", None, "请同意隐私声明"),
    ],
)
def test_each_mistake_is_shown_next_to_its_field_and_the_rest_is_kept(
    client, town, field, value, message
):
    data = form_data(town.a.compound, **{field: value})
    if value is None:
        data.pop(field, None)
    response = client.post(URL, data)
    html = response.content.decode()
    assert response.status_code == 200
    assert not Complaint.objects.exists()
    assert f'id="id_{field}_error"' in html
    error = html.split(f'id="id_{field}_error">')[1].split("</p>")[0]
    assert message in error
    # what was typed in the other fields is still there
    for kept in ("name", "description", "claims"):
        if kept != field:
            assert data[kept][:10] in html
    assert "您已填写的信息都已保留" in html


def test_a_compound_must_be_chosen(client, town):
    response = client.post(URL, form_data(town.a.compound, compound=""))
    assert "请选择投诉涉及的小区" in response.content.decode()
    assert not Complaint.objects.exists()


def test_an_unknown_compound_code_is_refused(client, town):
    response = client.post(URL, form_data(town.a.compound, compound="NOPE"))
    assert "请从列表中选择您的小区" in response.content.decode()


def test_without_javascript_a_typed_name_that_matches_one_compound_is_taken(client, town):
    compound = town.a.compound
    client.post(URL, form_data(compound, compound="", compound_query=compound.name))
    assert Complaint.objects.get().compound == compound


def test_without_javascript_find_lists_the_matching_compounds_and_keeps_the_form(client, town):
    CompoundFactory(name="江月苑", address="江月路1号", grid=town.a.grid)
    CompoundFactory(name="江月华庭", address="江月路2号", grid=town.a.grid)
    data = form_data(town.a.compound, compound="", compound_query="江月", action="find")
    response = client.post(URL, data)
    html = response.content.decode()
    assert "江月苑" in html and "江月华庭" in html
    assert 'type="radio" name="compound"' in html
    assert data["description"] in html
    assert 'class="error"' not in html  # looking something up is not a mistake
    # several matches and no choice: asked to choose
    response = client.post(URL, {**data, "action": "submit"})
    assert "多个小区" in response.content.decode()
    assert not Complaint.objects.exists()


def test_the_picker_lists_compounds_as_the_resident_types(client, town):
    CompoundFactory(name="馨悦家园", address="浦星公路88弄", grid=town.a.grid)
    html = client.get(reverse("intake:compound-results"), {"compound_query": "浦星"}).content
    assert "馨悦家园".encode() in html
    html = client.get(reverse("intake:compound-results"), {"compound_query": "没有这个"}).content
    assert "没有匹配的小区".encode() in html


def test_change_clears_the_compound_and_keeps_the_rest(client, town):
    data = form_data(town.a.compound, action="change")
    html = client.post(URL, data).content.decode()
    assert f'name="compound" value="{town.a.compound.code}"' not in html
    assert 'name="compound_query"' in html
    assert data["description"] in html


def test_the_honeypot_stops_bots_and_sends_nothing(client, town, on_commit):
    with on_commit():
        response = client.post(URL, form_data(town.a.compound, website="http://spam.example"))
    assert response.status_code == 200
    assert not Complaint.objects.exists()
    assert sms.outbox == []
    assert "无法受理" in response.content.decode()


def test_uploads_are_kept_when_another_field_is_wrong(client, town):
    compound = town.a.compound
    data = form_data(compound, name="")
    response = client.post(URL, {**data, "photos": [photo("墙面.png")]})
    html = response.content.decode()
    upload = Upload.objects.get()
    assert upload.complaint is None and upload.draft
    assert "墙面.png" in html
    assert f'value="{upload.draft}"' in html
    # corrected, without sending the photo again
    client.post(URL, {**data, "name": "王芳", "draft": upload.draft})
    complaint = Complaint.objects.get()
    assert list(complaint.uploads.all()) == [upload]


def test_a_kept_upload_can_be_removed_before_sending(client, town):
    data = form_data(town.a.compound, name="")
    client.post(URL, {**data, "photos": [photo()]})
    upload = Upload.objects.get()
    client.post(URL, {**data, "name": "王芳", "draft": upload.draft, "remove_upload": [upload.pk]})
    assert not Upload.objects.exists()
    assert not Complaint.objects.get().uploads.exists()


def test_a_disguised_file_is_refused_and_the_good_one_kept(client, town):
    response = client.post(
        URL, {**form_data(town.a.compound), "photos": [disguised("夜景.jpg"), photo("ok.png")]}
    )
    html = response.content.decode()
    assert not Complaint.objects.exists()  # the resident is told before anything is sent
    assert "“夜景.jpg”不是照片" in html
    assert [u.name for u in Upload.objects.all()] == ["ok.png"]


def test_an_oversize_file_is_refused_with_its_size(client, town, settings):
    settings.INTAKE_UPLOAD_MAX_BYTES = 1024 * 1024
    big = SimpleUploadedFile("big.png", png_bytes() + b"\0" * (1200 * 1024), "image/png")
    html = client.post(URL, {**form_data(town.a.compound), "photos": [big]}).content.decode()
    assert "“big.png”大小为 1.2 MB，单个文件不能超过 1 MB" in html
    assert not Upload.objects.exists()


def test_at_most_six_files(client, town):
    files = [photo(f"p{i}.png", text=f"p{i}") for i in range(7)]
    html = client.post(URL, {**form_data(town.a.compound), "photos": files}).content.decode()
    assert Upload.objects.count() == 6
    assert "最多只能上传 6 个文件" in html
    assert not Complaint.objects.exists()


def _files_in(folder) -> list[str]:
    return sorted(p.name for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


def test_a_bots_files_are_deleted_with_its_post(client, town, tmp_path, on_commit):
    """Issue 19, item 4: a post the honeypot catches is nobody's, and nobody would come back
    for its files; they went to disk before the form was judged."""
    data = form_data(town.a.compound, website="http://spam.example")
    photos = [photo(f"p{i}.png", text=f"p{i}") for i in range(6)]
    with on_commit():  # the files go once the rows' deletion is committed
        response = client.post(URL, {**data, "photos": photos})
    assert response.status_code == 200 and "无法受理" in response.content.decode()
    assert not Upload.objects.exists() and _files_in(tmp_path / "private") == []


def test_the_forms_files_count_against_the_address_by_number_and_bytes(client, town, settings):
    size = photo().size
    settings.INTAKE_UPLOAD_BYTES_RATE_IP = f"{2 * size}/h"
    data = form_data(town.a.compound, name="")  # wrong: the photos wait under the draft
    client.post(URL, {**data, "photos": [photo("a.png"), photo("b.png")]})
    assert Upload.objects.count() == 2
    response = client.post(URL, {**data, "photos": [photo("c.png")]})  # a fresh draft
    html = response.content.decode()
    assert "尝试次数过多" in html and "请填写您的姓名" in html  # told both at once
    assert [u.name for u in Upload.objects.all()] == ["a.png", "b.png"]
    settings.INTAKE_UPLOAD_BYTES_RATE_IP = f"{100 * size}/h"
    settings.INTAKE_UPLOAD_RATE_IP = "3/h"
    client.post(URL, {**data, "photos": [photo("d.png"), photo("e.png")]})  # 4 files: over
    assert Upload.objects.count() == 2


def test_the_privacy_notice_says_what_is_kept_why_how_long_and_who_sees_it(client, db):
    html = client.get(reverse("intake:privacy")).content.decode()
    for heading in ("我们保存什么", "为什么", "保存多久", "谁能看到"):
        assert heading in html
    assert "24 小时" in html


def test_a_submission_without_files_takes_a_fixed_number_of_queries(
    client, town, django_assert_num_queries
):
    """The complaint form is the benchmark's throughput figure: a post without files or
    removals reads no uploads, and its queries are a fixed list: the compound, the category,
    the complaint, its files moved to it (one UPDATE, whatever their number), its code and the
    text message (savepoints included)."""
    compound = town.a.compound
    client.post(URL, form_data(compound))
    data = {**form_data(compound), "mobile": "13912345679"}
    with django_assert_num_queries(11) as captured:
        response = client.post(URL, data)
    assert response.status_code == 302
    assert not [q for q in captured.captured_queries if 'FROM "intake_upload"' in q["sql"]]
    assert Complaint.objects.count() == 2
