"""Local development: `make run`."""

from config.settings.base import *  # noqa: F403
from config.settings.base import env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
DEMO_DATA_ALLOWED = True
