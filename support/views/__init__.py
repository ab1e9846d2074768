"""Pages of the support exchange, by audience: a group's own pages (group.py), the pages of
practitioners and their agencies (practitioner.py), staff pages (staff.py), and pages both
sides of an arrangement use (shared.py).

Who may see what is decided in permissions.py; the steps themselves are in services.py.
Each view: form → service → message → redirect.
"""
