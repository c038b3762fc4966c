"""A paused login (issue 19, item 5): django-axes pauses an account's login from one address
after five wrong passwords. The page says what happened and what to do, the account's owner
is told, and an administrator lifts the pause from the user admin."""

from axes.models import AccessAttempt
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.urls import reverse

from mediators.services.groups import ADMINISTRATORS
from notifications.models import Notification, OutboundMessage
from tests.factories.mediators import PASSWORD, UserFactory

LOGIN = reverse("login")
USERS = reverse("admin:mediators_user_changelist")
GUESSER = "203.0.113.7"


def _guess(username: str, *, times: int = 5, address: str = GUESSER):
    client = Client()
    for _ in range(times):
        response = client.post(
            LOGIN, {"username": username, "password": "wrong"}, REMOTE_ADDR=address
        )
    return response


def _log_in(username: str, address: str = GUESSER):
    client = Client()
    client.post(LOGIN, {"username": username, "password": PASSWORD}, REMOTE_ADDR=address)
    return client


def test_the_page_says_what_happened_and_what_to_do(town):
    response = _guess(town.a.grid_worker.username)
    assert response.status_code == 429
    html = response.content.decode()
    assert "登录已暂停" in html
    assert "连续 5 次输错密码" in html and "暂停 15 分钟" in html
    assert "账号本身没有被锁定" in html  # the owner elsewhere is not kept out
    assert "请管理员" in html and "解除输错密码后的登录暂停" in html  # the way out besides waiting


def test_the_owner_is_told_once_in_the_app_and_by_email(town):
    user = town.a.grid_worker
    user.email = "grid@example.gov.cn"
    user.save()
    _guess(user.username)
    _guess(user.username, times=3)  # more tries during the pause tell nobody again
    notice = Notification.objects.get(user=user)
    assert notice.source.startswith("lockout:")
    assert GUESSER in notice.text and "15 分钟" in notice.text and "管理员" in notice.text
    email = OutboundMessage.objects.get(channel="email")
    assert email.to == "grid@example.gov.cn" and email.body == notice.text
    assert not Notification.objects.exclude(user=user).exists()


def test_a_name_that_is_no_account_notifies_nobody(town):
    assert _guess("nobody-by-this-name").status_code == 429
    assert not Notification.objects.exists() and not OutboundMessage.objects.exists()


def _lift(client, user):
    return client.post(
        USERS, {"action": "lift_login_pause", "_selected_action": [user.pk]}, follow=True
    )


def test_an_administrator_lifts_the_pause(town):
    user = town.a.grid_worker
    _guess(user.username)
    assert "_auth_user_id" not in _log_in(user.username).session  # paused
    administrator = UserFactory(is_staff=True)
    administrator.groups.add(Group.objects.get(name=ADMINISTRATORS))
    admin = Client()
    admin.force_login(administrator)
    response = _lift(admin, user)
    assert response.status_code == 200
    assert "1 个账号的登录失败记录已清除" in response.content.decode()
    assert not AccessAttempt.objects.filter(username=user.username).exists()
    # from the very address that was paused, the right password works again
    assert _log_in(user.username).session["_auth_user_id"] == str(user.pk)


def test_only_those_who_may_change_users_can_lift_it(town):
    user = town.a.grid_worker
    _guess(user.username)
    # staff who may view users but not change them: the admin keeps its pages to editors
    reader = UserFactory(is_staff=True)
    reader.user_permissions.add(Permission.objects.get(codename="view_user"))
    client = Client()
    client.force_login(reader)
    assert _lift(client, user).status_code == 403
    mediator = Client()
    mediator.force_login(town.a.grid_mediator)  # no admin access at all: sent to log in
    response = mediator.post(USERS, {"action": "lift_login_pause", "_selected_action": [user.pk]})
    assert response.status_code == 302 and reverse("admin:login") in response.url
    assert AccessAttempt.objects.get(username=user.username).failures_since_start >= 5
