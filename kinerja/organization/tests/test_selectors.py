"""Who may see whom, and the reads behind the directory pages."""

from datetime import date

import pytest

from kinerja.core.exceptions import NotFound
from kinerja.organization.models import Employee, Position
from kinerja.organization.selectors import (
    FULL_PROFILE_FIELDS,
    PUBLIC_EMPLOYEE_FIELDS,
    Access,
    AccessReason,
    DirectoryFilter,
    access_to_employee,
    employee_profile_for_user,
    explain_access,
    get_unit_for_user,
    get_viewer,
    search_directory_for_user,
    unit_ancestors,
    unit_tree_for_user,
)
from kinerja.organization.tests.factories import EmployeeFactory, PositionFactory, UserFactory


def user_of(org, persona: str):
    return org.outsider if persona == "outsider" else getattr(org, persona).user


# (viewer, employee looked at, access, reason)
ACCESS_MATRIX = [
    ("staf", "staf", Access.FULL, AccessReason.SELF),
    ("staf", "rekan", Access.DIRECTORY, None),
    ("staf", "kasi", Access.DIRECTORY, None),
    ("staf", "camat", Access.DIRECTORY, None),
    ("staf", "lurah", Access.DIRECTORY, None),
    ("staf", "asing", Access.NONE, None),
    ("kasi", "staf", Access.FULL, AccessReason.DIRECT_SUPERVISOR),
    ("kasi", "rekan", Access.FULL, AccessReason.DIRECT_SUPERVISOR),
    ("kasi", "kasi", Access.FULL, AccessReason.SELF),
    ("kasi", "camat", Access.DIRECTORY, None),
    ("kasi", "lurah", Access.DIRECTORY, None),
    ("kasi", "asing", Access.NONE, None),
    ("camat", "kasi", Access.FULL, AccessReason.DIRECT_SUPERVISOR),
    ("camat", "staf", Access.FULL, AccessReason.PIMPINAN),
    ("camat", "admin", Access.FULL, AccessReason.DIRECT_SUPERVISOR),
    ("camat", "asing", Access.NONE, None),
    ("admin", "staf", Access.FULL, AccessReason.ADMIN),
    ("admin", "camat", Access.FULL, AccessReason.ADMIN),
    ("admin", "asing", Access.FULL, AccessReason.ADMIN),
    ("lurah", "staf", Access.DIRECTORY, None),
    ("lurah", "camat", Access.DIRECTORY, None),
    ("asing", "staf", Access.NONE, None),
    ("asing", "asing", Access.FULL, AccessReason.SELF),
    ("outsider", "staf", Access.NONE, None),
    ("outsider", "asing", Access.NONE, None),
]


@pytest.mark.parametrize(("viewer", "target", "access", "reason"), ACCESS_MATRIX)
def test_access_follows_the_permission_matrix(org, viewer, target, access, reason):
    grant = explain_access(get_viewer(user_of(org, viewer)), getattr(org, target))

    assert grant.access is access
    assert grant.reason == reason
    assert access_to_employee(get_viewer(user_of(org, viewer)), getattr(org, target)) is access


def test_a_superior_two_levels_up_sees_the_full_profile_without_the_pimpinan_flag(org):
    org.camat.user.is_pimpinan = False
    org.camat.user.save()

    grant = explain_access(get_viewer(org.camat.user), org.staf)

    assert grant.access is Access.FULL
    assert grant.reason is AccessReason.INDIRECT_SUPERVISOR


def test_without_the_pimpinan_flag_a_unit_head_sees_only_the_directory_outside_their_line(org):
    org.camat.user.is_pimpinan = False
    org.camat.user.save()
    stranger = EmployeeFactory.create(position=PositionFactory(unit=org.kelurahan))

    assert access_to_employee(get_viewer(org.camat.user), stranger) is Access.DIRECTORY


def test_an_inactive_colleague_disappears_but_their_superior_still_sees_them(org):
    org.rekan.is_active = False
    org.rekan.save()

    assert access_to_employee(get_viewer(org.staf.user), org.rekan) is Access.NONE
    assert access_to_employee(get_viewer(org.kasi.user), org.rekan) is Access.FULL


def test_a_deactivated_employee_account_sees_nothing(org):
    org.staf.is_active = False
    org.staf.save()

    viewer = get_viewer(org.staf.user)

    assert viewer.is_outsider
    assert access_to_employee(viewer, org.rekan) is Access.NONE


def test_a_colleague_profile_holds_only_the_public_fields(org):
    profile = employee_profile_for_user(org.staf.user, org.rekan.pk)

    assert [field.key for field in profile.fields] == list(PUBLIC_EMPLOYEE_FIELDS)
    assert org.rekan.nip not in [field.value for field in profile.fields]
    assert profile.direct_reports == []
    assert profile.reason is None


def test_a_full_profile_decodes_the_nip(org):
    profile = employee_profile_for_user(org.kasi.user, org.staf.pk)
    values = {field.key: field.value for field in profile.fields}
    parts = org.staf.pns_nip
    assert parts is not None

    assert [field.key for field in profile.fields] == list(FULL_PROFILE_FIELDS)
    assert values["nip"] == org.staf.nip
    assert values["birth_date"] == parts.birth_date
    assert values["tmt_cpns"] == date(parts.tmt_year, parts.tmt_month, 1)
    assert values["supervisor"] == org.kasi


