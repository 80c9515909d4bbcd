"""Working group news, reminders and the reconfirmation round, run in process: who gets a mail, that
each mail is sent once, that opt-outs hold at send time, and the one-click unsubscribe link; and that each
happening is noted in the notification centre once for everyone of its audience, mails or not."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from platform_app.accounts.models import User
from platform_app.accounts.roles import ensure_role_groups
from platform_app.calendar.models import Event
from platform_app.calendar.notifications import event_audience, send_event_reminders
from platform_app.core.viewer import SECRETARIAT, viewer_for
from platform_app.directory.models import FocalPoint, Organization
from platform_app.directory.notifications import reconfirmation_round
from platform_app.library.models import Document
from platform_app.mail.models import EmailDelivery, Notification
from platform_app.mail.notifications import (
    group_audience,
    notify_item,
    send_digests,
    send_pending,
    unsubscribe_token,
)
from platform_app.structure.models import Pillar, ThematicArea
from platform_app.support.models import SupportRequest
from platform_app.support.notifications import notify_support_step, support_audience
from platform_app.support.services import offer_decide, offer_make, request_file, request_route
from tests.factories import (
    DocumentFactory,
    EventFactory,
    FocalPointFactory,
    MeetingFactory,
    SupportRequestFactory,
    UserFactory,
    reference_group,
    reference_org,
)


@pytest.fixture
def group(reference):
    return reference_group("BMLE")


def _member_orgs(group, count=2):
    return [m.organization for m in group.memberships.select_related("organization").order_by("pk")[:count]]


def _person(org, **user):
    return FocalPointFactory(organization=org, **{f"user__{k}": v for k, v in user.items()}).user


def _item_of(kind: str, group, allowed):
    """A document or an event of `group` restricted to the organization `allowed`, or a meeting of `group`."""
    if kind == "document":
        item = DocumentFactory(working_group=group, visibility="restricted", organization=allowed)
        item.allowed_organizations.set([allowed])
    elif kind == "event":
        item = EventFactory(working_group=group, visibility="restricted")
        item.organizers.set([allowed])
    else:
        item = MeetingFactory(working_group=group)
    return item


def test_news_of_a_restricted_document_reaches_only_members_who_may_see_it(group):
    allowed, other = _member_orgs(group)
    shown = _person(allowed, notification_frequency="immediate")
    hidden = _person(other, notification_frequency="immediate")
    document = DocumentFactory(working_group=group, visibility="restricted", organization=allowed)
    document.allowed_organizations.set([allowed])
    mail.outbox.clear()
    result = notify_item("document", document.pk)
    assert result["mailed"] >= 1
    recipients = {address for message in mail.outbox for address in message.to}
    assert shown.email in recipients and hidden.email not in recipients
    for notice in Notification.objects.filter(object_id=document.pk, kind="document").select_related("user"):
        assert Document.objects.visible_to(notice.user).filter(pk=document.pk).exists(), notice.user
    # Run again (a task delivered twice): no second mail.
    notify_item("document", document.pk)
    assert sorted(a for m in mail.outbox for a in m.to) == sorted(recipients)


def test_a_digest_gathers_the_news_once_and_a_second_run_sends_nothing(group):
    (org,) = _member_orgs(group, 1)
    reader = _person(org, notification_frequency="daily")
    weekly = _person(org, notification_frequency="weekly")
    for _ in range(3):
        notify_item("document", DocumentFactory(working_group=group, visibility="platform", organization=org).pk)
    notify_item(
        "meeting", group.meetings.create(title="Quarterly", starts_at=timezone.now(), ends_at=timezone.now()).pk
    )
    mail.outbox.clear()
    send_digests("daily")
    (digest,) = [m for m in mail.outbox if reader.email in m.to]
    assert digest.body.count("http://") >= 4 and "Quarterly" in digest.body
    assert not [m for m in mail.outbox if weekly.email in m.to]
    assert "List-Unsubscribe" in digest.extra_headers and digest.alternatives
    send_digests("daily")
    assert len([m for m in mail.outbox if reader.email in m.to]) == 1
    send_digests("weekly")
    assert len([m for m in mail.outbox if weekly.email in m.to]) == 1
    assert not Notification.objects.filter(user__in=[reader, weekly], delivery__isnull=True).exists()


def test_an_opt_out_after_the_mail_was_written_is_honoured_at_send_time(group):
    (org,) = _member_orgs(group, 1)
    reader = _person(org, notification_frequency="daily")
    notify_item("document", DocumentFactory(working_group=group, organization=org).pk)
    User.objects.filter(pk=reader.pk).update(notification_frequency="never")
    mail.outbox.clear()
    send_digests("daily")  # the reader no longer chooses a digest: nothing is written
    assert mail.outbox == []
    delivery = EmailDelivery.objects.create(
        key="written-before", kind="digest", recipient=reader, address=reader.email, subject="S", body_text="B"
    )
    assert send_pending([delivery]) == {"skipped": 1}
    delivery.refresh_from_db()
    assert delivery.status == "skipped" and mail.outbox == []


def test_event_reminders_go_once_to_the_people_concerned_who_want_them(group):
    org, _other = _member_orgs(group)
    wants = _person(org)
    refuses = _person(org, event_reminders=False)
    organizer_person = _person(reference_org("UNODC"))
    soon = EventFactory(
        working_group=group,
        visibility="working_group",
        starts_at=timezone.now() + timedelta(hours=5),
        ends_at=timezone.now() + timedelta(hours=7),
    )
    soon.organizers.set([reference_org("UNODC")])
    later = EventFactory(
        working_group=group, starts_at=timezone.now() + timedelta(days=3), ends_at=timezone.now() + timedelta(days=3)
    )
    mail.outbox.clear()
    send_event_reminders(24)
    send_event_reminders(24)
    to = [a for m in mail.outbox for a in m.to]
    assert to.count(wants.email) == 1 and to.count(organizer_person.email) == 1
    assert refuses.email not in to
    assert all(soon.title in m.subject and later.title not in m.subject for m in mail.outbox)
    for address in to:
        user = User.objects.get(email=address)
        assert Event.objects.visible_to(user).filter(pk=soon.pk).exists()


@pytest.fixture
def stale_org(reference):
    org = reference_org("KE")
    long_ago = timezone.now() - timedelta(days=300)
    primary = FocalPointFactory(organization=org, is_primary=True, user__last_login=timezone.now())
    stale = [
        FocalPointFactory(organization=org, user__last_login=long_ago, user__date_joined=long_ago) for _ in range(2)
    ]
    FocalPointFactory(organization=org, user__last_login=timezone.now())  # signed in recently
    never = FocalPointFactory(organization=org, user__last_login=None, user__date_joined=long_ago)
    return org, primary, [*stale, never]


def test_the_reconfirmation_round_writes_once_a_month_to_the_main_focal_point(stale_org):
    _org, primary, stale = stale_org
    mail.outbox.clear()
    result = reconfirmation_round(6)
    assert result["focal_points"] == len(stale) and result["sent"] == 1
    (message,) = mail.outbox
    assert message.to == [primary.user.email]
    for person in stale:
        assert person.user.get_full_name() in message.body
    assert reverse("account:reconfirm") in message.body
    reconfirmation_round(6)
    assert len(mail.outbox) == 1  # the same round again sends nothing


def test_a_main_focal_point_reconfirms_or_retires_colleagues(client, stale_org):
    _org, primary, stale = stale_org
    client.force_login(primary.user)
    page = client.get(reverse("account:reconfirm"))
    assert page.status_code == 200 and list(page.context["people"]) == sorted(
        stale, key=lambda p: (p.user.last_name, p.user.first_name, p.pk)
    )
    keep, leave, later = page.context["people"]
    client.post(reverse("account:reconfirm"), {"action": "confirm", "person": [keep.pk]})
    client.post(reverse("account:reconfirm"), {"action": "leave", "person": [leave.pk]})
    keep.refresh_from_db()
    leave.refresh_from_db()
    assert keep.confirmed_at is not None and leave.is_active is False
    assert leave.history.first().history_user == primary.user  # who said so is kept
    assert [p.pk for p in client.get(reverse("account:reconfirm")).context["people"]] == [later.pk]
    # Someone of another organization cannot be reconfirmed from here: refused, nothing changed.
    foreign = FocalPointFactory(organization=reference_org("NO"), user__last_login=None)
    response = client.post(
        reverse("account:reconfirm"), {"action": "leave", "person": [later.pk, foreign.pk]}, follow=True
    )
    assert "nothing was changed" in response.content.decode()
    assert FocalPoint.objects.filter(pk__in=[later.pk, foreign.pk], is_active=True).count() == 2


def test_only_a_main_focal_point_may_reconfirm(client, stale_org):
    _org, primary, stale = stale_org
    client.force_login(stale[0].user)
    assert client.get(reverse("account:reconfirm")).status_code == 403
    assert client.post(reverse("account:reconfirm"), {"action": "leave", "person": [primary.pk]}).status_code == 403
    primary.refresh_from_db()
    assert primary.is_active


@pytest.mark.parametrize(
    ("category", "field", "off"),
    [("news", "notification_frequency", "never"), ("reminders", "event_reminders", False)],
)
def test_one_click_unsubscribe_needs_no_session_and_no_csrf_token(reference, category, field, off):
    user = FocalPointFactory(user__notification_frequency="daily").user
    browser = Client(enforce_csrf_checks=True)
    url = reverse("unsubscribe", args=[unsubscribe_token(user.pk, category)])
    page = browser.get(url)
    assert page.status_code == 200 and "<form" in page.content.decode()
    user.refresh_from_db()
    assert getattr(user, field) != off  # a link checker following the link changes nothing
    # What a mail program sends on "unsubscribe" (RFC 8058).
    response = browser.post(url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200
    user.refresh_from_db()
    assert getattr(user, field) == off


def test_a_forged_or_altered_unsubscribe_link_is_refused(reference):
    user = FocalPointFactory().user
    token = unsubscribe_token(user.pk, "news")
    browser = Client()
    for bad in ("forged", token[:-2] + "xx", unsubscribe_token(10**9, "news")):
        assert browser.post(reverse("unsubscribe", args=[bad])).status_code == 400
    user.refresh_from_db()
    assert user.notification_frequency != "never"


def test_the_unsubscribe_link_of_each_mail_switches_off_that_kind_only(group):
    (org,) = _member_orgs(group, 1)
    reader = _person(org, notification_frequency="immediate", event_reminders=True)
    mail.outbox.clear()
    notify_item("document", DocumentFactory(working_group=group, organization=org).pk)
    (message,) = [m for m in mail.outbox if reader.email in m.to]
    link = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert link in message.body
    Client().post(link.removeprefix("http://testserver").removeprefix("http://127.0.0.1:8000"))
    reader.refresh_from_db()
    assert reader.notification_frequency == "never" and reader.event_reminders is True


def test_a_mails_header_and_text_name_one_unsubscribe_link_whenever_each_is_written(group, monkeypatch):
    """The text is written when the mail is recorded, the List-Unsubscribe header when it is sent, maybe
    seconds or a retry later: both name the same link (it says who and which mails, not when)."""
    from django.core import signing

    clock = iter(range(1_800_000_000, 1_900_000_000, 7))  # every signature made at another second
    monkeypatch.setattr(signing.TimestampSigner, "timestamp", lambda self: signing.b62_encode(next(clock)))
    (org,) = _member_orgs(group, 1)
    reader = _person(org, notification_frequency="immediate")
    mail.outbox.clear()
    notify_item("document", DocumentFactory(working_group=group, organization=org).pk)
    (message,) = [m for m in mail.outbox if reader.email in m.to]
    link = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert link in message.body and link in message.alternatives[0][0]


def test_an_unsubscribe_link_of_the_earlier_form_still_works(reference):
    """Mails sent before the links stopped carrying the time they were made (signing.dumps) still work."""
    from django.core import signing

    from platform_app.mail.notifications import UNSUBSCRIBE_SALT

    user = FocalPointFactory(user__notification_frequency="immediate").user
    earlier = signing.dumps([user.pk, "news"], salt=UNSUBSCRIBE_SALT, compress=False)
    assert Client().post(reverse("unsubscribe", args=[earlier])).status_code == 200
    user.refresh_from_db()
    assert user.notification_frequency == "never"


@pytest.mark.parametrize("kind", ["document", "event", "meeting"])
def test_news_of_an_item_reaches_exactly_the_members_whose_viewer_may_open_it(group, kind):
    allowed, other = _member_orgs(group)
    observer = group.memberships.filter(role="observer").select_related("organization").first().organization
    people = [_person(org, notification_frequency="daily") for org in (allowed, other, observer)]
    item = _item_of(kind, group, allowed)
    notify_item(kind, item.pk)
    notified = set(Notification.objects.filter(kind=kind, object_id=item.pk).values_list("user", flat=True))
    may_open = {p.pk for p in people if type(item).objects.visible_to(p).filter(pk=item.pk).exists()}
    assert notified == may_open and may_open


def _support_recipients(step) -> set[int]:
    notify_support_step(step.pk)
    return set(EmailDelivery.objects.filter(key__startswith=f"support:{step.pk}:").values_list("recipient", flat=True))


def _file_a_request(user) -> SupportRequest:
    """A request for forensic laboratory support, filed by `user`."""
    return request_file(
        user=user,
        title="Forensic laboratory support",
        needs="Training for twelve analysts.",
        thematic_area=ThematicArea.objects.order_by("slug").first(),
        pillar=Pillar.objects.get(number=2),
    )


def _who_may_open(request, *, but=()) -> set[int]:
    """Every person with an address whose viewer may open `request`, but those of `but`."""
    return {
        user.pk
        for user in User.objects.exclude(email="").exclude(pk__in=[u.pk for u in but])
        if SupportRequest.objects.visible_to(user).filter(pk=request.pk).exists()
    }


def test_a_routed_request_is_mailed_to_the_entity_members_of_the_group_and_not_its_observers(people):
    pcve = reference_group("PCVE")
    assert pcve.memberships.get(organization=reference_org("DESA")).role == "observer"
    observer = _person(reference_org("DESA"))
    member = _person(reference_org("UNDP"))  # a vice-chair
    kenya = _person(reference_org("KE"))
    request = SupportRequestFactory()
    request_route(user=people.secretariat, request=request, working_groups=[pcve])
    recipients = _support_recipients(request.steps.get(action="routed"))
    assert observer.pk not in recipients and {member.pk, people.entity.pk} <= recipients
    secretariat = [u for u in User.objects.all() if viewer_for(u).is_secretariat]
    # The State and the Secretariat knew of it already: the news is for those it now reaches.
    assert recipients == _who_may_open(request, but=[people.state, kenya, *secretariat])


def test_a_filed_request_is_mailed_to_the_secretariat_the_visibility_rules_name(people):
    groups = ensure_role_groups()
    superuser = UserFactory(is_staff=True, is_superuser=True)
    not_staff = UserFactory()  # in the group, but without access to the admin: not the Secretariat
    not_staff.groups.add(groups[SECRETARIAT])
    assert viewer_for(superuser).is_secretariat and not viewer_for(not_staff).is_secretariat
    request = _file_a_request(people.state)
    recipients = _support_recipients(request.steps.get(action="filed"))
    assert {people.secretariat.pk, superuser.pk} <= recipients and not_staff.pk not in recipients
    assert recipients == _who_may_open(request, but=[people.state])


# --- the notification centre: the mails' audience, told once each, whatever mails they chose ------------


def _notified(**happening) -> list[int]:
    """The people who have a notification of the happening, one entry per notification."""
    return sorted(Notification.objects.filter(**happening).values_list("user", flat=True))


def _mailed_to(key_prefix: str) -> set[int]:
    return set(EmailDelivery.objects.filter(key__startswith=key_prefix).values_list("recipient", flat=True))


@pytest.mark.parametrize("kind", ["document", "event", "meeting"])
def test_news_is_noted_once_for_every_member_who_may_open_it_whatever_mails_they_chose(group, kind):
    allowed, other = _member_orgs(group)
    chose = {f: _person(allowed, notification_frequency=f) for f in ("immediate", "daily", "weekly", "never")}
    no_address = _person(allowed, notification_frequency="immediate")
    User.objects.filter(pk=no_address.pk).update(email="")  # many accounts have none
    elsewhere = Organization.objects.exclude(memberships__working_group=group).order_by("pk").first()
    candidates = [*chose.values(), no_address, _person(other, notification_frequency="never"), _person(elsewhere)]
    item = _item_of(kind, group, allowed)
    mail.outbox.clear()
    notify_item(kind, item.pk)
    notify_item(kind, item.pk)  # the task delivered twice

    notified = _notified(kind=kind, object_id=item.pk)
    audience = sorted(group_audience(group.pk).filter(pk__in=[p.pk for p in candidates]).values_list("pk", flat=True))
    may_open = [pk for pk in audience if type(item).objects.visible_to(User.objects.get(pk=pk)).filter(pk=item.pk)]
    assert notified == may_open and {chose["never"].pk, no_address.pk} <= set(notified)
    assert not Notification.objects.filter(kind=kind, object_id=item.pk, read_at__isnull=False).exists()
    # Mail as each chose: at once, in a digest, or none; the notification centre tells them all.
    assert [a for m in mail.outbox for a in m.to] == [chose["immediate"].email]
    waiting = Notification.objects.filter(kind=kind, object_id=item.pk, awaits_digest=True)
    assert set(waiting.values_list("user", flat=True)) == {chose["daily"].pk, chose["weekly"].pk}


def test_the_digest_carries_only_the_news_noted_for_it(group):
    (org,) = _member_orgs(group, 1)
    reader = _person(org, notification_frequency="never")
    notify_item("document", DocumentFactory(working_group=group, title="Told only in the centre").pk)
    # The person now chooses a daily digest: what the centre alone told them is not mailed afterwards.
    User.objects.filter(pk=reader.pk).update(notification_frequency="daily")
    notify_item("document", DocumentFactory(working_group=group, title="News for the digest").pk)
    mail.outbox.clear()
    send_digests("daily")
    (digest,) = [m for m in mail.outbox if reader.email in m.to]
    assert "News for the digest" in digest.body and "Told only in the centre" not in digest.body
    assert Notification.objects.filter(user=reader).count() == 2


def _support_step_notices(step) -> list[int]:
    return _notified(kind="support", object_id=step.request_id, occasion=f"step:{step.pk}")


def test_each_move_of_a_request_is_noted_once_for_exactly_its_mail_audience_and_those_who_chose_no_mail(people):
    groups = ensure_role_groups()
    never = {
        "secretariat": UserFactory(is_staff=True, notification_frequency="never"),
        "state": _person(reference_org("KE"), notification_frequency="never"),
        "entity": _person(reference_org("UNODC"), notification_frequency="never"),
    }
    never["secretariat"].groups.add(groups[SECRETARIAT])
    request = _file_a_request(people.state)
    request_route(user=people.secretariat, request=request, organizations=[reference_org("UNODC")])
    offer_make(user=people.entity, request=request, description="Two mentors for six months.")
    offer = request.offers.get()
    offer_decide(user=people.state, offer=offer, accept=True)
    side = {"filed": "secretariat", "routed": "entity", "offered": "state", "accepted": "entity"}
    for step in request.steps.order_by("pk"):
        for _run in range(2):  # the task delivered twice tells nobody twice
            notify_support_step(step.pk)
        notified = _support_step_notices(step)
        mailed = _mailed_to(f"support:{step.pk}:")
        audience = set(support_audience(step).exclude(pk=step.actor_id).values_list("pk", flat=True))
        assert notified == sorted(audience), step.action
        assert set(notified) == mailed | {never[side[step.action]].pk}, step.action
        assert never[side[step.action]].pk not in mailed and step.actor_id not in notified
        assert EmailDelivery.objects.filter(key__startswith=f"support:{step.pk}:").count() == len(mailed)
    routed = Notification.objects.get(user=people.entity, occasion__startswith="step:", action="routed")
    assert routed.path == reverse("support:request", args=[request.pk]) and routed.title == request.title


def test_an_event_reminder_is_noted_once_for_everyone_it_concerns_reminder_mails_or_not(group):
    org, _other = _member_orgs(group)
    wants = _person(org)
    refuses = _person(org, event_reminders=False)
    soon = EventFactory(
        working_group=group,
        visibility="working_group",
        starts_at=timezone.now() + timedelta(hours=5),
        ends_at=timezone.now() + timedelta(hours=7),
    )
    mail.outbox.clear()
    send_event_reminders(24)
    send_event_reminders(24)
    notified = _notified(kind="reminder", object_id=soon.pk)
    assert notified == sorted(event_audience(soon).values_list("pk", flat=True))
    assert {wants.pk, refuses.pk} <= set(notified)
    to = [a for m in mail.outbox for a in m.to]
    assert to.count(wants.email) == 1 and refuses.email not in to
    notice = Notification.objects.get(kind="reminder", object_id=soon.pk, user=wants)
    assert notice.path == reverse("calendar:event", args=[soon.pk]) and notice.delivery is not None


def test_the_reconfirmation_round_is_noted_once_for_the_main_focal_point_even_without_its_mails(stale_org):
    org, primary, _stale = stale_org
    User.objects.filter(pk=primary.user_id).update(reconfirmation_emails=False)
    mail.outbox.clear()
    reconfirmation_round(6)
    reconfirmation_round(6)
    assert mail.outbox == []  # the person turned these mails off
    (notice,) = Notification.objects.filter(kind="reconfirmation")
    assert (notice.user_id, notice.object_id, notice.path) == (primary.user_id, org.pk, reverse("account:reconfirm"))
    assert notice.occasion == f"{timezone.now():%Y-%m}"
