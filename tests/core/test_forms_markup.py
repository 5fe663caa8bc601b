"""templates/shared/field.html and the shared file widget (issue 15): the ids Django's
aria-describedby names exist, groups have a legend, file inputs speak the catalogue."""

import re

from django import forms
from django.template.loader import render_to_string
from django.utils import translation


class _Form(forms.Form):
    name = forms.CharField(label="姓名", help_text="填写全名")
    choice = forms.ChoiceField(
        label="选项", choices=[("a", "甲"), ("b", "乙")], widget=forms.RadioSelect
    )
    attachment = forms.FileField(label="附件", required=False)
    required_file = forms.FileField(label="必交文件")


def _field(form, name):
    return render_to_string("shared/field.html", {"field": form[name]})


def _ids(html):
    return set(re.findall(r'\bid="([^"]+)"', html))


def test_every_aria_describedby_names_an_element_on_the_field():
    form = _Form(data={})
    assert not form.is_valid()
    for name in ("name", "choice", "attachment", "required_file"):
        html = _field(form, name)
        ids = _ids(html)
        for refs in re.findall(r'aria-describedby="([^"]+)"', html):
            for ref in refs.split():
                assert ref in ids, (name, ref, html)
    html = _field(form, "name")
    assert 'id="id_name_helptext"' in html and 'id="id_name_error"' in html


def test_no_label_for_empty_and_groups_have_a_legend():
    form = _Form()
    html = "".join(_field(form, n) for n in ("name", "choice", "attachment"))
    assert 'for=""' not in html
    assert "<legend>选项" in _field(form, "choice")


def test_file_inputs_say_the_catalogues_words():
    form = _Form()
    with translation.override("zh-hans"):
        optional = _field(form, "attachment")
        required = _field(form, "required_file")
    assert "选择文件" in optional and "选填" in optional
    assert "未选择文件" in required and "已选择文件" in required
    assert "Choose" not in optional + required
    assert 'type="file"' in required and "required" in required
