"""Forms of a Member State's page: the overview, an entry with its files, a moderation."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from platform_app.core.forms import MAX_TEXT, MultipleFileField, SearchableSelectMultiple, _model, _models, shown_when
from platform_app.core.languages import language_form_field
from platform_app.core.uploads import validate_upload
from platform_app.countries.models import CountryEntry
from platform_app.directory.models import Organization
from platform_app.structure.forms import pillar_label
from platform_app.structure.models import Pillar, ThematicArea


class OverviewForm(forms.Form):
    overview = forms.CharField(
        label=_("Overview"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("The State's counter-terrorism efforts in a few paragraphs. Every focal point reads it."),
    )


class EntryForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=CountryEntry.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=255)
    text = forms.CharField(label=_("Text"), max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 8}))
    language = language_form_field()
    dated_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    pillar = _model(Pillar.objects.order_by("number"), _("Pillar of the Global Strategy"), required=False)
    thematic_area = _model(ThematicArea.objects.order_by("name"), _("Thematic area"), required=False)
    audience = forms.ChoiceField(
        label=_("Who may read it"),
        choices=CountryEntry.Audience.choices,
        widget=forms.RadioSelect,
        initial=CountryEntry.Audience.PLATFORM,
    )
    allowed_organizations = _models(
        Organization.objects.filter(is_active=True).order_by("kind", "name"),
        _("Named organizations"),
        help_text=_("Only for “Named organizations only”."),
        widget=SearchableSelectMultiple(attrs=shown_when("audience", CountryEntry.Audience.NAMED)),
    )
    attachments = MultipleFileField(
        label=_("Attach files"),
        required=False,
        help_text=_("PDF, Word, Excel, PowerPoint or images; 25 MB each."),
        validators=[validate_upload],
    )
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pillar"].label_from_instance = pillar_label

    @classmethod
    def for_entry(cls, entry: CountryEntry) -> EntryForm:
        return cls(
            initial={
                "kind": entry.kind,
                "title": entry.title,
                "text": entry.text,
                "language": entry.language,
                "dated_on": entry.dated_on,
                "pillar": entry.pillar_id,
                "thematic_area": entry.thematic_area_id,
                "audience": entry.audience,
                "allowed_organizations": list(entry.allowed_organizations.values_list("pk", flat=True)),
                "revision": entry.revision,
            }
        )


class ModerationForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The State reads it; it is kept in the entry's history."),
    )
