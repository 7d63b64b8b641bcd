from django.urls import path

from accord.risk import views

app_name = "risk"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("chart.svg", views.chart, name="chart"),
    path("new/", views.start, name="start"),
    path("compare/", views.compare, name="compare"),
    path("circumstances/", views.circumstances, name="circumstances"),
    path("<uuid:uid>/", views.assessment, name="assessment"),
]
