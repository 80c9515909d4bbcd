"""A working group's leadership reads as a sentence: the organizations of a role are separated by commas
that follow each name without a space."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from tests.people import People

pytestmark = [pytest.mark.django_db, pytest.mark.shared_world]


def test_the_names_of_a_role_are_followed_by_their_comma(client, people: People):
    client.force_login(people.entity)
    html = client.get(reverse("workinggroups:detail", args=["BMLE"])).content.decode()
    leadership = html[html.index('id="leadership-heading"') :].split("</dl>", 1)[0]
    assert "(INTERPOL)</bdi></a>, " in leadership  # INTERPOL and UNODC are its vice-chairs
    assert not re.search(r"\s,", leadership)
