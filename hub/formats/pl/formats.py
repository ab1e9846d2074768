# Django's Polish formats, and the hub's own.
WEEKDAY_DATE_FORMAT = "l, j E Y"  # Środa, 24 lutego 2027 (the month in the genitive)
CLOCK_FORMAT = "H:i"  # Django's TIME_FORMAT: 19:00
