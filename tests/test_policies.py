"""Every permission of the platform asked of every role, against the access matrix written out here.

A permission is one function in its domain's `policies.py` (core.policies.Decision); pages, the API and
the services all ask it. Each row below names a policy, the scenario's object it is asked about
(tests/scenario.py) and the roles it allows; every other role must be refused with a reason. A new
policy that is not in the table fails `test_every_policy_is_in_the_table`.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest

import platform_app
import workinggroups
from platform_app.core.policies import Decision
from tests.factories import PostFactory, ShowcaseRequestFactory, reference_group, reference_org


def _add_group_rows(people, world):
    """A thread UNODC's focal point started in BMLE and Kenya's request to showcase its efforts to BMLE,
    both read by BMLE's readers (tests/portal/routes_workinggroups.py)."""
    bmle, readers = reference_group("BMLE"), {"secretariat", "cted", "entity", "state"}
    world.add("posts", "bmle_by_entity", PostFactory(working_group=bmle, author=people.entity), readers)
    showcase = ShowcaseRequestFactory(member_state=reference_org("KE"), working_group=bmle)
    world.add("showcase-requests", "kenya_to_bmle", showcase, readers)


pytestmark = [pytest.mark.django_db, pytest.mark.shared_world(add=_add_group_rows)]

ENTITIES = {"entity", "cted"}  # UNODC and CTED are both Compact entities
PLATFORM = {"secretariat", "cted", "entity", "state", "other_state", "regional"}

# policy -> (the scenario's object it is asked about, or None; the roles allowed)
TABLE = {
    "support.may_file_request": (None, {"state", "other_state"}),
    "support.may_change_request": (("support-requests", "kenya_to_unodc"), {"state"}),
    "support.may_route_request": (("support-requests", "kenya_to_unodc"), {"secretariat"}),
    "support.may_offer_support": (None, ENTITIES),
    "support.may_make_offer": (("support-requests", "kenya_to_bmle"), ENTITIES),  # routed to BMLE's members
    "support.may_decide_offer": (("support-offers", "unodc_to_kenya"), {"state"}),
    "support.may_withdraw_offer": (("support-offers", "unodc_to_kenya"), {"entity"}),
    "support.may_close_request": (("support-requests", "kenya_to_unodc"), {"secretariat", "state"}),
    "support.may_withdraw_request": (("support-requests", "kenya_to_unodc"), {"state"}),
    "countries.may_write_page": (("organizations", "kenya"), {"state"}),
    "countries.may_moderate": (None, {"secretariat"}),
    "library.may_share_documents": (None, PLATFORM),
    "library.may_add_version": (("documents", "unodc_for_au"), {"secretariat", "entity"}),
    "calendar.may_add_event": (None, {"secretariat", *ENTITIES}),  # entities write in their groups
    "cted.may_edit_cted": (None, {"secretariat", "cted"}),
    "cted.may_set_sharing": (("assessments", "kenya"), {"secretariat", "cted", "state"}),
    "cted.may_record_progress": (("recommendations", "kenya"), {"secretariat", "cted", "state"}),
    "cted.may_see_gaps": (None, {"secretariat", *ENTITIES}),
    "cted.may_set_responses": (("projects", "unodc"), {"secretariat", "entity"}),
    # BMLE: CTED chairs it, UNODC (the entity) is a vice-chair, Kenya (the state) is invited to read its space.
    "workinggroups.may_read_space": (("working-groups", "bmle"), {"secretariat", *ENTITIES, "state"}),
    "workinggroups.may_write_in_space": (("working-groups", "bmle"), {"secretariat", *ENTITIES}),
    "workinggroups.may_decide_showcases": (("working-groups", "bmle"), {"secretariat", *ENTITIES}),
    "workinggroups.may_ask_showcase": (None, {"state", "other_state"}),
    # Only the author edits a post (tests/portal/test_workinggroups.py, routes_workinggroups.py).
    "workinggroups.may_edit_post": (("posts", "bmle_by_entity"), {"entity"}),
    # The group's leaders read its requests, every Member State its own (routes_workinggroups.py).
    "workinggroups.may_list_showcases": (
        ("working-groups", "bmle"),
        {"secretariat", *ENTITIES, "state", "other_state"},
    ),
    "workinggroups.may_withdraw_showcase": (("showcase-requests", "kenya_to_bmle"), {"state"}),
}


def _policies() -> dict[str, object]:
    """Every function of a `policies` module of the apps that answers with a Decision."""
    found = {}
    modules = [
        *pkgutil.walk_packages(platform_app.__path__, "platform_app."),
        *pkgutil.walk_packages(workinggroups.__path__, "workinggroups."),
    ]
    for module in modules:
        if not module.name.endswith("policies") or module.name == "platform_app.core.policies":
            continue
        loaded = importlib.import_module(module.name)
        domain = module.name.split(".")[-2]
        for name, function in inspect.getmembers(loaded, inspect.isfunction):
            answers = inspect.signature(function).return_annotation
            if function.__module__ == module.name and answers in (Decision, "Decision"):
                found[f"{domain}.{name}"] = function
    return found


def test_every_policy_is_in_the_table():
    assert set(_policies()) == set(TABLE)


@pytest.mark.parametrize("policy", sorted(TABLE))
def test_each_role_gets_the_answer_the_matrix_gives(policy, people, world):
    function = _policies()[policy]
    target, allowed = TABLE[policy]
    args = []
    if target is not None:
        resource, name = target
        obj = world.objects[resource][name]
        # Pages are asked about by their State.
        args.append(obj.pk if policy == "countries.may_write_page" else obj)
    answers = {}
    for role, user in people.roles().items():
        decision = function(user, *args)
        assert isinstance(decision, Decision)
        assert decision.allowed or decision.reason, f"{policy} refuses {role} without a reason"
        answers[role] = decision.allowed
    assert {role for role, yes in answers.items() if yes} == allowed
