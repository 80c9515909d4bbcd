"""Forms of a person's own account: the profile and a new API token."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from platform_app.accounts.models import User
from platform_app.accounts.preferences import preferences
from platform_app.core.forms import SearchableSelectMultiple
from platform_app.core.timezones import PLACE_TIME_ZONES
from platform_app.directory.models import FocalPoint
from platform_app.structure.models import Language, ThematicArea


def time_zone_choices() -> list[tuple[str, str]]:
    return [(zone, zone.replace("_", " ")) for zone in PLACE_TIME_ZONES]


class ProfileForm(forms.Form):
    """The person's own details: account, directory entry (if a focal point) and preferences."""

    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    time_zone = forms.ChoiceField(label=_("Time zone"), help_text=_("Dates and times are shown in this zone."))
    preferred_language = forms.ChoiceField(label=_("Language of the platform"), choices=settings.LANGUAGES)
    notification_frequency = forms.ChoiceField(
        label=_("News of my working groups"), choices=User.NotificationFrequency.choices
    )
    event_reminders = forms.BooleanField(label=_("Remind me of upcoming events"), required=False)

    FOCAL_POINT_FIELDS = (
        "title",
        "job_title",
        "department",
        "email",
        "phone",
        "mobile",
        "city",
        "hide_email",
        "hide_phone",
        "expertise",
        "languages",
    )
    title = forms.CharField(
        label=_("Form of address"), max_length=32, required=False, help_text=_("E.g. Ms., Mr., Dr.")
    )
    job_title = forms.CharField(label=_("Job title"), max_length=200, required=False)
    department = forms.CharField(label=_("Department"), max_length=200, required=False)
    email = forms.EmailField(label=_("Work email shown in the directory"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    mobile = forms.CharField(label=_("Mobile"), max_length=40, required=False)
    city = forms.CharField(label=_("City"), max_length=100, required=False)
    hide_email = forms.BooleanField(label=_("Hide my email from other focal points"), required=False)
    hide_phone = forms.BooleanField(label=_("Hide my phone numbers from other focal points"), required=False)
    expertise = forms.ModelMultipleChoiceField(
        label=_("Areas of expertise"),
        queryset=ThematicArea.objects.all(),
        required=False,
        widget=SearchableSelectMultiple,
    )
    languages = forms.ModelMultipleChoiceField(
        label=_("Working languages"),
        queryset=Language.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, focal_point: FocalPoint | None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].choices = time_zone_choices()
        # The preferences other apps keep (accounts.preferences) come after the account's own.
        fields = list(self.fields.items())
        at = [name for name, _field in fields].index("event_reminders") + 1
        added = [(preference.name, preference.field()) for preference in preferences()]
        self.fields = dict(fields[:at] + added + fields[at:])
        self.focal_point = focal_point
        if focal_point is None:
            for name in self.FOCAL_POINT_FIELDS:
                del self.fields[name]

    def clean_phone(self):
        return _phone(self.cleaned_data["phone"])

    def clean_mobile(self):
        return _phone(self.cleaned_data["mobile"])

    def user_fields(self) -> dict:
        names = (
            "first_name",
            "last_name",
            "time_zone",
            "preferred_language",
            "notification_frequency",
            "event_reminders",
        )
        return {name: self.cleaned_data[name] for name in names}

    def focal_point_fields(self) -> dict:
        if self.focal_point is None:
            return {}
        return {name: self.cleaned_data[name] for name in self.FOCAL_POINT_FIELDS}


def _phone(value: str) -> str:
    allowed = set("0123456789+-() ./x")
    if value and not set(value) <= allowed:
        raise forms.ValidationError(_("Use digits, spaces and + - ( ) . / only."))
    return value


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name of the token"), max_length=100, help_text=_("E.g. the system that will use it.")
    )
    days = forms.IntegerField(
        label=_("Valid for (days)"),
        min_value=1,
        max_value=settings.API_TOKEN_MAX_DAYS,
        initial=settings.API_TOKEN_DEFAULT_DAYS,
    )
