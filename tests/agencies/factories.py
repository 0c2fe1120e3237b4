"""Factories for agencies, back-office users and their memberships."""

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission

from gongkai.agencies.models import Agency, AgencyKind, StaffMembership, StaffRole


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"测试县第{n}局")
    slug = factory.Sequence(lambda n: f"test-agency-{n}")
    kind = AgencyKind.GOVERNMENT_DEPARTMENT
    disclosure_office = "办公室"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    is_staff = True

    @factory.post_generation
    def admin_access(self, create, extracted, **kwargs):
        """Back-office users may enter the Wagtail admin (``wagtailadmin.access_admin``)."""
        if create and extracted is not False:
            self.user_permissions.add(
                Permission.objects.get(
                    content_type__app_label="wagtailadmin", codename="access_admin"
                )
            )


class StaffMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaffMembership

    user = factory.SubFactory(UserFactory)
    agency = factory.SubFactory(AgencyFactory)
    role = StaffRole.CLERK
