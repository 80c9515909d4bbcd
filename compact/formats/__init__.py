"""The platform's own format modules (FORMAT_MODULE_PATH), read before Django's for each language.

Each `<locale>/formats.py` sets only what Django's module for that language gets wrong or lacks, following
CLDR with Latin digits: the separators and grouping of numbers, and DATE_STYLES, the patterns of the dates
pages write (platform_app.core.l10n). Whatever a module leaves out comes from Django's.
"""
