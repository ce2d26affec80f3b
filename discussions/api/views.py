"""Read-only REST endpoints for topics, code and search (what the kaggle CLI's `competitions topics` will read)."""

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import APIView

from competitions import selectors as competition_selectors
from competitions.models import Competition

from .. import selectors
from ..models import CodeEntry, Topic
from .serializers import (
    CodeDetailOutputSerializer,
    CodeOutputSerializer,
    SearchHitOutputSerializer,
    TopicDetailOutputSerializer,
    TopicOutputSerializer,
)


def _competition(request, slug: str | None) -> Competition | None:
    if slug is None:
        return None
    try:
        return competition_selectors.competition_get(slug=slug, user=request.user)
    except Competition.DoesNotExist:
        raise Http404(_("No competition '{slug}'.").format(slug=slug))


class TopicListApi(APIView):
    class FilterSerializer(serializers.Serializer):
        sort = serializers.ChoiceField(choices=list(selectors.SORTS), default="hot")
        kind = serializers.ChoiceField(choices=Topic.Kind.values, required=False)

    @extend_schema(parameters=[FilterSerializer], responses=TopicOutputSerializer(many=True))
    def get(self, request, slug: str | None = None):
        competition = _competition(request, slug)
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        topics = selectors.topic_list(user=request.user, competition=competition, **filters.validated_data) \
            .select_related("competition")
        paginator = PageNumberPagination()
        page = paginator.paginate_queryset(topics, request, view=self)
        data = TopicOutputSerializer(page, many=True, context={"request": request}).data
        return paginator.get_paginated_response(data)


class TopicDetailApi(APIView):
    @extend_schema(responses=TopicDetailOutputSerializer)
    def get(self, request, pk: int):
        try:
            topic = selectors.topic_get(user=request.user, pk=pk)
        except Topic.DoesNotExist:
            raise Http404(_("No topic {pk}.").format(pk=pk))
        topic.thread = selectors.post_thread(topic=topic, user=request.user)
        if topic.is_deleted:
            topic.title = "[deleted]"
        return Response(TopicDetailOutputSerializer(topic, context={"request": request}).data)


class CodeListApi(APIView):
    class FilterSerializer(serializers.Serializer):
        sort = serializers.ChoiceField(choices=list(selectors.CODE_SORTS), default="hot")

    @extend_schema(parameters=[FilterSerializer], responses=CodeOutputSerializer(many=True))
    def get(self, request, slug: str):
        competition = _competition(request, slug)
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        entries = selectors.code_list(competition=competition, **filters.validated_data) \
            .select_related("competition", "forked_from")
        paginator = PageNumberPagination()
        page = paginator.paginate_queryset(entries, request, view=self)
        return paginator.get_paginated_response(CodeOutputSerializer(page, many=True).data)


class CodeDetailApi(APIView):
    @extend_schema(responses=CodeDetailOutputSerializer)
    def get(self, request, pk: int):
        try:
            entry = selectors.code_get(user=request.user, pk=pk)
        except CodeEntry.DoesNotExist:
            raise Http404(_("No code {pk}.").format(pk=pk))
        entry.version_list = list(entry.versions.order_by("-number"))
        return Response(CodeDetailOutputSerializer(entry, context={"request": request}).data)


class SearchApi(APIView):
    class QuerySerializer(serializers.Serializer):
        q = serializers.CharField(max_length=200)
        competition = serializers.SlugField(required=False, allow_unicode=True)  # slugs may hold Hangul
        page = serializers.IntegerField(min_value=1, max_value=500, default=1)

    @extend_schema(parameters=[QuerySerializer, OpenApiParameter("q", str, required=True)],
                   responses=SearchHitOutputSerializer(many=True))
    def get(self, request):
        params = self.QuerySerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        competition = _competition(request, params.validated_data.get("competition"))
        results = selectors.search(user=request.user, text=params.validated_data["q"], competition=competition,
                                   page=params.validated_data["page"])
        return Response({"count": results.total, "backend": results.backend,
                         "results": SearchHitOutputSerializer(results.hits, many=True).data})
