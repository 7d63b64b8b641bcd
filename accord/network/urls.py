from django.urls import path

from accord.network import views

app_name = "network"
urlpatterns = [
    path("reports/", views.reports, name="reports"),
    path("reports/<str:uid>/", views.report_detail, name="report"),
    path("reports/<str:uid>/approve/", views.report_approve, name="report_approve"),
    path("reports/<str:uid>/send/", views.report_send, name="report_send"),
    path("members/", views.member_list, name="members"),
    path("members/<slug:slug>/", views.member_detail, name="member"),
    path("members/<slug:slug>/edit/", views.member_edit, name="member_edit"),
    path("compare/", views.compare, name="compare"),
    path("compare/chart.svg", views.compare_chart, name="compare_chart"),
    path("compare/export.<str:kind>", views.export, name="export"),
    path("barometer/", views.barometer_page, name="barometer"),
    path("barometer/print.pdf", views.barometer_print, name="barometer_pdf"),
    path("barometer/chart.svg", views.barometer_chart, name="barometer_chart"),
    path("barometer/figures/", views.area_figures, name="area_figures"),
]
