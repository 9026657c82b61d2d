from django import forms


class Example(forms.Form):
    school_year = forms.CharField(label="school year")
    days = forms.MultipleChoiceField(
        label="days", choices=[("1", "1")], widget=forms.CheckboxSelectMultiple
    )


def test_labels_and_legends_start_with_a_capital():
    form = Example()
    assert ">School year:</label>" in str(form["school_year"].label_tag())
    assert ">Days:</legend>" in str(form["days"].legend_tag())
    assert ">own words:</label>" in str(form["school_year"].label_tag("own words"))
