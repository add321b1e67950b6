"""The shared form-field partial: labels, help, errors and their aria links."""

from django import forms
from django.template import Context, Template
from django.utils import translation


class SampleForm(forms.Form):
    name = forms.CharField(label="Nama", help_text="Nama lengkap dengan gelar.")
    note = forms.CharField(label="Catatan", required=False)
    remind = forms.BooleanField(label="Kirim pengingat", required=False)
    kind = forms.ChoiceField(
        label="Jenis", choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect
    )


def _render(form: forms.Form, field: str) -> str:
    with translation.override("id"):
        return Template('{% include "_field.html" with field=f %}').render(
            Context({"f": form[field]})
        )


def test_a_text_field_has_its_label_help_and_error_linked():
    html = _render(SampleForm(data={"name": ""}), "name")

    assert '<label for="id_name">Nama</label>' in html
    assert '<div class="help" id="id_name_helptext">Nama lengkap dengan gelar.</div>' in html
    assert '<ul class="errorlist" id="id_name_error"><li>Bidang ini harus diisi.</li></ul>' in html
    assert 'aria-describedby="id_name_helptext id_name_error"' in html
    assert 'aria-invalid="true"' in html


def test_an_optional_field_says_so():
    html = _render(SampleForm(), "note")

    assert '<label for="id_note">Catatan <span class="muted">(opsional)</span></label>' in html


def test_a_checkbox_sits_inside_its_label():
    html = _render(SampleForm(), "remind")

    assert html.strip().startswith('<div class="form-field">\n  <label for="id_remind"><input')
    assert "Kirim pengingat</label>" in html


def test_radio_buttons_are_grouped_in_a_fieldset_with_a_legend():
    html = _render(SampleForm(data={}), "kind")

    assert '<fieldset class="form-field" aria-describedby="id_kind_error">' in html
    assert "<legend>Jenis</legend>" in html
