"""The foundation's pages: public home, login, the staff desk, the language switcher."""

from django.urls import reverse

from tests.factories.mediators import PASSWORD


def test_it_shows_the_public_home_in_chinese_by_default(client, town):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="zh-CN">' in html
    assert "物业纠纷" in html
    assert town.a.street.name in html


def test_it_switches_to_english_and_back(client, db):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"}, follow=True)
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "Property disputes, mediated close to home" in html
    response = client.post(
        reverse("set_language"), {"language": "zh-hans", "next": "/"}, follow=True
    )
    assert '<html lang="zh-CN">' in response.content.decode()


def test_the_desk_sends_anonymous_visitors_to_login(client, db):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_it_logs_in_with_a_password_and_shows_the_desk(client, town):
    user = town.a.grid_worker
    response = client.post(
        reverse("login"), {"username": user.username, "password": PASSWORD}, follow=True
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert f"您好，{user.name}" in html
    assert town.a.grid_team.name in html


def test_a_wrong_password_is_refused_with_a_message(client, town):
    response = client.post(
        reverse("login"), {"username": town.a.grid_worker.username, "password": "wrong"}
    )
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "请输入一个正确的" in response.content.decode()


def test_repeated_wrong_passwords_lock_the_login(client, town):
    username = town.a.grid_worker.username
    for _ in range(5):
        client.post(reverse("login"), {"username": username, "password": "wrong"})
    response = client.post(reverse("login"), {"username": username, "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_desk_counts_my_cases(client, town, case):
    from cases.services.assignment import case_assign

    case_assign(case_id=case.pk, actor=town.a.grid_worker, user=town.a.grid_mediator)
    client.force_login(town.a.grid_mediator)
    response = client.get(reverse("home"))
    assert response.context["counts"]["mine"] == 1
    assert response.context["counts"]["team"] == 1


def test_healthz_answers(client, db):
    assert client.get("/healthz").json() == {"status": "ok"}


def test_api_docs_are_served_from_local_assets(client, town):
    client.force_login(town.a.grid_worker)
    html = client.get(reverse("api-docs")).content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in html
    assert "cdn" not in html.lower()
    schema = client.get(reverse("api-schema"))
    assert schema.status_code == 200
    assert b"/api/cases/{id}/escalate/" in schema.content
