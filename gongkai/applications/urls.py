"""Public URLs of 依申请公开: /gongkai/<agency-slug>/apply/ and /gongkai/track/."""

from django.urls import path

from gongkai.applications.views import public

app_name = "applications"

urlpatterns = [
    path("<slug:agency_slug>/apply/", public.apply, name="apply"),
    path("<slug:agency_slug>/apply/form.docx", public.blank_form, name="blank_form"),
    path("<slug:agency_slug>/apply/receipt/<str:token>/", public.receipt, name="receipt"),
    path("track/", public.track, name="track"),
    path("track/letters/<str:token>/<str:fmt>/", public.letter_download, name="letter_download"),
]
