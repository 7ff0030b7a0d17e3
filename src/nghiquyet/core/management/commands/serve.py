"""`nghiquyet serve [--port N]`: the web app on 127.0.0.1, static files served by WhiteNoise."""

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Chạy ứng dụng web (mặc định http://127.0.0.1:8000)"

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--host", default="127.0.0.1")

    def handle(self, *args, host: str, port: int, **options):
        call_command("runserver", f"{host}:{port}", use_reloader=False)
