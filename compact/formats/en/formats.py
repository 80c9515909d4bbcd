# English as the United Nations writes it: the day before the month (4 Jun 2025), times on 24 hours.
# Django's separators for English (1,234.5) are CLDR's already.

DATE_STYLES = {
    "day": "j M Y",  # 4 Jun 2025
    "day_time": "j M Y H:i",  # 4 Jun 2025 14:00
    "date": "j F Y",  # 4 June 2025
    "weekday": "l j F Y",  # Wednesday 4 June 2025
    "weekday_time": "l j F Y, H:i",  # Wednesday 4 June 2025, 14:00
    "month": "F Y",  # June 2025
    "month_short": "M Y",  # Jun 2025
    "time": "H:i",  # 14:00
}
