"""The residents' API: the same rules as the form, the code, tracking; in the schema."""

from django.urls import reverse
from rest_framework.test import APIClient

from cases.models import Case
from cases.tracking import display
from intake.models import Complaint
from tests.factories.intake import confirmed_case, form_data, outbox_code, photo

CREATE = "/api/intake/complaints/"


def payload(where, **overrides):
    data = form_data(where, **{"consent": True, **overrides})
    for key in ("action", "website"):
        data.pop(key)
    return data


def test_a_complaint_is_filed_confirmed_and_tracked_through_the_api(town):
    api = APIClient()
    response = api.post(CREATE, payload(town.a.compound), format="json")
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "pending" and body["mobile"] == "139****5678"
    complaint = Complaint.objects.get(token=body["token"])
    wrong = api.post(f"{CREATE}{body['token']}/confirm/", {"code": "x"}, format="json")
    assert wrong.status_code == 400 and "验证码错误" in wrong.json()["detail"]
    confirmed = api.post(
        f"{CREATE}{body['token']}/confirm/", {"code": outbox_code(complaint)}, format="json"
    )
    assert confirmed.status_code == 200
    case = Case.objects.get()
    assert confirmed.json() == {
        "reference": case.reference,
        "tracking_code": display(case.tracking_code),
    }
    again = api.post(f"{CREATE}{body['token']}/confirm/", {"code": "1"}, format="json")
    assert again.status_code == 409
    tracked = api.post(
        "/api/intake/track/", {"code": case.tracking_code, "mobile_last4": "5678"}, format="json"
    )
    assert tracked.status_code == 200
    assert tracked.json()["reference"] == case.reference
    assert [s["kind"] for s in tracked.json()["steps"]] == ["registered"]  # not "routed"


def test_files_go_as_multipart(town):
    data = {**payload(town.a.compound), "consent": "true", "photos": [photo(), photo("b.png")]}
    response = APIClient().post(CREATE, data, format="multipart")
    assert response.status_code == 201
    assert Complaint.objects.get().uploads.count() == 2


def test_the_api_refuses_what_the_form_refuses(town):
    data = payload(town.a.compound, mobile="123", description="短", consent=False)
    response = APIClient().post(CREATE, data, format="json")
    assert response.status_code == 400
    errors = response.json()
    assert set(errors) >= {"mobile", "description", "consent"}
    assert "请输入以1开头的11位手机号码" in errors["mobile"][0]
    assert not Complaint.objects.exists()


def test_a_disguised_file_is_refused_by_the_api(town):
    from tests.factories.intake import disguised

    data = {**payload(town.a.compound), "consent": "true", "photos": [disguised()]}
    response = APIClient().post(CREATE, data, format="multipart")
    assert response.status_code == 400 and "不是照片" in response.json()["photos"][0]


def test_the_api_shares_the_pages_rate_limits(town):
    api = APIClient()
    for i in range(5):
        assert (
            api.post(
                CREATE, payload(town.a.compound), format="json", REMOTE_ADDR=f"10.9.0.{i}"
            ).status_code
            == 201
        )
    response = api.post(CREATE, payload(town.a.compound), format="json")
    assert response.status_code == 429 and "尝试次数过多" in response.json()["detail"]


def test_the_api_resends_a_code_after_a_minute(town):
    api = APIClient()
    token = api.post(CREATE, payload(town.a.compound), format="json").json()["token"]
    response = api.post(f"{CREATE}{token}/resend/")
    assert response.status_code == 400 and "请等待" in response.json()["detail"]


def test_tracking_through_the_api_does_not_tell_unknown_codes_apart(town):
    case = confirmed_case(town.a.compound)
    api = APIClient()
    wrong_phone = api.post(
        "/api/intake/track/", {"code": case.tracking_code, "mobile_last4": "0000"}
    )
    from cases.tracking import new_tracking_code

    unknown = api.post("/api/intake/track/", {"code": new_tracking_code(), "mobile_last4": "5678"})
    assert wrong_phone.status_code == unknown.status_code == 404
    assert wrong_phone.json() == unknown.json()


def test_a_logged_in_browser_needs_no_csrf_token_for_the_public_api(town):
    api = APIClient(enforce_csrf_checks=True)
    api.force_login(town.a.grid_worker)
    assert api.post(CREATE, payload(town.a.compound), format="json").status_code == 201


def test_the_intake_endpoints_are_in_the_schema(client, town):
    client.force_login(town.a.grid_worker)
    schema = client.get(reverse("api-schema")).content.decode()
    for path in (
        "/api/intake/complaints/:",
        "/api/intake/complaints/{token}/confirm/:",
        "/api/intake/track/:",
        "/api/intake/referrals/:",
        "/api/intake/referrals/{partner_reference}/:",
    ):
        assert path in schema
