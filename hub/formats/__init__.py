"""Dates, times and numbers in each language the hub speaks (settings.FORMAT_MODULE_PATH).

Django looks here first and then in its own django/conf/locale/<lang>/formats.py, so each
module sets only what the hub changes or adds:

- the hub's own named formats, which every language defines (a test holds it):
  WEEKDAY_DATE_FORMAT, a day as people read it on a page or leaflet ("Wednesday 24
  February 2027"), and CLOCK_FORMAT, a time of day ("7pm" in English, "19:00" in Polish);
- English's DATE_FORMAT and the like, where the hub has always written "24 February 2027"
  and Django's en_GB would write "24 Feb 2027";
- everything for Urdu and Punjabi, which Django ships no formats for (it would fall back to
  American "Feb. 24, 2027" and "7 p.m.").

Digits stay 0-9 in every language, as the translators were told and the groups write
them (Django never changes digits; no Babel). Templates name a format
(|date:"WEEKDAY_DATE_FORMAT", |date:"DATE_FORMAT") and never spell one out
(hub/tests/test_formats.py); times go through {{ value|time_of_day }} (lib/dates.py,
which also writes English's “7pm”: UK_CLOCK).
"""
