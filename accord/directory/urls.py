"""Mounted at the site's root (config/urls.py): the directory under /directory/, cooperation
protocols under /protocols/ (the addresses they had while they lived in referrals)."""

from django.urls import path

from accord.directory import views

app_name = "directory"
urlpatterns = [
    path("directory/", views.directory, name="directory"),
    path("directory/<int:pk>/", views.directory_service, name="service"),
    path("directory/<int:pk>/edit/", views.directory_entry_edit, name="entry_edit"),
    path("protocols/", views.protocol_list, name="protocols"),
    path("protocols/new/", views.protocol_create, name="protocol_create"),
    path("protocols/<uuid:uid>/", views.protocol_detail, name="protocol"),
    path("protocols/<uuid:uid>/dates/", views.protocol_dates, name="protocol_dates"),
    path("protocols/<uuid:uid>/parties/", views.party_add, name="party_add"),
    path("protocols/<uuid:uid>/parties/<int:party_id>/sign/", views.party_sign, name="party_sign"),
    path("protocols/<uuid:uid>/flows/", views.flow_set, name="flow_set"),
    path("protocols/<uuid:uid>/document/", views.document_attach, name="document_attach"),
    path("protocols/<uuid:uid>/document/download/", views.document, name="document"),
    path("protocols/<uuid:uid>/activate/", views.activate, name="activate"),
    path("protocols/<uuid:uid>/end/", views.end, name="end"),
]
