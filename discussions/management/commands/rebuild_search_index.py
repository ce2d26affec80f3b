from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from discussions.models import SearchDocument
from discussions.search import backend_name, get_backend


class Command(BaseCommand):
    help = ("Drops and rebuilds the Elasticsearch index from the SearchDocument rows (after restoring a backup, "
            "changing analyzers, or an outage longer than the sync task's retries).")

    def handle(self, *args, **options):
        if backend_name() != "elasticsearch":
            raise CommandError(_("ELASTICSEARCH_URL is not set: the database backend searches its rows directly, "
                                 "there is no index to rebuild."))
        backend = get_backend()
        backend.drop_index()
        count = 0
        for document in SearchDocument.objects.order_by("pk").iterator(chunk_size=500):
            backend.put(document)
            count += 1
        backend.refresh()
        message = _("Indexed %(count)s document(s) into '%(index)s'.") % {"count": count, "index": backend.index}
        self.stdout.write(self.style.SUCCESS(message))
