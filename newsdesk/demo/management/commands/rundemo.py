import os
import signal
import subprocess
import sys
import time

from django.core.management.base import BaseCommand

DEMO_LOGIN = ("editor@newsdesk.example", "newsdesk-demo")


class Command(BaseCommand):
    help = "Serve the demo site with its task worker and periodic-job scheduler; Ctrl-C stops all three."

    def add_arguments(self, parser):
        parser.add_argument("--port", default=os.environ.get("PORT", "8000"))
        parser.add_argument("--host", default="127.0.0.1")

    def handle(self, *args, **options):
        manage = [sys.executable, "manage.py"]
        commands = {
            "web": [*manage, "runserver", "--noreload", f"{options['host']}:{options['port']}"],
            "worker": [*manage, "db_worker", "--no-reload"],
            "scheduler": [*manage, "run_scheduler"],
        }
        children = {name: subprocess.Popen(cmd) for name, cmd in commands.items()}  # noqa: S603 - our own commands
        url = f"http://{options['host']}:{options['port']}/"
        self.stdout.write(self.style.SUCCESS(f"\nNewsdesk demo: {url}"))
        self.stdout.write(f"Editors' admin: {url}admin/  (login: {DEMO_LOGIN[0]} / password: {DEMO_LOGIN[1]})")
        self.stdout.write("Other demo users (same password): subeditor, publiceditor, moderator, admin")
        self.stdout.write("Press Ctrl-C to stop the site, the worker and the scheduler.\n")
        # Ctrl-C (SIGINT) and SIGTERM both stop everything, even where a parent shell started us ignoring SIGINT.
        signal.signal(signal.SIGINT, signal.default_int_handler)
        signal.signal(signal.SIGTERM, signal.default_int_handler)
        try:
            while all(child.poll() is None for child in children.values()):
                time.sleep(0.5)
            dead = [name for name, child in children.items() if child.poll() is not None]
            self.stderr.write(f"{', '.join(dead)} stopped; stopping the rest.")
        except KeyboardInterrupt:
            self.stdout.write("\nStopping...")
        finally:
            for child in children.values():
                if child.poll() is None:
                    child.terminate()
            for child in children.values():
                try:
                    child.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    child.kill()
