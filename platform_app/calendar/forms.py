"""Forms of the joint calendar: adding an event. (The pages' filters are in platform_app.calendar.filters.)"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from platform_app.calendar.ical import zone_of
from platform_app.calendar.models import Event
from platform_app.core.forms import SearchableSelectMultiple, shown_when
from platform_app.core.models import Visibility
from platform_app.core.timezones import ALL_TIME_ZONES
from platform_app.core.viewer import viewer_for
from platform_app.directory.models import Organization
from platform_app.structure.forms import pillar_label
from platform_app.structure.models import Pillar, ThematicArea, WorkingGroup
from platform_app.structure.policies import writable_groups

# Dates outside these years are typing mistakes, and near the ends of the calendar (year 1, 9999)
# converting between zones would overflow.
MIN_YEAR = 1900


MAX_YEAR = 2200


MAX_TEXT = 20_000


MAX_ID = 2**63 - 1


# Offered first in the zone list; any other IANA zone is in the full list below them.
COMMON_ZONES = (
    "UTC",
    "America/New_York",
    "Europe/Zurich",  # Geneva
    "Europe/Vienna",
    "Europe/Brussels",
    "Europe/London",
    "Africa/Nairobi",
    "Africa/Addis_Ababa",
    "Africa/Cairo",
    "Asia/Riyadh",
    "Asia/Qatar",
    "Asia/Dubai",
    "Asia/Bangkok",
    "Asia/Tokyo",
    "Australia/Sydney",
)


def zone_choices() -> list:
    return [
        (_("Common zones"), [(name, name) for name in COMMON_ZONES]),
        (_("All zones"), [(name, name) for name in ALL_TIME_ZONES]),
    ]


def check_year(value: date | datetime | None) -> None:
    if value is not None and not MIN_YEAR <= value.year <= MAX_YEAR:
        raise ValidationError(
            _("Enter a date between the years %(first)s and %(last)s."),
            code="out_of_range",
            params={"first": MIN_YEAR, "last": MAX_YEAR},
        )


class GroupChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: WorkingGroup) -> str:
        return f"{obj.short_name} — {obj.name}"


def _datetime_field(label) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"],
    )


class BoundedMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Objects by id; an id that is not a whole number within the database's range is refused here,
    as SQLite cannot even compare it (OverflowError)."""

    def _check_values(self, value):
        for pk in value:
            text = str(pk)
            if not text.isascii() or not text.isdigit() or int(text) > MAX_ID:
                raise ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": pk}
                )
        return super()._check_values(value)


class PillarMultipleChoiceField(BoundedMultipleChoiceField):
    def label_from_instance(self, obj: Pillar) -> str:
        return pillar_label(obj)


class OrganizationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Organization) -> str:
        return obj.display_name


class OrganizationMultipleChoiceField(BoundedMultipleChoiceField):
    def label_from_instance(self, obj: Organization) -> str:
        return obj.display_name


