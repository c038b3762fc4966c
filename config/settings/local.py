"""A developer's machine and `make run`: SQLite and a filesystem broker unless told otherwise."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
# Only for local runs; production refuses to start without its own key.
SECRET_KEY = env("SECRET_KEY", default="local-only-insecure-key-do-not-deploy")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "0.0.0.0", "[::1]"])  # noqa: S104
