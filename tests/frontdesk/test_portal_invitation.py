"""Inviting a client to the portal from their page: the invitation goes into the outbox with a
single-use link, the page says so and shows the account's state; without an email address
nothing is sent and the page says which field is missing; another clinic's client is a 404."""

from __future__ import annotations

import re

from django.core import mail
from django.test import Client as Browser
from django.urls import reverse

from medmassage.clientaccounts.models import ClientAccount
from medmassage.clients.services import update_client
from medmassage.messaging.models import Kind, Message
from medmassage.messaging.services import dispatch_due
from medmassage.tenancy import unscoped
from tests.builders import actor, events
from tests.cast import Cast, logged_in


def invite_url(client_id: int) -> str:
    return reverse("frontdesk:portal-invite", args=[client_id])


def test_the_front_desk_invites_a_client_who_then_sets_a_password(cast: Cast) -> None:
    update_client(client=cast.client, by=actor(cast.front_desk), email="Ada@Example.org")
    desk = logged_in(cast.front_desk)

    before = desk.get(reverse("charts:client", args=[cast.client.pk])).content.decode()
    answer = desk.post(invite_url(cast.client.pk), follow=True)
    dispatch_due()

    assert "Not invited." in before
    assert 'id="portal-invite"' in before
    assert answer.redirect_chain[-1][0] == reverse("charts:client", args=[cast.client.pk])
    page = answer.content.decode()
    assert "Invitation emailed to ada@example.org" in page
    assert "not signed up yet" in page
    assert "Send a new invitation" in page
    with unscoped():
        message = Message.objects.get(kind=Kind.PORTAL_INVITATION)
    assert message.to_email == "ada@example.org"
    assert message.body == ""  # the link is a secret: wiped once sent
    [email] = mail.outbox
    link = re.search(r"https?://\S+/portal/welcome/\S+/", email.body)
    assert link is not None
    assert events("portal.account.invited", client_id=cast.client.pk)

    path = link.group(0).split("://", 1)[1].split("/", 1)[1]
    accepted = Browser().post(
        f"/{path}",
        {"password": "a long passphrase for my portal", "email_reminders": "1"},
    )
    assert accepted.status_code == 302
    with unscoped():
        assert ClientAccount.objects.get(client=cast.client).activated_at is not None
    signed_up = desk.get(reverse("charts:client", args=[cast.client.pk])).content.decode()
    assert "Signed up" in signed_up


def test_a_client_without_an_email_is_not_invited_and_the_page_says_why(cast: Cast) -> None:
    desk = logged_in(cast.front_desk)

    page = desk.get(reverse("charts:client", args=[cast.client.pk])).content.decode()
    answer = desk.post(invite_url(cast.client.pk), follow=True)

    assert 'id="portal-invite"' not in page
    assert "Record an email address" in page
    assert "Not invited: Record the client" in answer.content.decode()
    with unscoped():
        assert not ClientAccount.objects.exists()
        assert not Message.objects.exists()


def test_another_clinics_client_is_not_found_and_nobody_is_invited(cast: Cast) -> None:
    answer = logged_in(cast.outsider).post(invite_url(cast.client.pk))
    looked = logged_in(cast.front_desk).get(invite_url(cast.client.pk))

    assert answer.status_code == 404
    assert looked.status_code == 405
    with unscoped():
        assert not ClientAccount.objects.exists()
