"""Forms of the host area's actions that need more than a confirmation: a grant and a reopen."""

from django import forms
from django.utils.translation import gettext_lazy as _


class GrantForm(forms.Form):
    day = forms.DateField(label=_("UTC day"), widget=forms.DateInput(attrs={"type": "date"}))
    extra = forms.IntegerField(label=_("Extra submissions"), min_value=1, max_value=100, initial=1)
    reason = forms.CharField(label=_("Reason"), max_length=300,
                             help_text=_("Kept in the team's history, which its members see."))


class ReopenForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), min_length=10, widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("Shown on the leaderboard with your name and the date."))
