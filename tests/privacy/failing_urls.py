"""A URL whose view fails with an applicant's data in the exception message (the server-log test)."""

from django.urls import path


def fail_with_personal_data(request):
    # The message quotes what the applicant sent, as a library's error message might.
    raise ValueError(
        f"duplicate applicant {request.POST['id_number']} / {request.POST['phone']} / "
        f"{request.POST['landline']}"
    )


urlpatterns = [path("fail/", fail_with_personal_data)]
