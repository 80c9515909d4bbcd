"""The reference data against the seed documents (../shared/seeds), and the loader's behaviour."""

import json
from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from platform_app.directory.models import Organization
from platform_app.metrics.models import MetricSnapshot
from platform_app.reference.loader import DEFAULT_FIXTURE, load_reference
from platform_app.structure.models import Language, Pillar, ThematicArea, WorkingGroup, WorkingGroupMembership
from workinggroups.models import CoordinationCommittee

pytestmark = pytest.mark.django_db


def roles_of(short_name: str) -> dict[str, set[str]]:
    roles: dict[str, set[str]] = {}
    for m in WorkingGroupMembership.objects.filter(working_group__short_name=short_name).select_related("organization"):
        roles.setdefault(m.role, set()).add(m.organization.acronym)
    return roles


def test_counts_match_the_seeds(reference):
    assert Pillar.objects.count() == 4
    # The brochure lists 45 entities (39 members, 6 observers); the 2023 and 2025 newsletters count 46.
    entities = Organization.objects.filter(kind="entity")
    assert entities.count() == 46
    assert entities.filter(compact_status="member").count() == 39
    assert set(entities.filter(compact_status="observer").values_list("acronym", flat=True)) == {
        "DESA",
        "IOM",
        "IPU",
        "UNICEF",
        "UNHCR",
        "OCHA",
        "IAEA",
    }
    assert Organization.objects.filter(kind="member_state").count() == 193
    assert Organization.objects.filter(kind="regional_org", acronym="AU").exists()
    assert WorkingGroup.objects.count() == 8
    assert CoordinationCommittee.objects.get().chair_organization.acronym == "UNOCT"
    assert Language.objects.filter(code__in=["ar", "zh", "en", "fr", "ru", "es"]).count() == 6
    assert ThematicArea.objects.filter(name="Countering the financing of terrorism").exists()


def test_member_states_have_iso_codes_and_regions(reference):
    kenya = Organization.objects.get(kind="member_state", iso_alpha2="KE")
    assert (kenya.iso_alpha3, kenya.region) == ("KEN", "africa")
    norway = Organization.objects.get(kind="member_state", iso_alpha3="NOR")
    assert norway.region == "europe"
    assert not Organization.objects.filter(kind="member_state", region="").exists()
    regions = dict(
        Organization.objects.filter(kind="member_state")
        .values_list("region")
        .annotate(n=__import__("django.db.models", fromlist=["Count"]).Count("id"))
    )
    assert regions == {"africa": 54, "americas": 35, "asia": 47, "europe": 43, "oceania": 14}


@pytest.mark.parametrize(
    ("short_name", "number", "chair", "co_chairs", "vice_chairs"),
    [
        ("PCVE", 1, "UNOCT", set(), {"UNAOC", "UNDP", "UNESCO"}),
        ("BMLE", 2, "CTED", {"WCO"}, {"INTERPOL", "UNODC"}),
        ("ETCIP", 3, "INTERPOL", set(), {"UNODA", "UNICRI", "OPCW"}),
        ("CJLR-CFT", 4, "UNODC", set(), {"CTED", "UNOCT"}),
        ("RMME", 5, "UNOCT", {"CTED", "UNODC"}, set()),
        # The brochure had UNOCT and CTED as co-chairs; the 2023 and 2025 newsletters (newer) stand.
        ("NARS", 6, "CTED", set(), {"UNOCT"}),
        ("HRRoL-VoT", 7, "OHCHR", set(), {"UNOCT"}),
        ("GENDER", 8, "UN Women", set(), {"CTED"}),
    ],
)
def test_working_group_leadership(reference, short_name, number, chair, co_chairs, vice_chairs):
    group = WorkingGroup.objects.get(short_name=short_name)
    assert group.number == number
    assert group.objective
    roles = roles_of(short_name)
    assert roles["chair"] == {chair}
    assert roles.get("co_chair", set()) == co_chairs
    assert roles.get("vice_chair", set()) == vice_chairs


def test_working_group_members_and_observers_from_the_brochure(reference):
    bmle = roles_of("BMLE")
    assert bmle["observer"] == {"DESA", "IOM", "UNHCR", "UNICEF"}
    assert len(bmle["member"]) == 17
    assert {"ICAO", "IMO", "OPCW", "UNOCT", "UNODA", "WHO"} <= bmle["member"]
    etcip = roles_of("ETCIP")
    assert etcip["observer"] == {"IAEA", "IPU", "OCHA"}
    assert len(etcip["member"]) == 22
    cjlr = roles_of("CJLR-CFT")
    assert {"FATF", "UNITAD", "WCO"} <= cjlr["member"] and cjlr["observer"] == {"IPU", "OCHA", "UNICEF"}
    hrrol = roles_of("HRRoL-VoT")
    assert len(hrrol["member"]) == 20 and hrrol["observer"] == {"IOM", "IPU", "OCHA", "UNHCR", "UNICEF"}
    gender = roles_of("GENDER")
    assert len(gender["member"]) == 18 and gender["observer"] == {"IOM", "IPU", "UNHCR"}
    # "All Counter-Terrorism Compact entities are members or observers of the Working Group."
    for short_name in ("PCVE", "RMME", "NARS"):
        assert WorkingGroupMembership.objects.filter(working_group__short_name=short_name).count() == 46
        assert roles_of(short_name)["observer"] == {"DESA", "IOM", "IPU", "UNICEF", "UNHCR", "OCHA", "IAEA"}


