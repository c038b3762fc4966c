from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _unread(user) -> int:
    from .models import Notification

    return Notification.objects.filter(user=user, read_at__isnull=True).count()


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from core.navigation import NavEntry, register

        register(NavEntry("notifications:list", _("Notifications"), badge=_unread, order=800))

        from core.schedules import register as register_job

        register_job("notifications-outbox-drain", "notifications.tasks.outbox_drain", 60.0)
