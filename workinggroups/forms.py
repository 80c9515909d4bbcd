"""Forms of the working group spaces. They only read and check input; writes go through services.py."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from platform_app.core.forms import SearchableSelectMultiple
from platform_app.core.l10n import date_text
from platform_app.core.languages import language_form_field
from platform_app.directory.models import Organization
from platform_app.library.models import Document
from workinggroups.keys import MAX_ID, key_of
from workinggroups.models import Meeting, WorkplanActivity

# Long enough for any real message or minutes, short enough that a pasted file is refused.
MAX_TEXT = 20_000
MAX_POSITION = 2_147_483_647


class LocalDateTimeInput(forms.DateTimeInput):
    """The browser's date and time picker; values are read in the viewer's own time zone."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


class PostForm(forms.Form):
    """A new thread (title and message) or, with `parent`, a reply to a thread."""

    title = forms.CharField(label=_("Title"), max_length=255, required=False)
    body = forms.CharField(label=_("Message"), max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 5}))
    language = language_form_field()
    parent = forms.IntegerField(required=False, min_value=1, max_value=MAX_ID, widget=forms.HiddenInput)

    def clean(self):
        data = super().clean()
        if not data.get("parent") and "title" in data and not data["title"]:
            self.add_error("title", _("A new thread needs a title."))
        return data


class ReplyForm(PostForm):
    """The short form under a thread: only the message; the thread is a hidden field."""

    def __init__(self, *args, thread_id: int, **kwargs):
        kwargs.setdefault("auto_id", f"reply-{thread_id}-%s")
        kwargs.setdefault("initial", {"parent": thread_id})
        super().__init__(*args, **kwargs)
        del self.fields["title"]
        # The short form under a thread stays short: a reply's language is detected.
        del self.fields["language"]
        self.fields["body"].label = _("Your reply")
        self.fields["body"].widget.attrs["rows"] = 3


class PostEditForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=255, required=False)
    body = forms.CharField(label=_("Message"), max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 8}))
    language = language_form_field()

    def __init__(self, *args, is_thread: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if is_thread:
            self.fields["title"].required = True
        else:
            del self.fields["title"]


def _checked_id(field: forms.Field, value) -> None:
    """Refuses a key that is not a number a database can hold (SQLite raises OverflowError on larger ones)."""
    if key_of(str(value)) is None:
        raise ValidationError(
            field.error_messages.get("invalid_pk_value", field.error_messages["invalid_choice"]),
            code="invalid_choice",
            params={"pk": value, "value": value},
        )


class CheckedChoiceField(forms.ModelChoiceField):
    """A choice of one row, whose key is checked before the database is asked (`_checked_id`)."""

    def to_python(self, value):
        if value not in self.empty_values:
            _checked_id(self, value)
        return super().to_python(value)


class OrganizationChoiceField(CheckedChoiceField):
    def label_from_instance(self, obj: Organization) -> str:
        return obj.display_name


class ActivityForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=500)
    description = forms.CharField(
        label=_("Description"), max_length=MAX_TEXT, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    lead_organization = OrganizationChoiceField(
        label=_("Lead organization"),
        queryset=Organization.objects.none(),
        required=False,
        empty_label=_("No lead yet"),
        help_text=_("A member organization of this working group."),
    )
    status = forms.ChoiceField(label=_("Status"), choices=WorkplanActivity.Status.choices)
    priority = forms.ChoiceField(label=_("Priority"), choices=WorkplanActivity.Priority.choices)
    due_on = forms.DateField(
        label=_("Due date"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    position = forms.IntegerField(
        label=_("Position in the workplan"),
        min_value=0,
        max_value=MAX_POSITION,
        initial=0,
        help_text=_("Activities are listed by this number, lowest first."),
    )

    def __init__(self, *args, lead_organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_organization"].queryset = lead_organizations

    @staticmethod
    def initial_from(activity: WorkplanActivity) -> dict:
        return {
            "title": activity.title,
            "description": activity.description,
            "lead_organization": activity.lead_organization_id,
            "status": activity.status,
            "priority": activity.priority,
            "due_on": activity.due_on,
            "position": activity.position,
        }


class DocumentChoiceField(forms.ModelMultipleChoiceField):
    def _check_values(self, value):
        if isinstance(value, (list, tuple)):
            for item in value:
                _checked_id(self, item)
        return super()._check_values(value)

    def label_from_instance(self, obj: Document) -> str:
        return f"{obj.title} ({date_text(obj.published_on, 'day')})"


class MeetingForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=500)
    starts_at = forms.DateTimeField(label=_("Starts"), widget=LocalDateTimeInput())
    ends_at = forms.DateTimeField(label=_("Ends"), widget=LocalDateTimeInput())
    location = forms.CharField(label=_("Location"), max_length=255, required=False)
    online_url = forms.URLField(label=_("Online meeting link"), max_length=500, required=False, assume_scheme="https")
    agenda = forms.CharField(
        label=_("Agenda"), max_length=MAX_TEXT, required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    summary = forms.CharField(
        label=_("Summary"), max_length=MAX_TEXT, required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    documents = DocumentChoiceField(
        label=_("Documents"),
        queryset=Document.objects.none(),
        required=False,
        widget=SearchableSelectMultiple,
        help_text=_("Documents of this working group that you can see."),
    )

    def __init__(self, *args, documents, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["documents"].queryset = documents
        zone = timezone.get_current_timezone_name()
        for name in ("starts_at", "ends_at"):
            self.fields[name].help_text = _("Date and time in your time zone (%(zone)s).") % {"zone": zone}

    def clean(self):
        data = super().clean()
        starts_at, ends_at = data.get("starts_at"), data.get("ends_at")
        if starts_at and ends_at and ends_at < starts_at:
            self.add_error("ends_at", _("The meeting cannot end before it starts."))
        return data

    @staticmethod
    def initial_from(meeting) -> dict:
        return {
            "title": meeting.title,
            "starts_at": meeting.starts_at,
            "ends_at": meeting.ends_at,
            "location": meeting.location,
            "online_url": meeting.online_url,
            "agenda": meeting.agenda,
            "summary": meeting.summary,
        }


class ShowcaseRequestForm(forms.Form):
    """A Member State asks to present its counter-terrorism efforts at a meeting of the group."""

    title = forms.CharField(
        label=_("What your State would present"),
        max_length=255,
        help_text=_("A short title, such as the programme or practice you would present."),
    )
    summary = forms.CharField(
        label=_("Summary"),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("The efforts you would present, what the group could learn from them, and who would speak."),
    )
    preferred_period = forms.CharField(
        label=_("Preferred period"),
        max_length=255,
        required=False,
        help_text=_("Optional. For example: “the first half of next year”."),
    )


class MeetingChoiceField(CheckedChoiceField):
    def label_from_instance(self, obj: Meeting) -> str:
        return f"{obj.title} ({date_text(timezone.localtime(obj.starts_at), 'day_time')})"


class ShowcaseScheduleForm(forms.Form):
    """A leader schedules the showcase as an item of one of the group's meetings still to come."""

    meeting = MeetingChoiceField(
        label=_("Meeting"),
        queryset=Meeting.objects.none(),
        empty_label=_("Choose a meeting"),
        help_text=_("Meetings of this working group that have not started yet."),
    )
    title = forms.CharField(
        label=_("Agenda item title"),
        max_length=500,
        required=False,
        help_text=_("Optional. Left empty, the item is named after the State and its request."),
    )
    duration_minutes = forms.IntegerField(label=_("Duration in minutes"), min_value=1, max_value=600, required=False)

    def __init__(self, *args, meetings, **kwargs):
        kwargs.setdefault("auto_id", "schedule-%s")
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings


class ShowcaseDeclineForm(forms.Form):
    decision_note = forms.CharField(
        label=_("Reason"),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The State reads it."),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "decline-%s")
        super().__init__(*args, **kwargs)
