# CLDR separates thousands with a narrow no-break space (1 234,5); Django's module uses a full one.
THOUSAND_SEPARATOR = "\u202f"

# Django's "M" cuts juin and juillet alike to "Jui"; "N" writes CLDR's abbreviations (juin, juil.).
DATE_STYLES = {
    "day": "j N Y",  # 4 juin 2025
    "day_time": "j N Y, H:i",  # 4 juin 2025, 14:00
    "date": "j F Y",  # 4 juin 2025
    "weekday": "l j F Y",  # mercredi 4 juin 2025
    "weekday_time": "l j F Y, H:i",  # mercredi 4 juin 2025, 14:00
    "month": "F Y",  # juin 2025
    "month_short": "N Y",  # juil. 2025
    "time": "H:i",
}
