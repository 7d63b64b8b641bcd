from django.urls import path

from accord.knowledge import views

app_name = "knowledge"
urlpatterns = [
    path("surveys/", views.survey_list, name="surveys"),
    path("surveys/<slug:key>/", views.survey_detail, name="survey"),
    path("surveys/<slug:key>/status/", views.survey_status, name="survey_status"),
    path("surveys/<slug:key>/answer/<int:organisation_id>/", views.survey_answer, name="answer"),
    path("surveys/<slug:key>/code/<slug:question_key>/", views.question_coding, name="coding"),
    path(
        "surveys/<slug:key>/code/<slug:question_key>/codebook/",
        views.category_add,
        name="category_add",
    ),
    path(
        "surveys/<slug:key>/code/<slug:question_key>/<int:answer_id>/",
        views.answer_code,
        name="answer_code",
    ),
    path("surveys/<slug:key>/report/", views.survey_report, name="report"),
    path("surveys/<slug:key>/report.csv", views.survey_report_csv, name="report_csv"),
    path("surveys/<slug:key>/report.pdf", views.survey_report_pdf, name="report_pdf"),
    path("surveys/<slug:key>/report/<slug:question_key>.svg", views.report_chart, name="chart"),
]
