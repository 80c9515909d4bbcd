# CLDR: a point between thousands (1.234,5), and none in a number of four digits (3670, but 40.700).
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = 3
# Read by platform_app.core.l10n.figure: Django's own formatting has no such rule.
MINIMUM_GROUPING_DIGITS = 2

DATE_STYLES = {
    "day": "j b Y",  # 4 jun 2025
    "day_time": "j b Y, H:i",
    "date": r"j \d\e F \d\e Y",  # 4 de junio de 2025
    "weekday": r"l, j \d\e F \d\e Y",  # miércoles, 4 de junio de 2025
    "weekday_time": r"l, j \d\e F \d\e Y, H:i",
    "month": r"F \d\e Y",  # junio de 2025
    "month_short": "b Y",  # jun 2025
    "time": "H:i",
}
