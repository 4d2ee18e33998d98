import pytest

from commissioning.core.clientip import client_ip


@pytest.mark.parametrize(
    ("count", "forwarded", "expected"),
    [
        (0, "203.0.113.9", "127.0.0.1"),  # no proxy: the header is the client's own and ignored
        (1, "", "127.0.0.1"),  # behind a proxy that sent no header
        (1, "203.0.113.9", "203.0.113.9"),
        (1, "198.51.100.66, 203.0.113.9", "203.0.113.9"),  # the client's own entry is not believed
        (2, "198.51.100.66, 203.0.113.9, 10.0.0.5", "203.0.113.9"),  # load balancer, then nginx
        (2, "203.0.113.9", "127.0.0.1"),  # fewer entries than proxies: something is misconfigured
    ],
)
def test_the_client_is_the_entry_added_by_the_outermost_trusted_proxy(
    rf, settings, count, forwarded, expected
):
    settings.TRUSTED_PROXY_COUNT = count
    request = rf.get("/sign-in/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


@pytest.mark.django_db
def test_lock_out_is_per_client_behind_the_proxy(client, settings, commissioner):
    from django.urls import reverse

    settings.TRUSTED_PROXY_COUNT = 1
    settings.AXES_CLIENT_IP_CALLABLE = "commissioning.core.clientip.client_ip"
    settings.AXES_FAILURE_LIMIT = 2
    url = reverse("accounts:sign-in")
    wrong = {"username": commissioner.username, "password": "not-the-password"}
    for _ in range(2):
        client.post(url, wrong, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.66")
    locked = client.post(url, wrong, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.66")
    assert locked.status_code == 429
    right = {"username": commissioner.username, "password": "correct-horse-battery"}
    other = client.post(url, right, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert other.status_code == 302  # someone else, behind the same proxy, still signs in
