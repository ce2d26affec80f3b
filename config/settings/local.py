"""Developer defaults: `make run` uses these. Never use them on a server reachable by others."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
SECRET_KEY = env("DJANGO_SECRET_KEY", default="local-development-only-key-not-secret-9f2c7e1a4b6d8e0f3a5c7b9d1e")
