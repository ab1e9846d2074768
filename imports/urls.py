from django.urls import path

from . import views

app_name = "imports"
urlpatterns = [
    path("", views.history, name="history"),
    path("new/", views.new, name="new"),
    path("template.<str:kind>", views.template, name="template"),
    path("<int:pk>/", views.run_page, name="run"),
    path("<int:pk>/columns/", views.columns, name="columns"),
    path("<int:pk>/preview/", views.preview, name="preview"),
    path("<int:pk>/start/", views.start, name="start"),
    path("<int:pk>/report.csv", views.report_csv, name="report-csv"),
]
