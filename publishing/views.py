def group_calendar(request, slug): pass
