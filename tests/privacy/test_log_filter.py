"""The server log: every 500 with its traceback, and no ID or phone number in any line."""

import io
import logging

import pytest
from django.test import Client, override_settings

from gongkai.privacy.log_filter import mask_text

ID_NUMBER = "64032319800101123X"
MOBILE = "13800138000"
LANDLINE = "0953-6012345"


@pytest.fixture
def server_log():
    """What the configured stderr handler of the server log writes (settings.LOGGING)."""
    handler = next(h for h in logging.getLogger().handlers if h.get_name() == "stderr")
    # conftest.py mutes it for the run: on, to a buffer.
    stream = io.StringIO()
    handler.stream, handler.muted = stream, False
    yield stream
    handler.stream = None  # back to the current stderr
    del handler.muted  # back to the class's (muted)


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        (f"证件号码 {ID_NUMBER}。", "证件号码 640323********123X。"),
        (f"tel={MOBILE}", "tel=138****8000"),
        ("+86 138-0013-8000", "138****8000"),
        (f"传真{LANDLINE}", "传真095****2345"),
        # Not personal data: dates, times, counts and ids are left alone.
        (
            "2026-12-03 10:20:30,123 pid 23456 page 1000",
            "2026-12-03 10:20:30,123 pid 23456 page 1000",
        ),
        ("application 2025-0031 of agency 640323", "application 2025-0031 of agency 640323"),
    ],
)
def test_mask_text(text, masked):
    assert mask_text(text) == masked


@override_settings(ROOT_URLCONF="tests.privacy.failing_urls")
def test_a_500_is_logged_with_its_traceback_and_without_personal_data(db, server_log):
    client = Client(raise_request_exception=False)

    response = client.post(
        "/fail/", {"id_number": ID_NUMBER, "phone": MOBILE, "landline": LANDLINE}
    )

    assert response.status_code == 500
    log = server_log.getvalue()
    assert "ERROR django.request" in log
    assert "Internal Server Error: /fail/" in log
    assert "Traceback (most recent call last):" in log
    assert "in fail_with_personal_data" in log
    assert "ValueError: duplicate applicant 640323********123X / 138****8000 / 095****2345" in log
    for secret in (ID_NUMBER, MOBILE, LANDLINE, "6012345", "0138000"):
        assert secret not in log
    # The user sees the Chinese error page, not the traceback.
    assert "Traceback" not in response.content.decode()
