# Arabic with Latin digits, as the United Nations' Arabic documents write numbers: CLDR's symbols for
# them are "." for decimals and "," between thousands (1,234.5). Django's module has them the other way
# round and no grouping at all, so that 407000 was written without a separator.
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3

# Arabic months have no abbreviation: short and long dates are alike.
DATE_STYLES = {
    "day": "j F Y",  # 4 يونيو 2025
    "day_time": "j F Y، H:i",
    "date": "j F Y",
    "weekday": "l، j F Y",  # الأربعاء، 4 يونيو 2025
    "weekday_time": "l، j F Y، H:i",
    "month": "F Y",
    "month_short": "F Y",
    "time": "H:i",
}
# Django's module has no DATETIME_FORMAT, which left the admin on the English default.
DATETIME_FORMAT = "j F Y، H:i"
