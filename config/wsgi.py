from django.core.wsgi import get_wsgi_application

from yipanqi.cli import configure

configure()
application = get_wsgi_application()
