"""Numbers as the reader's language writes them (hub/formats/): the decimal point and the
thousands separator follow the language; the digits stay 0-9 in every language."""

import decimal

from django.utils import formats


def pounds(amount) -> str:
    """£2.50, £3, £1,500 in English; £2,50 and £1 500 in Polish. The pound sign stays in front
    in every language: it is the currency people pay in, whatever they read."""
    amount = decimal.Decimal(amount)
    whole = amount == amount.to_integral_value()
    return "£" + formats.number_format(amount, decimal_pos=0 if whole else 2, force_grouping=True)


def decimal_number(value: float) -> str:
    """2.5 in English, 2,5 in Polish; a whole number without its “.0”."""
    return formats.number_format(int(value) if value == int(value) else value)


def count(value) -> str:
    """A count as the reader's language groups its thousands: 1,537 in English, 1 537 in
    Polish. Anything but a whole number is left as it is (“fewer than 5”)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return formats.number_format(value, force_grouping=True)
    return value