class EventForm(forms.Form):
    """A new event. Start and end are typed in the viewer's own zone (the one their profile names);
    the event's zone is the venue's, used to show the event's local time and its days when all day."""

    title = forms.CharField(label=_("Title"), max_length=500)
    kind = forms.ChoiceField(label=_("Kind"), choices=Event.Kind.choices, initial=Event.Kind.MEETING)
    starts_at = _datetime_field(_("Starts"))
    ends_at = _datetime_field(_("Ends"))
    all_day = forms.BooleanField(
        label=_("All day"),
        required=False,
        help_text=_("The event takes whole days at its venue: only the dates of the start and end count."),
    )
    time_zone = forms.ChoiceField(
        label=_("Time zone of the venue"), help_text=_("An IANA time zone, for example Europe/Vienna.")
    )
    location = forms.CharField(label=_("Location"), max_length=255, required=False)
    online_url = forms.URLField(label=_("Online link"), max_length=500, required=False, assume_scheme="https")
    working_group = GroupChoiceField(label=_("Working group"), queryset=WorkingGroup.objects.none())
    organization = OrganizationChoiceField(
        label=_("On behalf of"),
        queryset=Organization.objects.none(),
        help_text=_("The organizing organization."),
    )
    pillars = PillarMultipleChoiceField(
        label=_("Pillars"), queryset=Pillar.objects.all(), required=False, widget=forms.CheckboxSelectMultiple
    )
    themes = BoundedMultipleChoiceField(
        label=_("Themes"), queryset=ThematicArea.objects.all(), required=False, widget=SearchableSelectMultiple
    )
    countries = OrganizationMultipleChoiceField(
        label=_("Member States concerned"),
        queryset=Organization.objects.none(),
        required=False,
        widget=SearchableSelectMultiple,
    )
    visibility = forms.ChoiceField(
        label=_("Who may see it"),
        choices=Visibility.choices,
        initial=Visibility.PLATFORM,
        widget=forms.RadioSelect,
        help_text=_("The Secretariat and the organizing organization always see it."),
    )
    allowed_organizations = OrganizationMultipleChoiceField(
        label=_("Organizations that may see it"),
        queryset=Organization.objects.none(),
        required=False,
        help_text=_("Only when it is shared with named organizations."),
        widget=SearchableSelectMultiple(attrs=shown_when("visibility", Visibility.RESTRICTED)),
    )
    description = forms.CharField(label=_("Description"), max_length=MAX_TEXT, required=False, widget=forms.Textarea)

    def __init__(self, data=None, *, user, **kwargs):
        super().__init__(data, **kwargs)
        viewer = viewer_for(user)
        self.fields["time_zone"].choices = zone_choices()
        self.fields["time_zone"].initial = getattr(user, "time_zone", "") or "UTC"
        groups = self.fields["working_group"]
        groups.queryset = writable_groups(user)
        # The Secretariat may add an event outside any group; focal points add to one of theirs.
        groups.required = not viewer.is_secretariat
        if viewer.is_secretariat:
            groups.empty_label = _("None")
            organizations = Organization.objects.visible_to(user).order_by("name")
            self.fields["organization"].queryset = organizations
            # A Secretariat account that is not itself a focal point names the organizer.
            self.fields["organization"].required = viewer.organization_id is None
        else:
            del self.fields["organization"]
        self.fields["countries"].queryset = (
            Organization.objects.visible_to(user).filter(kind=Organization.Kind.MEMBER_STATE).order_by("name")
        )
        self.fields["allowed_organizations"].queryset = Organization.objects.visible_to(user).order_by("name")

    def clean_starts_at(self):
        value = self.cleaned_data["starts_at"]
        check_year(value)
        return value

    def clean_ends_at(self):
        value = self.cleaned_data["ends_at"]
        check_year(value)
        return value

    def clean(self):
        data = super().clean()
        starts_at, ends_at = data.get("starts_at"), data.get("ends_at")
        if starts_at is None or ends_at is None:
            return data
        if not data.get("all_day"):
            if ends_at < starts_at:
                self.add_error("ends_at", _("The event cannot end before it starts."))
            return data
        # Whole days at the venue: from the first day's midnight to the midnight after the last.
        first = timezone.localtime(starts_at).date()
        last = timezone.localtime(ends_at).date()
        if last < first:
            self.add_error("ends_at", _("The event cannot end before it starts."))
            return data
        zone = zone_of(data.get("time_zone", ""))
        if zone is not None:
            data["starts_at"] = datetime.combine(first, time.min, tzinfo=zone)
            data["ends_at"] = datetime.combine(last + timedelta(days=1), time.min, tzinfo=zone)
        return data

    def service_arguments(self) -> dict:
        """The keyword arguments of `services.event_create`."""
        data = self.cleaned_data
        restricted = data["visibility"] == Visibility.RESTRICTED
        arguments = {
            "title": data["title"],
            "kind": data["kind"],
            "starts_at": data["starts_at"],
            "ends_at": data["ends_at"],
            "all_day": data["all_day"],
            "time_zone": data["time_zone"],
            "location": data["location"],
            "online_url": data["online_url"],
            "working_group": data["working_group"],
            "pillars": data["pillars"],
            "themes": data["themes"],
            "countries": data["countries"],
            "visibility": data["visibility"],
            "allowed_organizations": data["allowed_organizations"] if restricted else [],
            "description": data["description"],
        }
        if data.get("organization") is not None:
            arguments["organization"] = data["organization"]
        return arguments
