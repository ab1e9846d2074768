def home(r): pass
def search_groups(r): pass
def categories(r): pass
def group_detail(r, slug): pass
