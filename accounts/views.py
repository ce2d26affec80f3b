from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseBadRequest, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .forms import PreferenceForm
from .language import SUPPORTED, account_preference, time_zone_names
from .services import api_key_get_or_create, api_key_regenerate, preference_update


@login_required
def settings_view(request):
    form = PreferenceForm(request.POST or None, instance=account_preference(request.user))
    if request.method == "POST" and form.is_valid():
        preference_update(user=request.user, **form.cleaned_data)
        response = redirect("accounts:settings")
        _remember_language(response, form.cleaned_data["language"])
        return response
    api_key = api_key_get_or_create(user=request.user)
    return render(request, "accounts/settings.html", {
        "api_key": api_key, "preference_form": form, "time_zone_names": sorted(time_zone_names())})


@require_POST
def language_view(request):
    """The header's language switcher: a plain form, so that it works without JavaScript. Remembered in a cookie
    (the browser's choice for anonymous readers) and, for a signed-in reader, on the account."""
    language = request.POST.get("language", "")
    if language not in SUPPORTED:
        return HttpResponseBadRequest(_("Unknown language."))
    if request.user.is_authenticated:
        preference_update(user=request.user, language=language)
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, require_https=request.is_secure()):
        next_url = "/"
    response = redirect(next_url)
    _remember_language(response, language)
    return response


def _remember_language(response, language: str) -> None:
    if language:
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, language, max_age=365 * 24 * 3600, samesite="Lax",
                            secure=settings.SESSION_COOKIE_SECURE, httponly=True)
    else:  # "follow my browser": a cookie would outvote Accept-Language
        response.delete_cookie(settings.LANGUAGE_COOKIE_NAME)


@login_required
@require_POST
def api_key_regenerate_view(request):
    api_key_regenerate(user=request.user)
    messages.success(request, _("A new API key was created. The old one no longer works."))
    return redirect("accounts:settings")


@login_required
def kaggle_json_view(request):
    """The credentials file the kaggle CLI reads from ~/.kaggle/kaggle.json, with the user's Podium API key."""
    api_key = api_key_get_or_create(user=request.user)
    response = JsonResponse({"username": request.user.get_username(), "key": api_key.key})
    response["Content-Disposition"] = 'attachment; filename="kaggle.json"'
    return response
