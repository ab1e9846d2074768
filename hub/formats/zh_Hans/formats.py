# Django's Simplified Chinese formats, and the hub's own.
WEEKDAY_DATE_FORMAT = "Y年n月j日 l"  # 2027年2月24日 星期三
CLOCK_FORMAT = "H:i"  # Django's TIME_FORMAT: 19:00
