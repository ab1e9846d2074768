# Django's Bengali formats, and the hub's own. Digits stay 0-9 (lib/dates.py).
WEEKDAY_DATE_FORMAT = "l, j F, Y"  # বুধবার, 24 ফেব্রুয়ারি, 2027
CLOCK_FORMAT = "g:i A"  # Django's TIME_FORMAT: 7:00 অপরাহ্ন
# Django's Bengali has no date-and-time formats (it would fall back to American ones).
DATETIME_FORMAT = "j F, Y, g:i A"  # 24 ফেব্রুয়ারি, 2027, 7:05 অপরাহ্ন
SHORT_DATETIME_FORMAT = "j M, Y, g:i A"
