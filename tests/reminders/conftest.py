"""The shared personas (two firms, consultants with email addresses, an administrator) and the impact
tests' Redis fixture serve here too."""

from tests.impact.conftest import redis_url  # noqa: F401
from tests.personas import people  # noqa: F401
