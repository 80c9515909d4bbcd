"""The names kept in each of the six official languages (django-modeltranslation finds this module by its
name in every installed app, when it starts, before the admin looks at the models).

Each registered field gets a column per language of settings.MODELTRANSLATION_LANGUAGES (`name_en`,
`name_fr`, `name_es`, `name_ru`, `name_zh_hans`, `name_ar`), and reading `name` gives the reader's, or the
English one where it is missing. English is required; a missing translation is stored as NULL, not as
text, so that the per-language unique constraints never see two empty names. The reference loader fills
them (platform_app/reference/loader.py): Member States and languages from CLDR, the Compact's bodies from
platform_app/reference/translated_names.json. What the project adds to modeltranslation (order, the
original column, history) is in platform_app/reference/multilingual.py.
"""

import warnings

from modeltranslation.translator import TranslationOptions, register

from platform_app.directory.models import Organization
from platform_app.reference import multilingual
from platform_app.structure.models import Language, Pillar, ThematicArea, WorkingGroup


class NameOptions(TranslationOptions):
    fields = ("name",)
    required_languages = ("en",)
    empty_values = None


class OrganizationOptions(NameOptions):
    # The acronym where a language writes it otherwise (ONUDC for UNODC); else the English one is read.
    fields = ("name", "acronym")


with warnings.catch_warnings():
    # The index on (kind, name) gets one per language; modeltranslation names the Chinese one anew, as
    # "…-zh-hans" would be too long, and says so at every start.
    warnings.filterwarnings("ignore", message="Index name .* exceeds 30 characters", category=UserWarning)
    register(Organization)(OrganizationOptions)


@register(WorkingGroup)
class WorkingGroupOptions(NameOptions):
    """The short name (PCVE) stays as it is: it is the group's address."""


@register(Pillar)
class PillarOptions(NameOptions):
    pass


@register(ThematicArea)
class ThematicAreaOptions(NameOptions):
    pass


@register(Language)
class LanguageOptions(NameOptions):
    pass


multilingual.install([Organization, WorkingGroup, Pillar, ThematicArea, Language])
