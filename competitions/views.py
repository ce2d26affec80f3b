import re
from pathlib import PurePosixPath

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q, Sum
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import selectors
from .models import Competition, DataArchive, DataFile
from .services import rules_accept
from .services.downloads import data_archive_request
from .stored_files import stored_attachment

TABS = ("overview", "data", "rules")


def tab_context(request, competition: Competition, tab: str) -> dict:
    """What every tab of the competition page needs (the header, the tab bar, the rules notice)."""
    return {
        "competition": competition,
        "tab": tab,
        "rules_accepted": selectors.rules_accepted(user=request.user, competition=competition),
        "is_host": selectors.user_is_host(user=request.user, competition=competition),
        "entries_open": competition.phase != Competition.Phase.UPCOMING
        and timezone.now() < competition.effective_entry_deadline,
    }


def _competition_or_404(request, slug: str) -> Competition:
    try:
        return selectors.competition_get(slug=slug, user=request.user)
    except Competition.DoesNotExist:
        raise Http404(_("No such competition."))


def home(request):
    competitions = selectors.competition_list(user=request.user)
    active = [c for c in competitions[:24] if c.phase == Competition.Phase.ACTIVE][:6]
    return render(request, "home.html", {"active": active, "competition_count": competitions.count()})


def competition_list(request):
    competitions = selectors.competition_list(user=request.user)
    query = request.GET.get("q", "").strip()
    if query:
        competitions = competitions.filter(Q(title__icontains=query) | Q(subtitle__icontains=query))
    phase = request.GET.get("phase", "")
    items = [c for c in competitions if not phase or c.phase == phase]
    return render(request, "competitions/list.html",
                  {"competitions": items, "query": query, "phase": phase, "phases": Competition.Phase.choices})


def _data_context(request, competition: Competition) -> dict:
    """Top-level files are listed; folders (train/, test/) are summarized and browsed one page at a time."""
    files = selectors.data_file_list(competition=competition)
    folder = request.GET.get("folder", "").strip("/")
    folders = {}
    for name, size in files.values_list("name", "size"):
        parts = PurePosixPath(name).parts
        if len(parts) > 1:
            count, total = folders.get(parts[0], (0, 0))
            folders[parts[0]] = (count + 1, total + size)
    listed = files.filter(name__startswith=f"{folder}/") if folder else files.exclude(name__contains="/")
    page = Paginator(listed, 100).get_page(request.GET.get("page"))
    return {"folders": sorted(folders.items()), "folder": folder, "page": page,
            "total": files.aggregate(n=Count("id"), size=Sum("size"))}


def competition_detail(request, slug: str, tab: str = "overview"):
    competition = _competition_or_404(request, slug)
    if tab not in TABS:
        raise Http404(_("No such tab."))
    context = tab_context(request, competition, tab)
    if tab == "data":
        context.update(_data_context(request, competition))
        if context["rules_accepted"] or context["is_host"]:  # only those who may download get a zip built
            context["archive"] = data_archive_request(competition=competition)
    return render(request, f"competitions/tab_{tab}.html", context)


@login_required
@require_POST
def rules_accept_view(request, slug: str):
    competition = _competition_or_404(request, slug)
    rules_accept(competition=competition, user=request.user)
    messages.success(request, _("You accepted the rules of %(title)s. The data is yours to download.")
                     % {"title": competition.title})
    return redirect("competitions:data", slug=competition.slug)


def data_file_response(data_file: DataFile, request=None) -> HttpResponse:
    """The file as an attachment, with what download managers (and the kaggle CLI) use to resume: ETag,
    Last-Modified and single byte ranges (`Range: bytes=N-`, honoured unless If-Range is not the current ETag)."""
    return stored_file_response(data_file.file, size=data_file.size, etag=f'"{data_file.sha256}"',
                                modified=data_file.created_at, filename=PurePosixPath(data_file.name).name,
                                request=request)


def data_archive_response(archive: DataArchive, *, filename: str, request) -> HttpResponse:
    """The ready "Download all" zip, streamed from the private storage; 304 when the client has this version."""
    not_modified = get_conditional_response(request, etag=archive.etag)
    if not_modified is not None:
        not_modified["ETag"] = archive.etag
        return not_modified
    return stored_file_response(archive.file, size=archive.size, etag=archive.etag, modified=archive.built_at,
                                filename=filename, request=request)


def stored_file_response(field_file, *, size: int, etag: str, modified, filename: str, request=None):
    """Streams a stored file in chunks from the store, never reading it into memory; with presigned downloads on
    (PODIUM_S3_PRESIGNED_DOWNLOADS), redirects to the store instead, which then answers ranges itself."""
    start = _range_start(request, etag, size) if request else 0
    response = stored_attachment(field_file, filename=filename, start=start)
    if response.status_code == 302:
        return response
    if start:
        response.status_code = 206
        response["Content-Range"] = f"bytes {start}-{size - 1}/{size}"
    response["Content-Length"] = str(size - start)
    response["ETag"] = etag
    response["Last-Modified"] = http_date(modified.timestamp())
    response["Accept-Ranges"] = "bytes"
    return response


def _range_start(request, etag: str, size: int) -> int:
    match = re.fullmatch(r"bytes=(\d+)-", request.headers.get("Range", "").strip())
    if_range = request.headers.get("If-Range")
    if not match or (if_range and if_range != etag):  # another version, or a date: send the whole file
        return 0
    start = int(match.group(1))
    return start if 0 < start < size else 0


@login_required
def data_file_download(request, slug: str, name: str):
    competition = _competition_or_404(request, slug)
    if not (selectors.rules_accepted(user=request.user, competition=competition)
            or selectors.user_is_host(user=request.user, competition=competition)):
        messages.warning(request, _("Accept the rules before downloading the data."))
        return redirect("competitions:rules", slug=slug)
    try:
        data_file = selectors.data_file_get(competition=competition, name=name)
    except DataFile.DoesNotExist:
        raise Http404(_("No such data file."))
    return data_file_response(data_file, request)


@login_required
def data_archive_download(request, slug: str):
    """Download all: the zip of the current data version, once its worker has built it."""
    competition = _competition_or_404(request, slug)
    if not (selectors.rules_accepted(user=request.user, competition=competition)
            or selectors.user_is_host(user=request.user, competition=competition)):
        messages.warning(request, _("Accept the rules before downloading the data."))
        return redirect("competitions:rules", slug=slug)
    archive = data_archive_request(competition=competition)
    if archive is None:
        raise Http404(_("This competition has no data files."))
    if not archive.is_ready:
        messages.info(request, _("The zip of all files is still being built; try again in a minute."))
        return redirect("competitions:data", slug=slug)
    return data_archive_response(archive, filename=f"{competition.slug}.zip", request=request)
