"""Factories for organisation data. Units get their materialised path from their parent."""

from datetime import date
from typing import Any

import factory
from factory.django import DjangoModelFactory

from kinerja.accounts.models import User
from kinerja.organization.models import Employee, OrgUnit, Position
from kinerja.organization.nip import Sex, make_pns_nip


class UserFactory(DjangoModelFactory[User]):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("binawidya")


class OrgUnitFactory(DjangoModelFactory[OrgUnit]):
    class Meta:
        model = OrgUnit

    code = factory.Sequence(lambda n: f"U{n:04d}")
    name = factory.Sequence(lambda n: f"Unit {n}")
    kind = OrgUnit.Kind.SEKSI
    parent = None

    @classmethod
    def _create(cls, model_class: type[OrgUnit], *args: Any, **kwargs: Any) -> OrgUnit:
        parent = kwargs.get("parent")
        prefix = parent.path if parent is not None else "/"
        kwargs["path"] = f"{prefix}{kwargs['code']}/"
        kwargs["depth"] = kwargs["path"].count("/") - 2
        unit: OrgUnit = super()._create(model_class, *args, **kwargs)
        return unit


class PositionFactory(DjangoModelFactory[Position]):
    class Meta:
        model = Position

    name = factory.Sequence(lambda n: f"Jabatan {n}")
    kind = Position.Kind.PELAKSANA
    unit = factory.SubFactory(OrgUnitFactory)


class EmployeeFactory(DjangoModelFactory[Employee]):
    class Meta:
        model = Employee

    nip = factory.Sequence(
        lambda n: make_pns_nip(
            birth_date=date(1975 + n % 20, 1 + n % 12, 1 + n % 28),
            tmt_year=1975 + n % 20 + 22 + n % 5,
            tmt_month=1 + n % 12,
            sex=Sex.MALE if n % 2 else Sex.FEMALE,
            serial=1 + n % 999,
        )
    )
    name = factory.Sequence(lambda n: f"Pegawai {n}")
    asn_status = Employee.AsnStatus.PNS
    rank = "Penata Muda (III/a)"
    position = factory.SubFactory(PositionFactory)
    unit = factory.SelfAttribute("position.unit")
    supervisor = None
    email = factory.LazyAttribute(lambda e: f"{e.nip}@example.go.id")
