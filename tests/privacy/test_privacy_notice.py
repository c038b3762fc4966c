"""The privacy notice the resident accepts says what is kept, why, for how long (the period the
retention job applies) and who sees it."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def notice(client) -> str:
    return client.get(reverse("intake:privacy")).content.decode()


def test_it_says_what_is_kept_why_how_long_and_who_sees_it(client):
    html = notice(client)
    for heading in ("我们保存什么", "为什么", "保存多久", "谁能看到", "您的权利"):
        assert heading in html
    assert "保存 10 年" in html  # intake's RETENTION_YEARS, the job's default
    assert "匿名化" in html and "李某" in html  # what happens after the period
    assert "身份证号码" in html  # kept, and who sees it in full
    assert "每次查看都会留下记录" in html


def test_the_period_shown_is_the_one_the_retention_job_applies(client, settings):
    from privacy import conf

    settings.PRIVACY_RETENTION_YEARS = 7
    assert conf.retention_years() == 7
    html = notice(client)
    assert "保存 7 年" in html and "保存 10 年" not in html


def test_the_english_notice_follows_the_setting_too(client, settings):
    settings.PRIVACY_RETENTION_YEARS = 1
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = notice(client)
    assert "What we keep" in html
    assert "kept for 1 year after the case is closed" in html  # the singular, too
