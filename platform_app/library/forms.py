"""Forms of the thematic resource library: sharing a document, adding a version (the search's filters are
platform_app.library.filters)."""

from __future__ import annotations

import datetime

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from platform_app.core.forms import SearchableSelectMultiple, shown_when
from platform_app.core.languages import DETECT
from platform_app.core.models import Visibility
from platform_app.core.uploads import ALLOWED, validate_upload
from platform_app.core.viewer import viewer_for
from platform_app.directory.models import Organization
from platform_app.library.models import Document, DocumentVersion
from platform_app.structure.forms import PillarMultipleChoiceField
from platform_app.structure.models import Language, Pillar, ThematicArea

MAX_DESCRIPTION = 20_000


WRITABLE_GROUPS_HELP = _("Only the working groups your organization belongs to as a member or chair are listed.")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        # The browser's date picker sends and expects ISO dates, whatever the language.
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class WorkingGroupChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.short_name} — {obj.name}"


class OrganizationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.display_name


class OrganizationsChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.display_name


def _file_help() -> str:
    return _("Accepted: %(types)s; at most %(size)s.") % {
        "types": ", ".join(sorted(ALLOWED)),
        "size": filesizeformat(settings.API_MAX_UPLOAD_BYTES),
    }


class CheckedFileField(forms.FileField):
    """A file the library accepts: an allowed extension, content matching it, within the size limit."""

    default_validators = [validate_upload]

    def __init__(self, **kwargs):
        max_length = DocumentVersion._meta.get_field("original_filename").max_length
        super().__init__(max_length=max_length, allow_empty_file=False, **kwargs)


class DocumentUploadForm(forms.Form):
    """What `services.document_create` needs, from a person sharing a document."""

    file = CheckedFileField(label=_("File"))
    title = forms.CharField(label=_("Title"), max_length=Document._meta.get_field("title").max_length)
    description = forms.CharField(
        label=_("Description"), required=False, max_length=MAX_DESCRIPTION, widget=forms.Textarea(attrs={"rows": 5})
    )
    document_type = forms.ChoiceField(label=_("Type of document"), choices=Document.Type.choices)
    language = forms.ModelChoiceField(Language.objects.all(), label=_("Language"), required=False, empty_label=DETECT)
    published_on = forms.DateField(
        label=_("Date of the document"), widget=DateInput(), help_text=_("When the document itself was issued.")
    )
    themes = forms.ModelMultipleChoiceField(
        ThematicArea.objects.all(), label=_("Thematic areas"), required=False, widget=SearchableSelectMultiple
    )
    pillars = PillarMultipleChoiceField(
        Pillar.objects.all(),
        label=_("Pillars of the Global Counter-Terrorism Strategy"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    working_group = WorkingGroupChoiceField(None, label=_("Working group"), help_text=WRITABLE_GROUPS_HELP)
    organization = OrganizationChoiceField(
        None, label=_("Shared on behalf of"), help_text=_("The organization that owns the document.")
    )
    visibility = forms.ChoiceField(
        label=_("Who may see it"), choices=Visibility.choices, initial=Visibility.PLATFORM, widget=forms.RadioSelect
    )
    allowed_organizations = OrganizationsChoiceField(
        None,
        label=_("Organizations that may see it"),
        required=False,
        help_text=_("Only for “Named organizations only”. The Secretariat and your organization always see it."),
        widget=SearchableSelectMultiple(attrs=shown_when("visibility", Visibility.RESTRICTED)),
    )
    version_note = forms.CharField(
        label=_("Note on this version"),
        required=False,
        max_length=DocumentVersion._meta.get_field("note").max_length,
    )

    def __init__(self, *args, user, working_groups, **kwargs):
        super().__init__(*args, **kwargs)
        viewer = viewer_for(user)
        organizations = Organization.objects.visible_to(user).order_by("name")
        self.fields["file"].help_text = _file_help()
        self.fields["working_group"].queryset = working_groups
        self.fields["allowed_organizations"].queryset = organizations
        self.fields["published_on"].initial = datetime.date.today
        self.fields["document_type"].initial = Document.Type.REPORT
        if viewer.is_secretariat:
            # The Secretariat shares on behalf of any organization, with or without a working group.
            self.fields["organization"].queryset = organizations
            self.fields["organization"].initial = (
                organizations.filter(acronym="UNOCT").values_list("pk", flat=True).first
            )
        else:
            # Focal points always share on behalf of their own organization.
            del self.fields["organization"]
        # A working group is needed only to share with that group's members.
        self.fields["working_group"].required = False
        self.fields["working_group"].help_text = _(
            "Optional; needed to share with a working group's members. "
            "You may choose the groups your organization chairs or is a member of."
        )

    def service_arguments(self) -> dict:
        data = dict(self.cleaned_data)
        if data["visibility"] != Visibility.RESTRICTED:
            data["allowed_organizations"] = []
        return data


class NewVersionForm(forms.Form):
    file = CheckedFileField(label=_("File"))
    note = forms.CharField(
        label=_("What changed in this version"),
        required=False,
        max_length=DocumentVersion._meta.get_field("note").max_length,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _file_help()
