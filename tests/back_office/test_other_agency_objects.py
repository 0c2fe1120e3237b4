"""No back-office URL shows or changes another agency's record: every URL pattern whose view
works on one object of a model with an agency (annual reports, work log, letter templates and
settings, …) is requested, as each staff role of the bureau, with the other agency's objects.

The URL patterns are enumerated, not listed here, so a screen added later (Wagtail's history,
usage or inspect views of a new viewset) is checked without touching this test.
"""

from __future__ import annotations

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from gongkai.agencies.models import StaffMembership, StaffRole
from gongkai.applications.letters.numbering import ensure_letter_settings
from gongkai.applications.letters.services import letter_template_save
from gongkai.applications.models import LetterKind
from tests.applications.factories import travel
from tests.back_office.conftest import TODAY

pytestmark = pytest.mark.django_db

_CONVERTER = re.compile(r"<(?:\w+:)?(\w+)>")


def _patterns(resolvers, namespace=""):
    """(URL name with its namespaces, the pattern) of every URL pattern."""
    for item in resolvers:
        if isinstance(item, URLResolver):
            inner = f"{namespace}{item.namespace}:" if item.namespace else namespace
            yield from _patterns(item.url_patterns, inner)
        elif isinstance(item, URLPattern) and item.name:
            yield f"{namespace}{item.name}", item


def _model_of(pattern: URLPattern):
    callback = pattern.callback
    initkwargs = getattr(callback, "view_initkwargs", {}) or {}
    model = initkwargs.get("model") or getattr(getattr(callback, "view_class", None), "model", None)
    return model if isinstance(model, type) and hasattr(model, "_meta") else None


def _object_screens():
    """(URL name, model) of every admin pattern taking only ``pk``, on a model with an agency."""
    screens = []
    for name, pattern in _patterns(get_resolver().url_patterns):
        arguments = _CONVERTER.findall(str(pattern.pattern))
        model = _model_of(pattern)
        if arguments != ["pk"] or model is None:
            continue
        if "agency" in {field.name for field in model._meta.get_fields()}:
            screens.append((name, model))
    return screens


def test_the_enumeration_finds_the_screens_it_must_check():
    names = {name for name, _model in _object_screens()}
    for expected in (
        "annual_reports:history",
        "annual_reports:usage",
        "letter_templates:history",
        "letter_settings:history",
    ):
        assert any(name.endswith(expected) for name in names), expected


@pytest.mark.parametrize("role", [StaffRole.CLERK, StaffRole.OFFICE_HEAD, StaffRole.SUPERVISOR])
def test_no_screen_opens_another_agencys_record(client, back_office, role):
    other = back_office["other"]
    other_clerk = StaffMembership.objects.filter(agency=other).first().user
    ensure_letter_settings(other)
    letter_template_save(
        agency=other,
        actor=other_clerk,
        kind=LetterKind.RECEIPT,
        title="农业农村局接收回执",
        body="{{ applicant_name }}：\n已收到您的申请。",
    )
    client.force_login(back_office["users"][role])
    checked = opened_own = 0
    leaks = []
    for name, model in _object_screens():
        own = model._default_manager.filter(agency=back_office["bureau"]).first()
        for instance in model._default_manager.filter(agency=other):
            with travel(TODAY):
                response = client.get(reverse(name, kwargs={"pk": instance.pk}))
            checked += 1
            if response.status_code == 200:
                leaks.append(f"{name} ({model.__name__} {instance.pk})")
        if own is not None:
            with travel(TODAY):
                opened_own += client.get(reverse(name, kwargs={"pk": own.pk})).status_code == 200
    assert not leaks, "another agency's record opened: " + ", ".join(leaks)
    # Not vacuous: the other agency's objects exist, and the bureau's own open.
    assert checked >= 10 and opened_own >= 6
