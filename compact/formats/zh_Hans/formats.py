# CLDR groups Chinese numbers by thousands with a comma (1,234,567), as Chinese UN documents do; Django's
# module groups by ten thousands with no separator at all, so that figures were written bare.
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3

DATE_STYLES = {
    "day": "Y年n月j日",  # 2025年6月4日
    "day_time": "Y年n月j日 H:i",
    "date": "Y年n月j日",
    "weekday": "Y年n月j日l",  # 2025年6月4日星期三
    "weekday_time": "Y年n月j日l H:i",
    "month": "Y年n月",  # 2025年6月
    "month_short": "Y年n月",
    "time": "H:i",
}