def test_a_pppk_profile_has_no_birth_date(org):
    org.staf.asn_status = Employee.AsnStatus.PPPK
    org.staf.save()

    values = {f.key: f.value for f in employee_profile_for_user(org.kasi.user, org.staf.pk).fields}

    assert values["birth_date"] is None
    assert values["sex"] is None
    assert values["tmt_cpns"] is None


def test_a_full_profile_lists_the_direct_reports(org):
    profile = employee_profile_for_user(org.camat.user, org.kasi.pk)

    assert [report.name for report in profile.direct_reports] == ["Rekan", "Staf"]


@pytest.mark.parametrize(("viewer", "target"), [("staf", "asing"), ("outsider", "staf")])
def test_a_hidden_profile_is_not_found(org, viewer, target):
    with pytest.raises(NotFound):
        employee_profile_for_user(user_of(org, viewer), getattr(org, target).pk)


def test_an_unknown_nip_is_not_found(org):
    with pytest.raises(NotFound):
        employee_profile_for_user(org.admin.user, 999_999)


def test_the_unit_tree_sums_headcounts_up_the_tree(org):
    tree = unit_tree_for_user(org.staf.user)
    by_code = {node.unit.code: node for node in tree.nodes}

    assert [root.unit.code for root in tree.roots] == ["KEC"]
    assert by_code["KEC"].headcount == 1
    assert by_code["KEC"].subtree_headcount == 6
    assert by_code["PEL"].headcount == 3
    assert by_code["PEL"].subtree_headcount == 3
    assert "LAIN" not in by_code


def test_the_unit_tree_is_built_in_one_query(org, django_assert_num_queries):
    viewer = get_viewer(org.staf.user)

    with django_assert_num_queries(1):
        unit_tree_for_user(org.staf.user, viewer=viewer)


def test_an_admin_sees_every_organisation_as_its_own_root(org):
    tree = unit_tree_for_user(org.admin.user)

    assert [root.unit.code for root in tree.roots] == ["KEC", "LAIN"]


def test_searching_the_tree_keeps_the_path_to_each_match(org):
    matches = unit_tree_for_user(org.staf.user).search("pelayanan")

    assert [node.unit.code for node in matches] == ["PEL"]
    assert [node.unit.code for node in matches[0].ancestors] == ["KEC"]


def test_a_unit_knows_its_ancestors(org, django_assert_num_queries):
    with django_assert_num_queries(1):
        ancestors = unit_ancestors(org.pelayanan)

    assert [unit.code for unit in ancestors] == ["KEC"]


def test_a_unit_of_another_organisation_is_not_found(org):
    with pytest.raises(NotFound):
        get_unit_for_user(org.staf.user, "LAIN")


def names(employees) -> list[str]:
    return [employee.name for employee in employees]


@pytest.mark.parametrize(
    ("viewer", "target", "found"),
    [
        ("staf", "rekan", False),  # a colleague's NIP is not the pegawai's to know
        ("staf", "staf", True),
        ("kasi", "staf", True),
        ("camat", "lurah", True),
        ("admin", "staf", True),
        ("lurah", "staf", False),
    ],
)
def test_a_nip_search_finds_only_people_whose_nip_the_viewer_may_read(org, viewer, target, found):
    employee = getattr(org, target)
    filters = DirectoryFilter(search=employee.nip[:10])

    result = search_directory_for_user(user_of(org, viewer), filters)

    assert (employee in result) is found


def test_the_directory_filters_by_unit_with_or_without_its_sub_units(org):
    with_sub = DirectoryFilter(unit=org.kecamatan, include_subunits=True)
    without_sub = DirectoryFilter(unit=org.kecamatan, include_subunits=False)

    assert len(search_directory_for_user(org.staf.user, with_sub)) == 6
    assert names(search_directory_for_user(org.staf.user, without_sub)) == ["Camat"]


def test_the_directory_filters_by_jenis_jabatan_and_sorts(org):
    filters = DirectoryFilter(position_kind=Position.Kind.PELAKSANA, sort="-name")

    assert names(search_directory_for_user(org.staf.user, filters)) == ["Staf", "Rekan", "Admin"]


def test_only_an_admin_can_filter_by_asn_status(org):
    org.rekan.asn_status = Employee.AsnStatus.PPPK
    org.rekan.save()
    filters = DirectoryFilter(asn_status=Employee.AsnStatus.PPPK)

    assert names(search_directory_for_user(org.admin.user, filters)) == ["Rekan"]
    assert len(search_directory_for_user(org.staf.user, filters)) == 6


def test_a_superuser_without_an_employee_record_is_an_admin(db):
    superuser = UserFactory.create(username="root", is_superuser=True)

    viewer = get_viewer(superuser)

    assert viewer.is_admin
    assert not viewer.is_outsider


def test_the_tree_lists_the_office_s_own_units_before_the_kelurahan(org):
    tree = unit_tree_for_user(org.staf.user)

    assert [node.unit.code for node in tree.roots[0].children] == ["SEK", "PEL", "KEL"]
    assert [node.unit.code for node in tree.nodes] == ["KEC", "SEK", "PEL", "KEL"]
