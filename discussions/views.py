"""Portal pages of the community: forums, topics, shared code, search and profiles. Thin: services do the work."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from competitions import selectors as competition_selectors
from competitions.models import Competition, Submission
from competitions.stored_files import stored_stream

from . import selectors, services
from .code_rendering import MAX_CODE_BYTES
from .limits import RateLimited
from .models import CodeEntry, Post, Topic

TOPICS_PER_PAGE = 20
CODE_PER_PAGE = 20
# Labels of the sort orders (selectors.SORTS and CODE_SORTS share these keys).
SORT_LABELS = {"hot": gettext_lazy("Hot"), "new": gettext_lazy("New"), "top": gettext_lazy("Top")}


def _competition_or_404(request, slug: str) -> Competition:
    try:
        return competition_selectors.competition_get(slug=slug, user=request.user)
    except Competition.DoesNotExist:
        raise Http404("No such competition.")


def _topic_or_404(request, pk: int) -> Topic:
    try:
        return selectors.topic_get(user=request.user, pk=pk)
    except Topic.DoesNotExist:
        raise Http404("No such topic.")


def _code_or_404(request, pk: int) -> CodeEntry:
    try:
        return selectors.code_get(user=request.user, pk=pk)
    except CodeEntry.DoesNotExist:
        raise Http404("No such code.")


def _frame(request, competition: Competition | None, tab: str) -> dict:
    """What competitions/_layout.html needs, or the site-wide frame when there is no competition."""
    if competition is None:
        return {"layout": "discussions/_site_layout.html", "competition": None, "tab": tab}
    return {
        "layout": "competitions/_layout.html", "competition": competition, "tab": tab,
        "rules_accepted": competition_selectors.rules_accepted(user=request.user, competition=competition),
        "is_host": competition_selectors.user_is_host(user=request.user, competition=competition),
    }


def error_text(error: ValidationError | PermissionDenied | RateLimited) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error) or _("You cannot do that.")


def _with_retry_after(response: HttpResponse, error: Exception) -> HttpResponse:
    """A rate-limited write says when its window lets the next one through."""
    if isinstance(error, RateLimited):
        response["Retry-After"] = str(error.retry_after)
    return response


def _refused(request, error, *, status: int = 400, redirect_to: str | None = None):
    """A refused write: a 4xx with the reason for API-like callers, a message and a redirect in the browser."""
    status = 429 if isinstance(error, RateLimited) else 403 if isinstance(error, PermissionDenied) else status
    if redirect_to and request.headers.get("HX-Request") is None:
        messages.error(request, error_text(error))
        return redirect(redirect_to)
    return _with_retry_after(HttpResponse(error_text(error), status=status, content_type="text/plain; charset=utf-8"),
                             error)


# --- Forums ---------------------------------------------------------------------------------------------------


def _forum(request, competition: Competition | None):
    sort = request.GET.get("sort", "hot")
    sort = sort if sort in selectors.SORTS else "hot"
    kind = request.GET.get("kind", "")
    kind = kind if kind in Topic.Kind.values else ""
    topics = selectors.topic_list(user=request.user, competition=competition, sort=sort, kind=kind)
    page = Paginator(topics, TOPICS_PER_PAGE).get_page(request.GET.get("page"))
    context = {**_frame(request, competition, "discussion"), "page": page, "sort": sort, "kind": kind,
               "sorts": _sort_choices(selectors.SORTS), "kinds": Topic.Kind.choices}
    return render(request, "discussions/forum.html", context)


def _sort_choices(sorts: dict) -> list[tuple[str, str]]:
    return [(key, SORT_LABELS.get(key, key)) for key in sorts]


def site_forum(request):
    return _forum(request, None)


def competition_forum(request, slug: str):
    return _forum(request, _competition_or_404(request, slug))


def _topic_new(request, competition: Competition | None):
    if request.method == "POST":
        try:
            topic = services.topic_create(user=request.user, competition=competition,
                                          title=request.POST.get("title", ""), body=request.POST.get("body", ""),
                                          kind=request.POST.get("kind", Topic.Kind.DISCUSSION))
        except (ValidationError, RateLimited) as error:
            messages.error(request, error_text(error))
            status = 429 if isinstance(error, RateLimited) else 400
            return _with_retry_after(render(request, "discussions/topic_form.html",
                                            {**_frame(request, competition, "discussion"), "form": request.POST,
                                             "kinds": _kinds(competition)}, status=status), error)
        return redirect("discussions:topic", pk=topic.pk)
    return render(request, "discussions/topic_form.html",
                  {**_frame(request, competition, "discussion"), "form": {}, "kinds": _kinds(competition)})


def _kinds(competition):
    return [k for k in Topic.Kind.choices if competition or k[0] != Topic.Kind.WRITEUP]


@login_required
def site_topic_new(request):
    return _topic_new(request, None)


@login_required
def competition_topic_new(request, slug: str):
    return _topic_new(request, _competition_or_404(request, slug))


def topic_detail(request, pk: int):
    topic = _topic_or_404(request, pk)
    thread = selectors.post_thread(topic=topic, user=request.user)
    standing = None
    if topic.kind == Topic.Kind.WRITEUP and topic.competition:
        standing = selectors.final_standing_for(competition=topic.competition, user=topic.author)
    context = {**_frame(request, topic.competition, "discussion"), "topic": topic, "thread": thread,
               "standing": standing, "can_moderate": services.can_moderate(user=request.user, topic=topic)}
    return render(request, "discussions/topic.html", context)


@login_required
@require_POST
def topic_reply(request, pk: int):
    topic = _topic_or_404(request, pk)
    parent = None
    if request.POST.get("parent"):
        parent = Post.objects.filter(pk=request.POST["parent"] if request.POST["parent"].isdigit() else 0,
                                     topic=topic).first()
        if parent is None:
            return _refused(request, ValidationError(_("The post you reply to is not in this topic.")))
    try:
        post = services.post_reply(user=request.user, topic=topic, body=request.POST.get("body", ""), parent=parent)
    except (ValidationError, RateLimited) as error:
        return _refused(request, error, redirect_to=reverse("discussions:topic", args=[topic.pk]))
    return redirect(f"{reverse('discussions:topic', args=[topic.pk])}#post-{post.pk}")


def _post_or_404(request, pk: int) -> Post:
    post = get_object_or_404(Post.objects.select_related("topic__competition"), pk=pk)
    _topic_or_404(request, post.topic_id)  # visibility of its competition
    return post


@login_required
def post_edit(request, pk: int):
    post = _post_or_404(request, pk)
    if post.author_id != request.user.pk:
        raise PermissionDenied(_("Only the author can edit a post."))
    topic_url = reverse("discussions:topic", args=[post.topic_id])
    if request.method == "POST":
        try:
            services.post_edit(user=request.user, post=post, body=request.POST.get("body", ""),
                               title=request.POST.get("title") if post.is_opening else None)
        except ValidationError as error:
            messages.error(request, error_text(error))
            return render(request, "discussions/post_edit.html",
                          {**_frame(request, post.topic.competition, "discussion"), "post": post,
                           "body": request.POST.get("body", ""), "title": request.POST.get("title", "")},
                          status=400)
        return redirect(f"{topic_url}#post-{post.pk}")
    return render(request, "discussions/post_edit.html",
                  {**_frame(request, post.topic.competition, "discussion"), "post": post, "body": post.body,
                   "title": post.topic.title})


@login_required
@require_POST
def post_delete(request, pk: int):
    post = _post_or_404(request, pk)
    services.post_delete(user=request.user, post=post)
    messages.success(request, _("The post was deleted."))
    return redirect(f"{reverse('discussions:topic', args=[post.topic_id])}#post-{post.pk}")


@login_required
@require_POST
def post_vote(request, pk: int):
    post = _post_or_404(request, pk)
    back = f"{reverse('discussions:topic', args=[post.topic_id])}#post-{post.pk}"
    try:
        if request.POST.get("action") == "unvote":
            services.post_unvote(user=request.user, post=post)
        else:
            services.post_vote(user=request.user, post=post)
    except (ValidationError, RateLimited) as error:
        return _refused(request, error, redirect_to=back)
    return redirect(back)


@login_required
@require_POST
def topic_pin(request, pk: int):
    topic = _topic_or_404(request, pk)
    services.topic_pin(user=request.user, topic=topic, pinned=request.POST.get("pinned") == "1")
    return redirect("discussions:topic", pk=topic.pk)


# --- Code -----------------------------------------------------------------------------------------------------


def code_list(request, slug: str):
    competition = _competition_or_404(request, slug)
    sort = request.GET.get("sort", "hot")
    sort = sort if sort in selectors.CODE_SORTS else "hot"
    page = Paginator(selectors.code_list(competition=competition, sort=sort), CODE_PER_PAGE) \
        .get_page(request.GET.get("page"))
    return render(request, "discussions/code_list.html",
                  {**_frame(request, competition, "code"), "page": page, "sort": sort,
                   "sorts": _sort_choices(selectors.CODE_SORTS)})


def _uploaded(request) -> tuple[str, bytes]:
    upload = request.FILES.get("file")
    if upload is None:
        raise ValidationError({"file": _("Choose a notebook (.ipynb) or a script to upload.")})
    if upload.size > MAX_CODE_BYTES:
        raise ValidationError({"file": _("The file is {size:,} bytes; the limit is {limit:,}.").format(
            size=upload.size, limit=MAX_CODE_BYTES)})
    return upload.name, upload.read(MAX_CODE_BYTES + 1)


@login_required
def code_new(request, slug: str):
    competition = _competition_or_404(request, slug)
    context = {**_frame(request, competition, "code"), "form": request.POST, "max_bytes": MAX_CODE_BYTES}
    if request.method == "POST":
        try:
            filename, content = _uploaded(request)
            entry = services.code_create(user=request.user, competition=competition,
                                         title=request.POST.get("title", ""), filename=filename, content=content,
                                         message=request.POST.get("message", ""))
        except (ValidationError, RateLimited) as error:
            messages.error(request, error_text(error))
            return _with_retry_after(render(request, "discussions/code_form.html", context,
                                            status=429 if isinstance(error, RateLimited) else 400), error)
        return redirect("discussions:code", pk=entry.pk)
    return render(request, "discussions/code_form.html", context)


def _version_number(request) -> int | None:
    raw = request.GET.get("version", "")
    if not raw:
        return None
    if not raw.isdigit():
        raise Http404("No such version.")
    return int(raw)


def code_detail(request, pk: int):
    entry = _code_or_404(request, pk)
    try:
        version = selectors.code_version_get(entry=entry, number=_version_number(request))
    except entry.versions.model.DoesNotExist:
        raise Http404("No such version.")
    context = {**_frame(request, entry.competition, "code"), "entry": entry, "version": version,
               "versions": entry.versions.order_by("-number"), "comments": selectors.code_comments(entry=entry),
               "voted": selectors.code_voted(entry=entry, user=request.user),
               "forks": selectors.code_forks(entry=entry)[:10], "max_bytes": MAX_CODE_BYTES,
               "linked_score": selectors.linked_public_score(version=version),
               "linkable": selectors.linkable_submissions(entry=entry, user=request.user)}
    return render(request, "discussions/code_detail.html", context)


@login_required
@require_POST
def code_link_submission(request, pk: int):
    entry = _code_or_404(request, pk)
    back = reverse("discussions:code", args=[entry.pk])
    try:
        version = selectors.code_version_get(entry=entry, number=int(request.POST.get("version") or 0) or None)
        chosen = request.POST.get("submission", "")
        submission = Submission.objects.filter(uuid=chosen).first() if chosen else None
        if chosen and submission is None:
            raise ValidationError({"submission": _("No such submission.")})
        services.code_version_link_submission(user=request.user, version=version, submission=submission)
    except (ValidationError, PermissionDenied, ValueError, entry.versions.model.DoesNotExist) as error:
        return _refused(request, error if isinstance(error, ValidationError | PermissionDenied)
                        else ValidationError(_("No such version.")), redirect_to=back)
    messages.success(request, _("Linked.") if submission else _("Unlinked."))
    return redirect(f"{back}?version={version.number}")


def code_download(request, pk: int):
    entry = _code_or_404(request, pk)
    try:
        version = selectors.code_version_get(entry=entry, number=_version_number(request))
    except entry.versions.model.DoesNotExist:
        raise Http404("No such version.")
    # Always an attachment of an opaque type: an uploaded file must never render as a page of this site. Streamed
    # from the store as it arrives (on S3, not first downloaded whole by the web process).
    response = FileResponse(stored_stream(version.file.storage, version.file.name), as_attachment=True,
                            filename=version.filename, content_type="application/octet-stream")
    response["Content-Length"] = str(version.size)
    return response


@login_required
@require_POST
def code_version_new(request, pk: int):
    entry = _code_or_404(request, pk)
    back = reverse("discussions:code", args=[entry.pk])
    try:
        filename, content = _uploaded(request)
        services.code_version_add(user=request.user, entry=entry, filename=filename, content=content,
                                  message=request.POST.get("message", ""))
    except (ValidationError, PermissionDenied, RateLimited) as error:
        return _refused(request, error, redirect_to=back)
    messages.success(request, _("New version published."))
    return redirect(back)


@login_required
@require_POST
def code_fork(request, pk: int):
    entry = _code_or_404(request, pk)
    try:
        version = selectors.code_version_get(entry=entry, number=int(request.POST.get("version") or 0) or None)
        fork = services.code_fork(user=request.user, version=version)
    except (ValueError, entry.versions.model.DoesNotExist):
        return _refused(request, ValidationError(_("No such version to fork.")))
    except (ValidationError, RateLimited) as error:
        return _refused(request, error, redirect_to=reverse("discussions:code", args=[entry.pk]))
    messages.success(request, _("Forked: this copy is yours to edit. Upload a new version when you have changed it."))
    return redirect("discussions:code", pk=fork.pk)


@login_required
@require_POST
def code_vote(request, pk: int):
    entry = _code_or_404(request, pk)
    back = reverse("discussions:code", args=[entry.pk])
    try:
        if request.POST.get("action") == "unvote":
            services.code_unvote(user=request.user, entry=entry)
        else:
            services.code_vote(user=request.user, entry=entry)
    except (ValidationError, RateLimited) as error:
        return _refused(request, error, redirect_to=back)
    return redirect(back)


@login_required
@require_POST
def code_comment(request, pk: int):
    entry = _code_or_404(request, pk)
    back = reverse("discussions:code", args=[entry.pk])
    try:
        comment = services.code_comment_add(user=request.user, entry=entry, body=request.POST.get("body", ""))
    except (ValidationError, RateLimited) as error:
        return _refused(request, error, redirect_to=back)
    return redirect(f"{back}#comment-{comment.pk}")


# --- Search and profiles --------------------------------------------------------------------------------------


def search(request):
    text = request.GET.get("q", "").strip()
    competition = None
    if request.GET.get("competition"):
        competition = _competition_or_404(request, request.GET["competition"])
    page = int(request.GET["page"]) if request.GET.get("page", "").isdigit() else 1
    results = selectors.search(user=request.user, text=text, competition=competition, page=page) if text else None
    return render(request, "discussions/search.html",
                  {"q": text, "results": results, "search_competition": competition, "page_number": page})


def profile(request, username: str):
    try:
        data = selectors.user_profile(username=username, viewer=request.user)
    except User.DoesNotExist:
        raise Http404("No such user.")
    return render(request, "discussions/profile.html", {"profile": data})
