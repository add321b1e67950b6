"""The shared pagination partial and the query_string tag it is built on."""

import pytest
from django.core.paginator import Paginator
from django.template import Context, Template, TemplateSyntaxError
from django.test import RequestFactory
from django.utils import translation


def _render(source: str, path: str, **context):
    request = RequestFactory().get(path)
    with translation.override("id"):
        return Template(source).render(Context({"request": request, **context}))


@pytest.mark.parametrize(
    ("path", "tag", "expected"),
    [
        ("/x/", "{% query_string page=2 %}", "?page=2"),
        ("/x/?q=ani&page=1", "{% query_string page=3 %}", "?q=ani&amp;page=3"),
        ("/x/?q=ani&unit=PEL&page=4", "{% query_string page=None %}", "?q=ani&amp;unit=PEL"),
        (
            "/x/?q=a+b&tag=1&tag=2",
            "{% query_string 'page' 5 %}",
            "?q=a+b&amp;tag=1&amp;tag=2&amp;page=5",
        ),
        ("/x/?sort=name", "{% query_string sort='-name' page=None %}", "?sort=-name"),
        ("/x/?q=%3Cscript%3E", "{% query_string page=2 %}", "?q=%3Cscript%3E&amp;page=2"),
    ],
)
def test_query_string_replaces_one_parameter_and_keeps_the_others(path, tag, expected):
    assert _render("{% load portal_tags %}" + tag, path) == expected


def test_query_string_refuses_an_odd_number_of_positional_arguments():
    with pytest.raises(TemplateSyntaxError):
        _render("{% load portal_tags %}{% query_string 'page' %}", "/x/")


def test_pagination_links_keep_the_search_and_filters():
    page = Paginator(list(range(120)), 25).page(3)

    html = _render(
        '{% include "_pagination.html" with page_obj=page %}',
        "/pegawai/?q=ani&unit=PEL&page=3",
        page=page,
    )

    assert 'aria-label="Navigasi halaman"' in html
    assert "Menampilkan 51–75 dari 120" in html
    assert 'href="?q=ani&amp;unit=PEL&amp;page=2" rel="prev"' in html
    assert 'href="?q=ani&amp;unit=PEL&amp;page=4" rel="next"' in html
    assert '<span aria-current="page"><span class="visually-hidden">Halaman </span>3</span>' in html
    assert 'href="?q=ani&amp;unit=PEL&amp;page=5"' in html


def test_pagination_elides_distant_pages_and_disables_the_missing_direction():
    page = Paginator(list(range(1000)), 25).page(1)

    html = _render('{% include "_pagination.html" with page_obj=page %}', "/x/", page=page)

    assert '<span aria-disabled="true">‹ Sebelumnya</span>' in html  # noqa: RUF001
    assert 'href="?page=2" rel="next"' in html
    assert "…" in html
    assert 'href="?page=40"' in html
    assert 'href="?page=20"' not in html


def test_pagination_can_use_another_parameter_name_and_label():
    page = Paginator(list(range(60)), 25).page(2)

    html = _render(
        '{% include "_pagination.html" with page_obj=page page_param="hal" '
        'label="Halaman peristiwa" %}',
        "/x/?page=7",
        page=page,
    )

    assert 'aria-label="Halaman peristiwa"' in html
    assert 'href="?page=7&amp;hal=1" rel="prev"' in html


def test_pagination_shows_only_the_count_when_there_is_one_page():
    page = Paginator(list(range(3)), 25).page(1)

    html = _render('{% include "_pagination.html" with page_obj=page %}', "/x/", page=page)

    assert "Menampilkan 1–3 dari 3" in html
    assert "<ul>" not in html


def test_pagination_renders_nothing_for_an_empty_list():
    page = Paginator(list[int](), 25).page(1)

    html = _render('{% include "_pagination.html" with page_obj=page %}', "/x/", page=page)

    assert html.strip() == ""


def test_pagination_formats_large_totals_the_indonesian_way():
    page = Paginator(range(12345), 50).page(2)

    html = _render('{% include "_pagination.html" with page_obj=page %}', "/x/", page=page)

    assert "Menampilkan 51–100 dari 12.345" in html
