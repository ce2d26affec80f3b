from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from .services import api_key_get_or_create, api_key_regenerate


@login_required
def settings_view(request):
    api_key = api_key_get_or_create(user=request.user)
    return render(request, "accounts/settings.html", {"api_key": api_key})


@login_required
@require_POST
def api_key_regenerate_view(request):
    api_key_regenerate(user=request.user)
    messages.success(request, "A new API key was created. The old one no longer works.")
    return redirect("accounts:settings")


@login_required
def kaggle_json_view(request):
    """The credentials file the kaggle CLI reads from ~/.kaggle/kaggle.json, with the user's Podium API key."""
    api_key = api_key_get_or_create(user=request.user)
    response = JsonResponse({"username": request.user.get_username(), "key": api_key.key})
    response["Content-Disposition"] = 'attachment; filename="kaggle.json"'
    return response
