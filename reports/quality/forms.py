"""The rules page's forms: a rule (add, change) and the reason given for retiring or restoring one."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from commitments import reference
from commitments.importing import parse_number
from payesh import display, limits
from payesh.forms import DigitsInput
from payesh.i18n import local_name
from reports.models import RuleFactor, ValidationRule


def _choices(objects, everything=None):
    found = [(obj.code, local_name(obj)) for obj in objects]
    return [("", everything), *found] if everything else found


class RuleForm(forms.ModelForm):
    factor = forms.CharField(label=_("Factor"), initial="1", required=False,
                             widget=DigitsInput(attrs={"inputmode": "decimal"}),
                             help_text=_("Used when the factor comes from the number given."))
    reason = forms.CharField(label=_("Why (kept in the rule's history)"), max_length=100, required=False)

    class Meta:
        model = ValidationRule
        fields = ["name_fa", "name_en", "left_measure", "operator", "factor_from", "factor", "right_measure",
                  "sector", "area", "importance", "message_fa", "message_en"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        lists = reference.lists()
        measures = _choices(lists.measures)
        self.fields["left_measure"] = forms.ChoiceField(label=_("Left side: measure"), choices=measures)
        self.fields["right_measure"] = forms.ChoiceField(label=_("Right side: measure"), choices=measures)
        self.fields["sector"] = forms.ChoiceField(label=_("Sector"), required=False,
                                                  choices=_choices(lists.sectors, _("every sector")))
        self.fields["area"] = forms.ChoiceField(label=_("Training area"), required=False,
                                                choices=_choices(lists.areas, _("every area")))
        if self.instance.pk:
            self.initial["factor"] = display.digits(f"{self.instance.factor.normalize():f}")
        for name in ("message_fa", "message_en"):
            self.fields[name].widget = forms.Textarea(attrs={"rows": 2})

    def clean_factor(self):
        text = self.cleaned_data.get("factor") or ""
        if not text.strip():
            return Decimal(1)
        try:
            factor = parse_number(text)
        except ValueError:
            factor = None
        if factor is None or not 0 <= factor <= limits.RULE_FACTOR_MAX or factor != round(factor, 4):
            raise forms.ValidationError(_("Enter a factor from 0 to %(max)s, with at most four decimals, like 1 or 0.5.")
                                        % {"max": display.number(limits.RULE_FACTOR_MAX)})
        return factor

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("left_measure") and cleaned.get("left_measure") == cleaned.get("right_measure"):
            self.add_error("right_measure", _("Choose another measure than the left side's: a rule compares two figures."))
        if cleaned.get("factor_from") != RuleFactor.NUMBER:
            cleaned["factor"] = Decimal(1)
        return cleaned


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=100, required=False)
