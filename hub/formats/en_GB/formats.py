from lib.dates import UK_CLOCK

# The hub has always written dates in full in English: "24 February 2027" (Django's en_GB
# has "24 Feb 2027"); tables keep the short month.
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATE_FORMAT = "j M Y"
SHORT_DATETIME_FORMAT = "j M Y, H:i"
WEEKDAY_DATE_FORMAT = "l j F Y"  # Wednesday 24 February 2027
CLOCK_FORMAT = UK_CLOCK  # 7pm, 10:30am, 12 noon
