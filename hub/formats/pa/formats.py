# Django ships no Punjabi formats (it would fall back to American ones), so all are here.
# Times are on the 24-hour clock: Django's Punjabi "PM" is ਸ਼ਾਮ (evening), wrong for 1:30pm.
DATE_FORMAT = "j F Y"  # 24 ਫਰਵਰੀ 2027
TIME_FORMAT = "H:i"  # 19:00
DATETIME_FORMAT = "j F Y, H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
FIRST_DAY_OF_WEEK = 1  # Monday, as in the UK
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
WEEKDAY_DATE_FORMAT = "l, j F Y"  # ਬੁੱਧਵਾਰ, 24 ਫਰਵਰੀ 2027
CLOCK_FORMAT = TIME_FORMAT
