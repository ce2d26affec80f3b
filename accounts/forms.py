from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .language import is_time_zone
from .models import Preference


class PreferenceForm(forms.ModelForm):
    language = forms.ChoiceField(
        label=_("Language"), required=False,
        choices=[("", _("Follow my browser"))] + list(settings.LANGUAGES))
    time_zone = forms.CharField(label=_("Time zone"), required=False, max_length=64)

    class Meta:
        model = Preference
        fields = ["language", "time_zone"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].help_text = _(  # here, not at import: in the reader's language
            "An IANA name such as Asia/Seoul or Europe/Berlin. Empty: %(zone)s.") % {"zone": settings.PODIUM_TIME_ZONE}

    def clean_time_zone(self) -> str:
        name = self.cleaned_data["time_zone"].strip()
        if name and not is_time_zone(name):
            raise forms.ValidationError(
                _("“%(name)s” is not a time zone Podium knows. Use an IANA name such as Asia/Seoul."),
                code="unknown_time_zone", params={"name": name})
        return name
