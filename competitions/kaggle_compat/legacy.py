"""The kaggle CLI 1.6.x REST path family, mapped onto the same method handlers as 2.x."""

from . import methods
from .views import KaggleView, call_method


def _form(request) -> dict:
    """The form (or JSON object) of a POST; anything else, a JSON list say, reads as empty."""
    return request.data if isinstance(request.data, dict) else {}


class ListCompetitions(KaggleView):
    def get(self, request):
        body = {"group": request.GET.get("group", ""), "sortBy": request.GET.get("sortBy", ""),
                "search": request.GET.get("search", ""), "page": request.GET.get("page", 1)}
        return call_method(methods.list_competitions, request, body, unwrap="competitions")


class ListDataFiles(KaggleView):
    def get(self, request, slug: str):
        return call_method(methods.list_data_files, request, {"competitionName": slug})


class DownloadDataFile(KaggleView):
    def get(self, request, slug: str, name: str):
        return call_method(methods.download_data_file, request, {"competitionName": slug, "fileName": name})


class DownloadAllDataFiles(KaggleView):
    def get(self, request, slug: str):
        return call_method(methods.download_data_files, request, {"competitionName": slug})


class StartUpload(KaggleView):
    def post(self, request, slug: str, content_length: int, last_modified: int):
        body = {"competitionName": slug, "contentLength": content_length,
                "fileName": _form(request).get("fileName", "")}
        return call_method(methods.start_submission_upload, request, body)


class Submit(KaggleView):
    def post(self, request, slug: str):
        form = _form(request)
        body = {"competitionName": slug, "blobFileTokens": form.get("blobFileTokens", ""),
                "submissionDescription": form.get("submissionDescription", "")}
        return call_method(methods.create_submission, request, body)


class ListSubmissions(KaggleView):
    def get(self, request, slug: str):
        body = {"competitionName": slug, "page": request.GET.get("page", 1)}
        return call_method(methods.list_submissions, request, body, unwrap="submissions")


class ViewLeaderboard(KaggleView):
    def get(self, request, slug: str):
        return call_method(methods.get_leaderboard, request, {"competitionName": slug, "pageSize": 200})


class DownloadLeaderboard(KaggleView):
    def get(self, request, slug: str):
        return call_method(methods.download_leaderboard, request, {"competitionName": slug})
