from django.urls import path

from accord.cases import views

app_name = "cases"
urlpatterns = [
    path("", views.caseload, name="caseload"),
    # Before "<reference>/": "new" is not a reference.
    path("new/", views.case_open, name="open"),
    path("<str:reference>/", views.case_detail, name="case"),
    path("<str:reference>/reveal-address/", views.address_reveal, name="reveal_address"),
    path("<str:reference>/notes/", views.note_add, name="note_add"),
    path("<str:reference>/incidents/", views.incident_add, name="incident_add"),
    path("<str:reference>/tasks/", views.task_add, name="task_add"),
    path("<str:reference>/tasks/<int:task_id>/done/", views.task_done, name="task_done"),
    path("<str:reference>/edit/", views.case_edit, name="edit"),
    path("<str:reference>/close/", views.case_close, name="close"),
    path("<str:reference>/person/", views.person_edit, name="person_edit"),
]
