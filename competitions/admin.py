"""The Django admin is the hosting tool: competitions, data files, the hidden solution, bundles, the split preview."""

import hashlib
import tempfile
from pathlib import Path

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.forms.models import BaseInlineFormSet
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from scoring.cache import get_solution
from scoring.engine import split_preview

from . import queue_stats, selectors
from .bundles import BundleError, bundle_load
from .models import (
    Competition,
    DataFile,
    RulesAcceptance,
    Score,
    Solution,
    Submission,
    SubmissionGrant,
    Team,
)
from .services import data_file_name_validate, solution_check
from .services.hosting import competition_redraw_split
from .services.leaderboards import (
    CompetitionFinalized,
    FinalizeRefused,
    competition_finalize,
    competition_reopen,
    final_standings,
    finalize_check,
)
from .services.submissions import submission_rescore
from .services.teams import TeamError, team_grant_submissions, team_set_disqualified
from .stored_files import stored_attachment, stored_read

PREVIEW_ROWS = 12
INLINE_DATA_FILES = 50


class HostScopedAdmin(admin.ModelAdmin):
    """Hosts (staff, not superusers) see and change the rows of the competitions they host and nothing else,
    without any Django model permission; the rules live in competitions.selectors. Deleting stays with superusers.
    `competition_path` leads from a row to its competition ("" for a competition itself)."""

    competition_path = "competition"

    def get_queryset(self, request):
        return super().get_queryset(request).filter(
            selectors.hosted_filter(user=request.user, path=self.competition_path))

    def has_module_permission(self, request):
        return selectors.user_may_host(user=request.user)

    def has_view_permission(self, request, obj=None):
        return self._hosts(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._hosts(request, obj)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    def _hosts(self, request, obj) -> bool:
        if not selectors.user_may_host(user=request.user):
            return False
        return obj is None or self.get_queryset(request).filter(pk=obj.pk).exists()


class HostScopedInline:
    """An inline of a competition (or of a team): editable by whoever hosts its competition."""

    def _hosts(self, request, obj) -> bool:
        if obj is None:
            return selectors.user_may_host(user=request.user)
        competition = obj if isinstance(obj, Competition) else obj.competition
        return selectors.user_is_host(user=request.user, competition=competition)

    def has_view_permission(self, request, obj=None):
        return self._hosts(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._hosts(request, obj)

    def has_add_permission(self, request, obj=None):
        return self._hosts(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._hosts(request, obj)


class DataFileInline(HostScopedInline, admin.TabularInline):
    model = DataFile
    extra = 1
    fields = ("name", "file", "description", "is_sample_submission", "size", "sha256")
    readonly_fields = ("size", "sha256")

    def get_formset(self, request, obj=None, **kwargs):
        kwargs["form"] = DataFileForm
        return super().get_formset(request, obj, **kwargs)


class DataFileForm(forms.ModelForm):
    class Meta:
        model = DataFile
        fields = ("name", "file", "description", "is_sample_submission")

    name = forms.CharField(required=False, label=_("Name"), help_text=_("Defaults to the uploaded file's name."))

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        name = cleaned.get("name") or (upload.name if upload else "")
        cleaned["name"] = data_file_name_validate(name)
        self.instance.name = cleaned["name"]
        return cleaned

    def save(self, commit=True):
        upload = self.cleaned_data.get("file")
        if upload and hasattr(upload, "chunks"):
            digest = hashlib.sha256()
            for chunk in upload.chunks():
                digest.update(chunk)
            self.instance.sha256, self.instance.size = digest.hexdigest(), upload.size
        return super().save(commit)


class SolutionForm(forms.ModelForm):
    """Validates the upload with the scorer's own parser, so a file the scorer cannot read is refused here."""

    class Meta:
        model = Solution
        fields = ("file",)
        widgets = {"file": forms.FileInput}  # no link to the stored file: solutions are never served

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if isinstance(upload, UploadedFile):
            content = upload.read()
            upload.seek(0)
            parsed = solution_check(competition=self.instance.competition, content=content)
            self.instance.sha256 = hashlib.sha256(content).hexdigest()
            self.instance.rows, self.instance.public_rows = len(parsed.ids), int(parsed.is_public.sum())
        return upload


class SolutionFormSet(BaseInlineFormSet):
    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        # On "add" the competition is not saved yet; the form still needs its metric to validate the upload.
        form.instance.competition = self.instance
        return form


class SolutionInline(HostScopedInline, admin.StackedInline):
    model = Solution
    form = SolutionForm
    formset = SolutionFormSet
    can_delete = False
    fields = ("file", "stored_as", "sha256", "rows", "public_rows", "uploaded_at")
    readonly_fields = ("stored_as", "sha256", "rows", "public_rows", "uploaded_at")

    @admin.display(description=_("Stored file"))
    def stored_as(self, obj):
        return obj.file.name if obj and obj.file else "—"


@admin.register(Competition)
class CompetitionAdmin(HostScopedAdmin):
    competition_path = ""
    change_list_template = "admin/competitions/competition/change_list.html"
    list_display = ("title", "slug", "metric_key", "start_at", "end_at", "is_published", "finalized_at")
    list_filter = ("metric_key", "is_published")
    search_fields = ("title", "slug")
    prepopulated_fields = {"slug": ("title",)}
    filter_horizontal = ("hosts",)
    inlines = [SolutionInline, DataFileInline]
    readonly_fields = ("split_preview", "finalized_at", "data_files_link")
    fieldsets = (
        (None, {"fields": ("title", "slug", "subtitle", "is_published", "submissions_paused", "hosts")}),
        (_("Pages (markdown)"), {"fields": ("overview", "data_description", "rules")}),
        (_("Data"), {"fields": ("data_files_link",)}),
        (pgettext_lazy("admin fieldset", "Scoring"), {"fields": ("metric_key", "metric_params", "public_fraction", "split_preview")}),
        (_("Timeline (UTC)"), {"fields": ("start_at", "entry_deadline", "team_merger_deadline", "end_at",
                                       "finalized_at")}),
        (_("Limits"), {"fields": ("daily_submission_limit", "max_team_size", "max_final_selections",
                               "late_submissions_enabled")}),
    )

    def has_add_permission(self, request):
        return selectors.user_may_host(user=request.user)

    def get_inline_instances(self, request, obj=None):
        """Past INLINE_DATA_FILES files the inline is dropped (620 forms made a 1.5 MB page): the data files
        then have their own paginated list, linked from the page."""
        inlines = super().get_inline_instances(request, obj)
        if obj is not None and obj.data_files.count() > INLINE_DATA_FILES:
            inlines = [inline for inline in inlines if not isinstance(inline, DataFileInline)]
        return inlines

    @admin.display(description=_("Data files"))
    def data_files_link(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        url = reverse("admin:competitions_datafile_changelist") + f"?competition__id__exact={obj.pk}"
        return format_html('<a href="{}">{}</a>', url, _("%(count)d files: list, add, replace") % {
            "count": obj.data_files.count()})

    def save_related(self, request, form, formset, change):
        super().save_related(request, form, formset, change)
        if not change and not request.user.is_superuser:  # whoever creates a competition hosts it
            form.instance.hosts.add(request.user)

    @admin.display(description=_("Public / private split"))
    def split_preview(self, obj):
        solution = getattr(obj, "solution", None) if obj and obj.pk else None
        if solution is None:
            return _("Upload a solution to preview the split.")
        parsed = get_solution(data=stored_read(solution.file.storage, solution.file.name), metric_key=obj.metric_key,
                              params=obj.metric_params, public_fraction=obj.public_fraction, seed=obj.split_seed)
        counts = split_preview(parsed)
        warning = format_html('<p class="errornote">{}</p>', GUESSABLE_SPLIT_WARNING) if obj.split_is_guessable else ""
        rows = format_html_join("", "<tr><td>{}</td><td>{}</td></tr>", (
            (row_id, _("Public") if public else _("Private"))
            for row_id, public in zip(parsed.ids[:PREVIEW_ROWS], parsed.is_public[:PREVIEW_ROWS])))
        summary = format_html(_("{rows} rows: <strong>{public}</strong> public, <strong>{private}</strong> private."),
                              rows=counts["rows"], public=counts["public"], private=counts["private"])
        return format_html("{}<p>{}</p><table><thead><tr><th>id</th><th>{}</th></tr></thead><tbody>{}</tbody></table>",
                           warning, summary, _("split"), rows)

    def get_urls(self):
        load = self.admin_site.admin_view(self.load_bundle_view)
        finalize = self.admin_site.admin_view(self.finalize_view)
        reopen = self.admin_site.admin_view(self.reopen_view)
        return [path("load-bundle/", load, name="competitions_competition_load_bundle"),
                path("<int:pk>/finalize/", finalize, name="competitions_competition_finalize"),
                path("<int:pk>/reopen/", reopen, name="competitions_competition_reopen"), *super().get_urls()]

    def _managed(self, request, pk: int) -> Competition:
        """A competition the user hosts (any, for a superuser); 404 otherwise, never a hint that it exists."""
        return get_object_or_404(self.get_queryset(request), pk=pk)

    def finalize_view(self, request, pk: int):
        """Confirmation page: the private board, shake-up and medals exactly as finalizing will freeze them."""
        competition = self._managed(request, pk)
        back = redirect("admin:competitions_competition_changelist")
        try:
            finalize_check(competition=competition)
        except FinalizeRefused as error:
            messages.error(request, str(error))
            return back
        if request.method == "POST":
            try:
                competition_finalize(competition=competition, actor=request.user)
            except FinalizeRefused as error:  # something changed since the page was shown
                messages.error(request, str(error))
            else:
                messages.success(request, _("%(title)s is finalized: the private leaderboard and medals are "
                                            "public and final.") % {"title": competition.title})
            return back
        context = {**self.admin_site.each_context(request), "opts": self.model._meta, "competition": competition,
                   "standings": final_standings(competition=competition),
                   "title": _("Finalize %(title)s") % {"title": competition.title}}
        return render(request, "admin/competitions/competition/finalize.html", context)

    def reopen_view(self, request, pk: int):
        competition = self._managed(request, pk)
        form = ReopenForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                competition_reopen(competition=competition, actor=request.user, reason=form.cleaned_data["reason"])
            except FinalizeRefused as error:
                form.add_error("reason", str(error))
            else:
                messages.success(request, _("%(title)s is reopened; finalize it again once the results are "
                                            "corrected.") % {"title": competition.title})
                return redirect("admin:competitions_competition_changelist")
        context = {**self.admin_site.each_context(request), "opts": self.model._meta, "competition": competition,
                   "form": form, "title": _("Reopen %(title)s") % {"title": competition.title}}
        return render(request, "admin/competitions/competition/reopen.html", context)

    def load_bundle_view(self, request):
        if not selectors.user_may_host(user=request.user):
            raise PermissionDenied
        form = BundleUploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                competition = _load_uploaded_bundle(form.cleaned_data["bundle"])
            except BundleError as error:
                form.add_error("bundle", str(error))
            else:
                if not request.user.is_superuser:  # whoever loads a bundle hosts the competition
                    competition.hosts.add(request.user)
                messages.success(request, _("Loaded '%(title)s' from the bundle.") % {"title": competition.title})
                return redirect(reverse("admin:competitions_competition_change", args=[competition.pk]))
        context = {**self.admin_site.each_context(request), "form": form, "title": _("Load a competition bundle"),
                   "opts": self.model._meta}
        return render(request, "admin/competitions/competition/load_bundle.html", context)


class ReopenForm(forms.Form):
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), min_length=10, label=_("Reason"),
                             help_text=_("Shown on the leaderboard with your name and the date."))


class BundleUploadForm(forms.Form):
    bundle = forms.FileField(label=_("Bundle"),
                              help_text=_("A .zip holding competition.yaml, its pages, data/ and the solution."))

    def clean_bundle(self):
        upload = self.cleaned_data["bundle"]
        if not upload.name.lower().endswith(".zip"):
            raise ValidationError(_("Upload the bundle as a .zip archive."))
        return upload


def _load_uploaded_bundle(upload) -> Competition:
    with tempfile.TemporaryDirectory() as folder:
        archive = Path(folder) / "bundle.zip"
        with archive.open("wb") as handle:
            for chunk in upload.chunks():
                handle.write(chunk)
        return bundle_load(archive)


@admin.register(DataFile)
class DataFileAdmin(HostScopedAdmin):
    form = DataFileForm
    list_display = ("name", "competition", "size", "is_sample_submission", "created_at")
    list_filter = (("competition", admin.RelatedOnlyFieldListFilter), "is_sample_submission")
    search_fields = ("name",)
    list_per_page = 100
    fields = ("competition", "name", "file", "description", "is_sample_submission", "size", "sha256")
    readonly_fields = ("size", "sha256")

    def has_add_permission(self, request):
        return selectors.user_may_host(user=request.user)

    def has_delete_permission(self, request, obj=None):
        return self._hosts(request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "competition":  # only the host's own competitions to attach a file to
            kwargs["queryset"] = selectors.hosted_competitions(user=request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(RulesAcceptance)
class RulesAcceptanceAdmin(HostScopedAdmin):
    list_display = ("competition", "user", "accepted_at")
    list_filter = (("competition", admin.RelatedOnlyFieldListFilter),)
    readonly_fields = ("competition", "user", "accepted_at")

    def has_add_permission(self, request):
        return False
    search_fields = ("user__username",)


class ScoreInline(admin.TabularInline):
    model = Score
    extra = 0
    can_delete = False
    fields = ("split", "value", "parts", "is_active", "created_at")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Submission)
class SubmissionAdmin(HostScopedAdmin):
    list_display = ("id", "competition", "team", "submitted_by", "status", "public_score", "private_score",
                    "is_late", "created_at", "download")
    list_filter = ("status", ("competition", admin.RelatedOnlyFieldListFilter), "is_late")
    search_fields = ("submitted_by__username", "filename", "sha256")
    readonly_fields = ("uuid", "competition", "submitted_by", "filename", "size", "sha256", "rows", "is_late",
                       "status", "attempts", "claimed_at", "error_message", "created_at", "scored_at")
    exclude = ("file", "claim_token")
    inlines = [ScoreInline]
    actions = ["rescore"]
    change_list_template = "admin/competitions/submission/change_list.html"

    def changelist_view(self, request, extra_context=None):
        """The scoring queue above the list: of the competitions this account hosts (all, for a superuser)."""
        figures = queue_stats.queue_figures(competitions=selectors.hosted_competitions(user=request.user))
        busy = [f for f in figures.values() if f.queued or f.scoring or f.scored_last_hour or f.failed_last_hour]
        queue = {"queue": queue_stats.queue_figures_total(figures=figures.values()), "workers":
                 queue_stats.workers_answering(), "queue_rows": sorted(busy, key=lambda f: -f.queued)}
        return super().changelist_view(request, extra_context={**(extra_context or {}), **queue})

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("competition", "team", "submitted_by").prefetch_related(
            "scores")

    def has_add_permission(self, request):
        return False

    def _score(self, obj, split: str):
        return next((f"{score.value:.5f}" for score in obj.scores.all() if score.split == split and score.is_active),
                    "—")

    @admin.display(description=_("Public"))
    def public_score(self, obj):
        return self._score(obj, "public")

    @admin.display(description=_("Private"))
    def private_score(self, obj):  # hosts see both scores at any time
        return self._score(obj, "private")

    @admin.display(description=_("File"))
    def download(self, obj):
        url = reverse("admin:competitions_submission_download", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, obj.filename)

    def get_urls(self):
        view = self.admin_site.admin_view(self.download_view)
        return [path("<int:pk>/download/", view, name="competitions_submission_download"), *super().get_urls()]

    def download_view(self, request, pk: int):
        submission = get_object_or_404(self.get_queryset(request), pk=pk)
        return stored_attachment(submission.file, filename=submission.filename)

    @admin.action(description=_("Rescore (keeps the old scores, disabled, for audit)"))
    def rescore(self, request, queryset):
        try:
            for submission in queryset:
                submission_rescore(submission=submission)
        except CompetitionFinalized as error:
            self.message_user(request, str(error), messages.ERROR)
            return
        self.message_user(request, _("Queued %(count)d submission(s) for rescoring.") % {"count": queryset.count()},
                          messages.SUCCESS)


class SubmissionGrantInline(HostScopedInline, admin.TabularInline):
    model = SubmissionGrant
    extra = 0
    fields = ("day", "extra", "reason", "granted_by", "created_at")
    readonly_fields = ("granted_by", "created_at")


@admin.register(Team)
class TeamAdmin(HostScopedAdmin):
    list_display = ("name", "competition", "kind", "leader", "is_disqualified", "merged_into", "created_at")
    list_filter = (("competition", admin.RelatedOnlyFieldListFilter), "kind", "is_disqualified")
    search_fields = ("name", "leader__username")
    # Disqualifying goes through the actions (the service checks that the results are not final), not the form.
    readonly_fields = ("competition", "leader", "merged_into", "is_disqualified", "created_at")
    inlines = [SubmissionGrantInline]
    actions = ["disqualify", "requalify"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("competition", "leader", "merged_into")

    def has_add_permission(self, request):
        return False

    def save_formset(self, request, form, formset, change):
        # A new grant goes through the service, as in the portal's host area: it records who gave it, and why, in
        # the team's history, and refuses a grant that gives nothing (a past day, no extra submission).
        for grant in formset.save(commit=False):
            if grant.pk is not None:
                grant.save()
                continue
            try:
                team_grant_submissions(team=grant.team, actor=request.user, day=grant.day, extra=grant.extra,
                                       reason=grant.reason)
            except TeamError as error:
                messages.error(request, str(error))
        for grant in formset.deleted_objects:  # save(commit=False) leaves deletions to the caller
            grant.delete()
        formset.save_m2m()

    def _set_disqualified(self, request, queryset, value: bool):
        try:
            for team in queryset:
                team_set_disqualified(team=team, actor=request.user, disqualified=value)
        except CompetitionFinalized as error:
            self.message_user(request, str(error), messages.ERROR)
            return
        self.message_user(request, _("Updated %(count)d team(s).") % {"count": queryset.count()}, messages.SUCCESS)

    @admin.action(description=_("Disqualify (removed from the rankings)"))
    def disqualify(self, request, queryset):
        self._set_disqualified(request, queryset, True)

    @admin.action(description=_("Reinstate"))
    def requalify(self, request, queryset):
        self._set_disqualified(request, queryset, False)


def _one(modeladmin, request, queryset, verb: str):
    if queryset.count() != 1:
        modeladmin.message_user(request, _("%(verb)s one competition at a time.") % {"verb": verb}, messages.ERROR)
        return None
    return queryset.get()


@admin.action(description=_("Finalize: preview, then freeze the private leaderboard and medals"))
def finalize_competitions(modeladmin, request, queryset):
    if competition := _one(modeladmin, request, queryset, _("Finalize")):
        return redirect("admin:competitions_competition_finalize", pk=competition.pk)
    return None


@admin.action(description=_("Reopen a finalized competition (with a reason) to rescore or disqualify"))
def reopen_competitions(modeladmin, request, queryset):
    if competition := _one(modeladmin, request, queryset, _("Reopen")):
        return redirect("admin:competitions_competition_reopen", pk=competition.pk)
    return None


GUESSABLE_SPLIT_WARNING = _(
    "This competition was created before Podium drew secret split seeds: unless its solution has a Usage column, "
    "a participant who knows the split algorithm can work out which rows are public. Use the action \"Draw a "
    "secret public/private split\" (it rescores every submission), or add a Usage column to the solution.")


@admin.action(description=_("Draw a secret public/private split (rescores every submission)"))
def redraw_split(modeladmin, request, queryset):
    for competition in queryset:
        try:
            rescored = competition_redraw_split(competition=competition)
        except CompetitionFinalized as error:
            modeladmin.message_user(request, str(error), messages.ERROR)
            continue
        modeladmin.message_user(request, _("%(title)s: new secret split drawn; %(count)d submission(s) queued for "
                                           "rescoring.") % {"title": competition.title, "count": rescored},
                                messages.SUCCESS)


@admin.action(description=_("Pause submissions"))
def pause_submissions(modeladmin, request, queryset):
    queryset.update(submissions_paused=True)


@admin.action(description=_("Resume submissions"))
def resume_submissions(modeladmin, request, queryset):
    queryset.update(submissions_paused=False)


CompetitionAdmin.actions = [finalize_competitions, reopen_competitions, pause_submissions, resume_submissions,
                            redraw_split]
