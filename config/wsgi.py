import os

from django.core.wsgi import get_wsgi_application

from config import warmup

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
application = get_wsgi_application()
warmup.start()  # each gunicorn worker imports this module once, as it starts
