"""Throttling counts real clients: the address the server saw (or the one its own proxies added),
never one the client wrote; every API and the questionnaire's POSTs are throttled."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import Client
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

SCREEN = {"schema_version": "1"}


@pytest.fixture
def rates(settings: Any) -> Any:
    """Small limits for a test; the counters start empty and are emptied afterwards."""

    def set_rates(**changed: str) -> None:
        settings.REST_FRAMEWORK = {
            **settings.REST_FRAMEWORK,
            "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], **changed},
        }

    cache.clear()
    yield set_rates
    cache.clear()


def test_a_made_up_forwarded_for_header_does_not_reset_the_screen_limit(rates: Any) -> None:
    # given a limit of 3 screenings a minute
    rates(screen="3/min")
    client = APIClient(REMOTE_ADDR="203.0.113.5")
    # when one client writes a new X-Forwarded-For on every request
    codes = [client.post("/api/v1/screen", SCREEN, format="json", HTTP_X_FORWARDED_FOR=f"198.51.100.{i}").status_code
             for i in range(6)]
    # then it is still one client
    assert codes == [200, 200, 200, 429, 429, 429]


def test_behind_one_proxy_the_address_the_proxy_added_counts(rates: Any, settings: Any) -> None:
    rates(screen="2/min")
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    proxy = APIClient(REMOTE_ADDR="10.0.0.2")
    # the client writes the first addresses; our proxy appends the one it saw, last
    codes = [proxy.post("/api/v1/screen", SCREEN, format="json",
                        HTTP_X_FORWARDED_FOR=f"198.51.100.{i}, 203.0.113.7").status_code for i in range(3)]
    other = proxy.post("/api/v1/screen", SCREEN, format="json", HTTP_X_FORWARDED_FOR="203.0.113.8")
    assert codes == [200, 200, 429]
    assert other.status_code == 200  # another client behind the same proxy has its own count


def test_the_anonymous_limit_applies_to_every_api(rates: Any) -> None:
    rates(anon="2/min")
    client = APIClient()
    codes = [client.get("/api/v1/streams").status_code for _ in range(3)]
    assert codes == [200, 200, 429]
    assert client.get("/api/v1/schema/").status_code == 429  # the same client, on another API
    assert client.post("/api/v1/screen", SCREEN, format="json").status_code == 429


def test_the_user_limit_applies_to_the_file_api(rates: Any) -> None:
    rates(user="2/min")
    user = get_user_model().objects.create_user(username="alice", password="pw-alice-long")
    client = APIClient(REMOTE_ADDR="203.0.113.9")
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    codes = [client.get("/api/v1/files/").status_code for _ in range(3)]
    assert codes == [200, 200, 429]
    assert int(client.get("/api/v1/files/")["Retry-After"]) > 0


def test_the_questionnaire_posts_are_throttled_with_a_page_that_says_when_to_retry(rates: Any) -> None:
    rates(anon="2/min")
    client = Client(REMOTE_ADDR="203.0.113.10")
    answer = {"question": ["citizenships"], "citizenships__value": "FR"}
    codes = [client.post("/apply/", answer).status_code for _ in range(2)]
    throttled = client.post("/employer/", {}, HTTP_X_FORWARDED_FOR="198.51.100.1")
    assert codes == [302, 302]
    assert throttled.status_code == 429
    assert int(throttled["Retry-After"]) > 0
    assert "Too many requests" in throttled.content.decode()
    assert client.get("/apply/").status_code == 200  # reading a page is not counted
