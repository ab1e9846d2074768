from django.urls import path

from . import views

app_name = "enquiries"
urlpatterns = [
    path("contact/", views.contact, name="contact"),
    path("contact/sent/", views.sent, name="sent"),
    path("groups/<slug:slug>/report-a-problem/", views.report_problem, name="report-problem"),
    path("groups/<slug:slug>/listing-problems/", views.group_problems, name="group-problems"),
    path("groups/<slug:slug>/listing-problems/<int:pk>/done/", views.group_problem_done, name="group-problem-done"),
    path("staff/enquiries/", views.staff_enquiries, name="staff-enquiries"),
    path("staff/enquiries/<str:reference>/", views.staff_enquiry, name="staff-enquiry"),
    path("staff/listing-problems/", views.staff_problems, name="staff-problems"),
    path("staff/listing-problems/<int:pk>/", views.staff_problem, name="staff-problem"),
]
