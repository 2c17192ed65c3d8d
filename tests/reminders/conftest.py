"""The impact tests' personas (two firms, consultants with email addresses, an administrator) and
their Redis fixture serve here too."""

from tests.impact.conftest import people, redis_url  # noqa: F401
