from django.urls import path

from accord.knowledge import views

app_name = "knowledge"
urlpatterns = [
    path("surveys/", views.survey_list, name="surveys"),
    path("surveys/import/", views.survey_upload, name="survey_upload"),
    path("surveys/<slug:key>/", views.survey_detail, name="survey"),
    path("surveys/<slug:key>/status/", views.survey_status, name="survey_status"),
    path("surveys/<slug:key>/xlsform.csv", views.survey_xlsform, name="xlsform"),
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
    path("practice/", views.compendium, name="compendium"),
    path("practice/new/", views.practice_submit, name="practice_submit"),
    path("practice/review/", views.practice_review, name="practice_review"),
    path("practice/<int:pk>/", views.practice_entry, name="practice"),
    path("practice/<int:pk>/edit/", views.practice_edit, name="practice_edit"),
    path("practice/<int:pk>/assess/", views.practice_assess, name="practice_assess"),
    path("practice/<int:pk>/decide/", views.practice_decide, name="practice_decide"),
    path("practice/<int:pk>/translate/", views.practice_translate, name="practice_translate"),
    path("glossary/", views.glossary, name="glossary"),
    path("glossary/skos.ttl", views.glossary_skos, name="glossary_skos"),
    path("events/", views.event_list, name="events"),
    path("events/feed.ics", views.event_feed, name="event_feed"),
    path("events/<int:pk>/", views.event_detail, name="event"),
    path(
        "events/<int:pk>/attendance/<int:registration_id>/",
        views.attendance,
        name="attendance",
    ),
    path("campaigns/", views.campaign_list, name="campaigns"),
    path("campaigns/<slug:slug>/", views.campaign_detail, name="campaign"),
]
