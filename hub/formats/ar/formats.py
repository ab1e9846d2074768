# Django's Arabic formats, and the hub's own. Digits stay 0-9.
WEEKDAY_DATE_FORMAT = "l، j F Y"  # الأربعاء، 24 فبراير 2027
CLOCK_FORMAT = "g:i A"  # Django's TIME_FORMAT: 7:00 م
# Django's Arabic has no date-and-time formats (it would fall back to American ones).
DATETIME_FORMAT = "j F، Y، g:i A"  # 24 فبراير، 2027، 7:05 م
SHORT_DATETIME_FORMAT = "d‏/m‏/Y، g:i A"
