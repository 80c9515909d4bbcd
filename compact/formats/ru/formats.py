# Django's separators for Russian (1 234,5) are CLDR's already. A day takes the month in the genitive
# ("4 июня 2025"): Django has no abbreviation of it, so short dates are written in full. CLDR's
# abbreviation of "year" after the year is left out, as many UN texts do: a sentence ending with a date
# would end in two full stops.
DATE_STYLES = {
    "day": "j E Y",  # 4 июня 2025
    "day_time": "j E Y, H:i",
    "date": "j E Y",
    "weekday": "l, j E Y",  # Среда, 4 июня 2025
    "weekday_time": "l, j E Y, H:i",
    "month": "F Y",  # Июнь 2025
    "month_short": "N Y",  # Дек. 2025
    "time": "H:i",
}
