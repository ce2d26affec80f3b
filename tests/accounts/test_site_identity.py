"""The site is itself: its name and domain come from settings, through migrate, into pages and allauth's e-mails."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.sites.models import Site
from django.core import mail
from django.core.management import call_command

pytestmark = pytest.mark.django_db


@pytest.fixture
def arena(settings):
    settings.PODIUM_SITE_NAME, settings.PODIUM_DOMAIN = "Bootcamp Arena", "arena.example.org"
    call_command("migrate", verbosity=0, interactive=False)  # applies nothing new, but runs post_migrate
    yield
    Site.objects.clear_cache()


def test_migrate_names_the_site_from_the_settings():
    site = Site.objects.get_current()
    assert (site.name, site.domain) == ("Podium", "localhost:8000")


def test_migrate_updates_an_existing_row(arena):
    site = Site.objects.get_current()
    assert (site.name, site.domain) == ("Bootcamp Arena", "arena.example.org") and Site.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_flush_keeps_the_site_named():
    call_command("flush", verbosity=0, interactive=False)  # what ends every transactional test
    assert Site.objects.get_current().name == "Podium"


def test_the_sign_up_email_says_podium(client):
    response = client.post("/accounts/signup/", {"username": "sitenewcomer", "email": "site-newcomer@example.net",
                                                 "password1": "a-long-pass-phrase-9",
                                                 "password2": "a-long-pass-phrase-9"})

    assert response.status_code == 302 and len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject.startswith("[Podium] ") and "Hello from Podium!" in message.body
    assert "example.com" not in message.subject + message.body


def test_the_password_reset_email_says_the_configured_name(client, arena):
    get_user_model().objects.create_user("alice", "alice@example.org", "a-long-pass-phrase-9")

    response = client.post("/accounts/password/reset/", {"email": "alice@example.org"})

    assert response.status_code == 302 and len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject.startswith("[Bootcamp Arena] ") and "Hello from Bootcamp Arena!" in message.body
    assert "example.com" not in message.subject + message.body


def test_pages_call_the_site_by_its_name(client, settings):
    settings.PODIUM_SITE_NAME = "Bootcamp Arena"
    page = client.get("/").content.decode()
    assert "· Bootcamp Arena</title>" in page and "Podium" not in page.split("<main", 1)[0]


def test_the_admin_is_headed_by_the_site_name(client):
    admin = get_user_model().objects.create_superuser("root", "root@example.org", "a-long-pass-phrase-9")
    client.force_login(admin)
    page = client.get("/admin/").content.decode()
    assert "Podium" in page and "Django administration" not in page
