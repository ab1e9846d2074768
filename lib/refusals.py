"""A step the domain refuses, shown to the person as a message rather than an error page."""

from contextlib import contextmanager

from django.contrib import messages


@contextmanager
def refusal_as_message(request, refusal: type[Exception]):
    """A step the domain refuses (its `refusal` exception, such as an app's NotAllowed) shows
    its reason as an error message, and the view carries on past the block, usually to its
    redirect:

        with refusal_as_message(request, services.NotAllowed):
            services.close_request(support_request, request.user)
            messages.success(request, _("The request is closed."))
        return redirect(...)

    The exception is the app's own, passed in, so that this module imports no app.
    """
    try:
        yield
    except refusal as error:
        messages.error(request, str(error))
