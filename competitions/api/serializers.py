from rest_framework import serializers


class CompetitionOutputSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    title = serializers.CharField()
    subtitle = serializers.CharField()
    url = serializers.SerializerMethodField()
    phase = serializers.CharField()
    metric = serializers.CharField(source="metric_key")
    metric_label = serializers.CharField(source="metric.label")
    greater_is_better = serializers.BooleanField(source="metric.greater_is_better")
    start_at = serializers.DateTimeField()
    entry_deadline = serializers.DateTimeField(source="effective_entry_deadline")
    team_merger_deadline = serializers.DateTimeField(source="effective_merger_deadline")
    end_at = serializers.DateTimeField()
    daily_submission_limit = serializers.IntegerField()
    max_team_size = serializers.IntegerField()
    max_final_selections = serializers.IntegerField()
    late_submissions_enabled = serializers.BooleanField()
    participant_count = serializers.IntegerField()

    def get_url(self, competition) -> str:
        request = self.context.get("request")
        path = f"/competitions/{competition.slug}/"
        return request.build_absolute_uri(path) if request else path


class CompetitionDetailOutputSerializer(CompetitionOutputSerializer):
    overview = serializers.CharField()
    rules = serializers.CharField()
    data_description = serializers.CharField()
    rules_accepted = serializers.BooleanField()


class DataFileOutputSerializer(serializers.Serializer):
    name = serializers.CharField()
    size = serializers.IntegerField()
    sha256 = serializers.CharField()
    description = serializers.CharField()
    is_sample_submission = serializers.BooleanField()
    created_at = serializers.DateTimeField()
    download_url = serializers.SerializerMethodField()

    def get_download_url(self, data_file) -> str:
        path = f"/api/v1/competitions/{data_file.competition.slug}/data/{data_file.name}"
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class RulesAcceptanceOutputSerializer(serializers.Serializer):
    competition = serializers.SlugField(source="competition.slug")
    accepted_at = serializers.DateTimeField()
