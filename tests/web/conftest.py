"""Personas for the web tests: one user per role over the demo organisation tree, plus an outsider and anonymous.

The demo data (five published seed forms, this year's drafts, a second unit's drafts) is loaded once per session;
each test runs in a transaction that is rolled back.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.test import Client

from jixiao.core.workflow import Status
from jixiao.web.declarations.models import Declaration
from jixiao.web.demo import DEMO_PASSWORD, SERVICE_CENTRE, SUBDISTRICT, load_demo

PERSONAS = ("filer", "lead", "reviewer", "finance", "auditor", "admin", "outsider", "anonymous")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: pytest.FixtureRequest) -> Iterator[None]:
    with django_db_blocker.unblock():
        load_demo()
    yield


def client_for(persona: str) -> Client:
    client = Client()
    if persona != "anonymous":
        assert client.login(username=persona, password=DEMO_PASSWORD)
    return client


@pytest.fixture
def clients(db: None) -> dict[str, Client]:
    return {persona: client_for(persona) for persona in PERSONAS}


def centre_draft(name: str = "窗口业务管理") -> Declaration:
    return Declaration.objects.get(name=name, year=2023, organisation__name=SERVICE_CENTRE)


def centre_published(name: str = "窗口业务管理") -> Declaration:
    return Declaration.objects.get(name=name, year=2022, status=Status.PUBLISHED)


def subdistrict_draft() -> Declaration:
    return Declaration.objects.filter(organisation__name=SUBDISTRICT).order_by("pk").first()
