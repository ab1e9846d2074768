# Django's Welsh formats, and the hub's own.
WEEKDAY_DATE_FORMAT = "l j F Y"  # Dydd Mercher 24 Chwefror 2027
CLOCK_FORMAT = "P"  # Django's TIME_FORMAT: 7 y.h., 10:30 y.b., canol dydd