def test_coordination_committee_members_are_entities_and_group_leaders(reference):
    members = CoordinationCommittee.objects.get().member_organizations()
    assert members.count() == 46
    assert members.filter(acronym="CTED").exists()


def test_published_figures_are_dated_snapshots(reference):
    published = MetricSnapshot.objects.filter(source="published").order_by("as_of")
    assert [s.as_of.date() for s in published] == [
        date(2022, 6, 30),
        date(2022, 12, 31),
        date(2023, 6, 30),
        date(2023, 12, 31),
        date(2025, 6, 30),
    ]
    may_june_2025 = published.last()
    assert may_june_2025.figures() == [
        ("entities", "Compact entities", 46),
        ("member_states", "Member States", 137),
        ("regional_organizations", "International/regional organizations", 14),
        ("focal_points", "Total focal points", 1050),
        ("documents", "Documents shared", 3670),
        ("visits", "Virtual visits to the CT Platform", 407000),
        ("cted_recommendations", "CTED TA recommendations", 861),
        ("country_assessments", "CTED country assessments", 28),
    ]
    nov_dec_2023 = published.get(as_of__date=date(2023, 12, 31))
    assert (nov_dec_2023.documents, nov_dec_2023.visits, nov_dec_2023.cted_recommendations) == (3475, 237250, 842)
    may_june_2023 = published.get(as_of__date=date(2023, 6, 30))
    assert may_june_2023.entities is None  # the figure is missing from that text
    assert (may_june_2023.member_states, may_june_2023.visits) == (136, 207693)


def test_loader_is_idempotent(reference):
    tables = (Organization, WorkingGroupMembership, MetricSnapshot, ThematicArea, Pillar)
    before = {model: list(model.objects.order_by("pk").values()) for model in tables}
    report = load_reference()
    assert not report.changed
    assert {model: list(model.objects.order_by("pk").values()) for model in tables} == before


def test_command_reports_nothing_to_do_on_second_run(reference, capsys):
    call_command("load_compact_reference")
    assert "nothing changed" in capsys.readouterr().out


def test_loader_repairs_an_edited_record(reference):
    Organization.objects.filter(acronym="CTED").update(name="Something else")
    report = load_reference()
    assert report.updated == {"organizations": 1}
    assert Organization.objects.get(acronym="CTED").name == "Counter-Terrorism Committee Executive Directorate"


def _broken_fixture(tmp_path, mutate):
    data = json.loads(DEFAULT_FIXTURE.read_text(encoding="utf-8"))
    mutate(data)
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("mutate", "record", "field"),
    [
        (
            lambda d: d["working_groups"][1]["memberships"].append(
                {"organization": "NOPE", "role": "member", "source": "brochure-2022"}
            ),
            "working_groups[1] BMLE memberships",
            "organization",
        ),
        (
            lambda d: d["working_groups"][0]["memberships"][0].update(role="president"),
            "working_groups[0] PCVE memberships[0]",
            "role",
        ),
        (lambda d: d["member_states"][0].update(iso2="k1"), "member_states[0]", "iso2"),
        (lambda d: d["entities"][0].update(compact_status="partner"), "entities[0]", "compact_status"),
        (lambda d: d["published_figures"][0]["figures"].update(visits="lots"), "published_figures[0]", "visits"),
        (lambda d: d["published_figures"][0].update(as_of="June 2022"), "published_figures[0]", "as_of"),
        (lambda d: d["pillars"][0].update(name="\x00"), "pillars[0]", "name"),
        (lambda d: d["entities"].append(dict(d["entities"][0])), "entities[46]", "acronym"),
    ],
)
def test_malformed_fixture_is_refused_naming_file_record_and_field(db, tmp_path, mutate, record, field):
    path = _broken_fixture(tmp_path, mutate)
    counts = (Organization.objects.count(), WorkingGroupMembership.objects.count(), MetricSnapshot.objects.count())
    with pytest.raises(CommandError) as excinfo:
        call_command("load_compact_reference", fixture=path)
    message = str(excinfo.value)
    assert str(path) in message and record in message and f"'{field}'" in message
    assert "Nothing was loaded" in message
    assert (
        Organization.objects.count(),
        WorkingGroupMembership.objects.count(),
        MetricSnapshot.objects.count(),
    ) == counts


def test_invalid_json_is_refused_with_its_line(db, tmp_path):
    path = tmp_path / "bad.json"
    path.write_text('{"format": 1,\n "sources": }', encoding="utf-8")
    with pytest.raises(CommandError, match=r"bad\.json: line 2"):
        call_command("load_compact_reference", fixture=path)


def test_a_late_database_error_rolls_back_everything(db, tmp_path):
    """A fixture that passes validation but breaks a database rule leaves nothing half-written."""
    WorkingGroupMembership.objects.all().delete()
    WorkingGroup.objects.all().delete()

    def two_groups_with_one_name(d):
        d["working_groups"][1]["short_name"] = d["working_groups"][0]["short_name"]

    path = _broken_fixture(tmp_path, two_groups_with_one_name)
    with pytest.raises(CommandError):
        call_command("load_compact_reference", fixture=path)
    assert WorkingGroup.objects.count() == 0
