from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Count, Q, QuerySet

from .models import Competition, DataFile, RulesAcceptance


def user_is_host(*, user: User | AnonymousUser, competition: Competition) -> bool:
    if not user.is_authenticated:
        return False
    return user.is_staff or competition.hosts.filter(pk=user.pk).exists()


def competition_list(*, user: User | AnonymousUser) -> QuerySet[Competition]:
    """Published competitions, plus the drafts this user hosts (staff see every draft)."""
    visible = Q(is_published=True)
    if user.is_authenticated:
        visible |= Q() if user.is_staff else Q(hosts=user)
    return (
        Competition.objects.filter(visible)
        .distinct()
        .annotate(participant_count=Count("rules_acceptances", distinct=True))
        .order_by("-start_at")
    )


def competition_get(*, slug: str, user: User | AnonymousUser) -> Competition:
    """Raises Competition.DoesNotExist for unknown slugs and for drafts the user may not see."""
    return competition_list(user=user).get(slug=slug)


def rules_accepted(*, user: User | AnonymousUser, competition: Competition) -> bool:
    if not user.is_authenticated:
        return False
    return RulesAcceptance.objects.filter(user=user, competition=competition).exists()


def data_file_list(*, competition: Competition) -> QuerySet[DataFile]:
    return competition.data_files.order_by("name")


def data_file_get(*, competition: Competition, name: str) -> DataFile:
    return competition.data_files.get(name=name)
