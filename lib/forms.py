"""What every form view does the same way."""

from dataclasses import dataclass


def form_data(request):
    """The submitted data for a form, or None for a GET. A form sent empty is still bound,
    so it is checked and its errors shown, never taken for a first visit."""
    return request.POST if request.method == "POST" else None


@dataclass
class Sent:
    """What became of a public form: `done` with what was made, or a `refusal` to show."""

    done: bool = False
    made: object = None
    refusal: str | None = None


def send_public_form(request, form, act, refused: type[Exception], spam_refusal) -> Sent:
    """The public forms' one way to be sent: a form whose trap field is filled (`form.is_spam`)
    gets `spam_refusal`; a valid one is handed to `act(cleaned_data)`, and `refused` raised
    there (a limit, a closed group) becomes the refusal shown. Nothing is done on a GET, or
    when the form has errors to show."""
    if request.method != "POST":
        return Sent()
    if form.is_spam:
        return Sent(refusal=str(spam_refusal))
    if not form.is_valid():
        return Sent()
    try:
        return Sent(done=True, made=act(form.cleaned_data))
    except refused as error:
        return Sent(refusal=str(error))
