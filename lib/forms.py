"""What every form view does the same way."""


def form_data(request):
    """The submitted data for a form, or None for a GET. A form sent empty is still bound,
    so it is checked and its errors shown, never taken for a first visit."""
    return request.POST if request.method == "POST" else None
