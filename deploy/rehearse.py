"""Rehearse the production install of docs/deploy.md on this machine's loopback, then check what readers get.

    make rehearse        (or: python -m deploy.rehearse, from the checkout)

It follows the runbook: the release copied where the systemd units run it (a temporary directory stands in for
/srv/newsdesk), a virtualenv with the production dependencies only (requirements-prod.lock, hashes required), the
PostgreSQL role and database made with psql as "Provision" says, deploy/env.example with only its documented
variables filled in, migrate, collectstatic, newsroom_setup and newsroom_admin; then two app servers, the task
worker and the scheduler as the units start them, Varnish and nginx with the shipped files written by
deploy/render.py from that environment file. Each step prints its time; the run ends with one
"rehearse: N passed, N failed" line and exits 1 at the first failure. Everything it made is removed at the end:
processes, the temporary directory, the database and role, and its Redis database (which must be empty to start).

Needs: nginx with the Lua and Brotli modules, varnishd with varnish-modules, openssl, psql, PostgreSQL and Redis
(see .ci/run). Settings: REHEARSE_PG_ADMIN_URL (postgres://postgres@127.0.0.1:5432/postgres), REHEARSE_REDIS_URL
(redis://127.0.0.1:6379/11), REHEARSE_PYTHON (the interpreter the production virtualenv is made from; by default
the system's /usr/bin/python3 when it is 3.11 or later, as the runbook's `python3 -m venv`).
"""

from __future__ import annotations

import http.client
import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import redis

from deploy.harness import (
    Front,
    free_port,
    nginx_site_moved,
    start_nginx_site,
    tls_certificate,
    varnish,
    varnish_backends,
)
from deploy.render import read_env_file
from newsdesk.outbox.tests.smtp import SilentSmtp, SmtpSink

ROOT = Path(__file__).resolve().parent.parent
PG_ADMIN_URL = os.environ.get("REHEARSE_PG_ADMIN_URL", "postgres://postgres@127.0.0.1:5432/postgres")
REDIS_URL = os.environ.get("REHEARSE_REDIS_URL", "redis://127.0.0.1:6379/11")


def _base_python() -> str:
    """The runbook's `python3 -m venv` uses the system's Python; so does the rehearsal, when it is recent enough.

    A Python installed under a private home (pyenv under /root, say) would leave the app's own user unable to run
    the virtualenv made from it, which is not what a server looks like.
    """
    if "REHEARSE_PYTHON" in os.environ:
        return os.environ["REHEARSE_PYTHON"]
    system = "/usr/bin/python3"
    if os.path.exists(system):
        version = subprocess.run(
            [system, "-c", "import sys, venv, ensurepip; print(sys.version_info >= (3, 11))"],
            capture_output=True,
            text=True,
            check=False,
        )
        if version.stdout.strip() == "True":
            return system
    return sys.executable


BASE_PYTHON = _base_python()
# What the dev extra brings and production must not carry.
DEV_ONLY_MODULES = ("pytest", "pytest_django", "playwright", "ruff", "piptools", "fakeredis", "time_machine")
HOST = "news.example"
SITE_URL = f"https://{HOST}"
EMAILS_WHILE_DOWN = 3
MARK = "rehearse-answer: "
APP_USER = "newsdesk"  # the units' User=, and the runbook's adduser


class RehearsalFailed(Exception):
    """What the runbook promised did not happen."""


def check(condition: object, message: str) -> None:
    if not condition:
        raise RehearsalFailed(message)


def until(probe: Callable[[], object], what: str, timeout: float) -> object:
    """Call `probe` until it returns something true; return that, or fail naming `what` after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        try:
            last = probe()
        except OSError as error:
            last = error
        else:
            if last:
                return last
        time.sleep(0.3)
    raise RehearsalFailed(f"{what}: not within {timeout:.0f}s (last seen: {last!r})")


def fetch(port: int, path: str, headers: dict | None = None) -> tuple[int, http.client.HTTPMessage, bytes]:
    """GET from an app server or Varnish on loopback as nginx forwards a reader's HTTPS request."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=15)
    try:
        connection.request("GET", path, headers={"Host": HOST, "X-Forwarded-Proto": "https", **(headers or {})})
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


class Rehearsal:
    def __init__(self, stack: ExitStack):
        self.stack = stack
        self.started = time.monotonic()
        self.passed = 0
        self.tmp = Path(tempfile.mkdtemp(prefix="newsdesk-rehearse-"))
        self.tmp.chmod(0o755)  # nginx's and Varnish's unprivileged users read the release and media under it
        stack.callback(shutil.rmtree, self.tmp, ignore_errors=True)
        self.srv = self.tmp / "srv" / "newsdesk"
        self.app = self.srv / "app"
        self.env_file = self.tmp / "etc" / "newsdesk" / "env"
        self.logs = self.tmp / "log"
        self.logs.mkdir()
        self.name = f"nd_rehearse_{os.getpid()}"
        self.password = secrets.token_urlsafe(18)
        self.ports = {
            name: free_port() for name in ("app1", "app2", "app3", "varnish", "nginx_http", "nginx_https", "smtp")
        }
        self.processes: dict[str, subprocess.Popen] = {}
        # Run as root (as CI does), the app's commands and services run as the app's user, as the units say.
        self.run_as: list[str] = []

    # -- plumbing ------------------------------------------------------------------------------------------------

    @contextmanager
    def step(self, title: str) -> Iterator[None]:
        began = time.monotonic()
        try:
            yield
        except Exception:
            print(f"FAIL {time.monotonic() - began:6.1f}s  {title}", flush=True)
            raise
        self.passed += 1
        print(f"ok   {time.monotonic() - began:6.1f}s  {title}", flush=True)

    def sourced(self, command: str, env_file: Path | None = None) -> subprocess.CompletedProcess:
        """Run a shell command in the release with the environment file loaded as the runbook says."""
        env_file = env_file or self.env_file
        return subprocess.run(
            [*self.run_as, "/bin/bash", "-euc", f"set -a; . {env_file}; set +a; {command}"],
            cwd=self.app,
            env={"PATH": "/usr/bin:/bin", "HOME": str(self.tmp), "LANG": "C.UTF-8"},
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )

    def manage(self, *args: str, env_file: Path | None = None) -> str:
        quoted = " ".join("'" + arg.replace("'", "'\\''") + "'" for arg in args)
        result = self.sourced(f".venv/bin/python manage.py {quoted}", env_file)
        check(result.returncode == 0, f"manage.py {args[0]} failed:\n{result.stdout[-2000:]}{result.stderr[-3000:]}")
        return result.stdout

    def shell(self, code: str) -> dict:
        """Run Python in the installed release (manage.py shell) and return what it prints with `print(json.dumps(`.

        The printed line is marked, so the app's own log lines on the same output are told apart from it.
        """
        out = self.manage("shell", "-c", code.replace("print(json.dumps(", f"print({MARK!r} + json.dumps("))
        answers = [line.removeprefix(MARK) for line in out.splitlines() if line.startswith(MARK)]
        check(len(answers) == 1, f"manage.py shell printed no answer:\n{out[-2000:]}")
        return json.loads(answers[0])

    def service_env(self, **extra: str) -> dict[str, str]:
        """The environment a systemd unit gives its process: the EnvironmentFile plus the unit's own settings."""
        return {
            "PATH": "/usr/bin:/bin",
            "HOME": str(self.tmp),
            "LANG": "C.UTF-8",
            **read_env_file(self.env_file),
            **extra,
        }

    def start(self, name: str, argv: list[str], env: dict[str, str]) -> subprocess.Popen:
        log = (self.logs / f"{name}.log").open("wb")
        proc = subprocess.Popen([*self.run_as, *argv], cwd=self.app, env=env, stdout=log, stderr=subprocess.STDOUT)
        log.close()
        self.processes[name] = proc

        def stop() -> None:
            if proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()

        self.stack.callback(stop)
        return proc

    def alive(self, name: str) -> None:
        proc = self.processes[name]
        check(proc.poll() is None, f"{name} exited ({proc.returncode}):\n{self.tail(name)}")

    def tail(self, name: str, lines: int = 30) -> str:
        path = self.logs / f"{name}.log"
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:]) if path.exists() else ""

    def unit_command(self, unit: str) -> list[str]:
        """Return the ExecStart of a shipped systemd unit, with /srv/newsdesk moved to the stand-in directory."""
        for line in (ROOT / "deploy" / "systemd" / unit).read_text().splitlines():
            if line.startswith("ExecStart="):
                return line.removeprefix("ExecStart=").replace("/srv/newsdesk", str(self.srv)).split()
        raise RehearsalFailed(f"{unit} has no ExecStart")

    def start_app_server(self, name: str, **extra: str) -> None:
        port = self.ports[name]
        # One worker process each (WEB_WORKERS, newsdesk/server.py): three servers share this machine's cores.
        env = self.service_env(WEB_BIND=f"127.0.0.1:{port}", WEB_WORKERS="1", **extra)
        self.start(name, self.unit_command("newsdesk-web.service"), env)

        def answering() -> bool:
            self.alive(name)
            return fetch(port, "/healthz")[0] in (200, 503)

        until(answering, f"{name} answering on 127.0.0.1:{port}", 90)

    # -- the runbook ---------------------------------------------------------------------------------------------

    def install(self) -> None:
        with self.step("install: the release copied to <tmp>/srv/newsdesk/app, where the systemd units run it"):
            listed = subprocess.run(
                ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                cwd=ROOT,
                capture_output=True,
                check=True,
            )
            for name in filter(None, listed.stdout.decode().split("\0")):
                source = ROOT / name
                if source.is_file() and not source.is_symlink():
                    target = self.app / name
                    target.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copy2(source, target)
            (self.srv / "media").mkdir()
            (self.srv / "static").mkdir()
            check((self.app / "requirements-prod.lock").is_file(), "requirements-prod.lock is not in the release")

        with self.step("install: virtualenv with production dependencies only (requirements-prod.lock, hashes)"):
            subprocess.run([BASE_PYTHON, "-m", "venv", str(self.app / ".venv")], check=True, capture_output=True)
            pip = subprocess.run(
                [str(self.app / ".venv/bin/python"), "-m", "pip", "install", "--quiet", "--require-hashes"]
                + ["-r", str(self.app / "requirements-prod.lock")],
                capture_output=True,
                text=True,
                check=False,
            )
            check(pip.returncode == 0, f"pip install failed:\n{pip.stderr[-3000:]}")
            probe = (
                "import importlib.util as u, json, sys; print(json.dumps([m for m in sys.argv[1:] if u.find_spec(m)]))"
            )
            found = subprocess.run(
                [str(self.app / ".venv/bin/python"), "-c", probe, "django", "wagtail", "granian", "psycopg"]
                + list(DEV_ONLY_MODULES),
                capture_output=True,
                text=True,
                check=True,
            )
            check(
                json.loads(found.stdout) == ["django", "wagtail", "granian", "psycopg"],
                f"the production virtualenv has {found.stdout.strip()}: expected the app's and none of the dev extra",
            )

    def provision(self) -> None:
        with self.step("provision: PostgreSQL role and a database it owns (psql, as the runbook says)"):
            sql = [
                f"CREATE ROLE {self.name} LOGIN PASSWORD '{self.password}'",
                f"CREATE DATABASE {self.name} OWNER {self.name}",
            ]
            self.stack.callback(self.drop_database)
            for statement in sql:
                subprocess.run(["psql", PG_ADMIN_URL, "-qc", statement], check=True, capture_output=True)

        self.app_user()

    def app_user(self) -> None:
        if os.geteuid() != 0:
            print(f"     not root: {APP_USER}'s user and the runbook's ownership are not rehearsed", flush=True)
            return
        with self.step(f"provision: the {APP_USER} system user; static and media its own, the release read-only"):
            if subprocess.run(["id", "-u", APP_USER], capture_output=True, check=False).returncode != 0:
                home = ["--home", str(self.srv)]
                if shutil.which("adduser"):
                    command = ["adduser", "--system", "--group", *home, "--no-create-home", APP_USER]
                else:  # the same user, where Debian's adduser is not installed
                    command = ["useradd", "--system", "--user-group", "--home-dir", str(self.srv), "-M", APP_USER]
                subprocess.run(command, check=True, capture_output=True)
                self.stack.callback(subprocess.run, ["userdel", APP_USER], check=False, capture_output=True)
                self.stack.callback(subprocess.run, ["groupdel", APP_USER], check=False, capture_output=True)
            for directory in ("static", "media"):
                shutil.chown(self.srv / directory, APP_USER, APP_USER)
            # By its full path: the units' environment (PATH=/usr/bin:/bin) does not reach /usr/sbin.
            self.run_as = [shutil.which("runuser") or "/usr/sbin/runuser", "-u", APP_USER, "--"]
            probe = subprocess.run(
                [*self.run_as, "/bin/sh", "-c", f"touch {self.app}/written 2>/dev/null; touch {self.srv}/media/ok"],
                capture_output=True,
                check=False,
            )
            check(probe.returncode == 0, f"{APP_USER} cannot write to MEDIA_ROOT: {probe.stderr!r}")
            check(not (self.app / "written").exists(), f"{APP_USER} can write to the release")
            (self.srv / "media" / "ok").unlink()

    def drop_database(self) -> None:
        for statement in (f"DROP DATABASE IF EXISTS {self.name} WITH (FORCE)", f"DROP ROLE IF EXISTS {self.name}"):
            subprocess.run(["psql", PG_ADMIN_URL, "-qc", statement], check=False, capture_output=True)

    def environment_values(self) -> dict[str, str]:
        pg = urlsplit(PG_ADMIN_URL)
        cert, key = tls_certificate(self.tmp)
        return {
            "SECRET_KEY": secrets.token_urlsafe(50),
            "DATABASE_URL": f"postgres://{self.name}:{self.password}@{pg.hostname}:{pg.port or 5432}/{self.name}",
            "REDIS_URL": REDIS_URL,
            "ALLOWED_HOSTS": HOST,
            "SITE_URL": SITE_URL,
            "VARNISH_PURGE_URLS": f"http://127.0.0.1:{self.ports['varnish']}/",
            "STATIC_ROOT": str(self.srv / "static"),
            "MEDIA_ROOT": str(self.srv / "media"),
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(self.ports["smtp"]),
            # The scheduler polls the ECB from its first minute: on loopback, where nothing listens, so the
            # rehearsal never leaves this machine (the failure takes the fetch's back-off path).
            "MARKETS_ECB_DAILY_URL": f"https://127.0.0.1:{free_port()}/eurofxref-daily.xml",
            "NEWSDESK_APP_DIR": str(self.app),
            "NGINX_UPSTREAM": f"127.0.0.1:{self.ports['varnish']}",
            "VARNISH_BACKENDS": f"127.0.0.1:{self.ports['app1']},127.0.0.1:{self.ports['app2']}",
            "VARNISH_PURGERS": "127.0.0.1,::1",
            "NGINX_TLS_CERTIFICATE": str(cert),
            "NGINX_TLS_CERTIFICATE_KEY": str(key),
        }

    def configure(self) -> None:
        with self.step("configure: /etc/newsdesk/env from deploy/env.example, its documented variables filled in"):
            values = self.environment_values()
            lines, seen = [], set()
            for line in (self.app / "deploy" / "env.example").read_text().splitlines():
                name, sep, _ = line.removeprefix("# ").partition("=")
                if sep and name in values and name not in seen and (line.startswith(name) or line.startswith("# ")):
                    lines.append(f"{name}={values[name]}")
                    seen.add(name)
                else:
                    lines.append(line)
            check(seen == set(values), f"deploy/env.example does not document {sorted(set(values) - seen)}")
            self.env_file.parent.mkdir(parents=True)
            self.env_file.write_text("\n".join(lines) + "\n")
            if self.run_as:  # the runbook: root:newsdesk, 640
                shutil.chown(self.env_file, "root", APP_USER)
                self.env_file.chmod(0o640)
                self.env_file.parent.chmod(0o755)
            else:
                self.env_file.chmod(0o600)

    def first_run(self) -> None:
        with self.step("install: migrate"):
            self.manage("migrate", "--noinput")
        with self.step("install: collectstatic"):
            self.manage("collectstatic", "--noinput")
        with self.step("first run: newsroom_setup and newsroom_admin"):
            self.manage("newsroom_setup", "--name", "The Rehearsal Times", "--site-url", SITE_URL, "--section", "News")
            result = self.sourced(
                f"NEWSDESK_ADMIN_PASSWORD={secrets.token_urlsafe(16)} .venv/bin/python manage.py newsroom_admin "
                "chief@news.example --no-input"
            )
            check(result.returncode == 0, f"newsroom_admin failed: {result.stderr[-2000:]}")

    def start_services(self) -> None:
        with self.step("start: two app servers (the web unit's granian) and the task worker"):
            self.silent_smtp = self.stack.enter_context(SilentSmtp(port=self.ports["smtp"]))
            for name in ("app1", "app2"):
                self.start_app_server(name)
            self.start("worker", self.unit_command("newsdesk-worker.service"), self.service_env())
        with self.step("start: Varnish with the shipped VCL rendered by deploy/render.py, a director over both"):
            rendered = self.render("varnish/newsdesk.vcl")
            backends = self.service_env()["VARNISH_BACKENDS"].split(",")
            self.varnish_url, self.varnish_state = self.stack.enter_context(
                varnish(*backends, port=self.ports["varnish"], vcl=rendered)
            )
        with self.step("start: nginx with the shipped site file rendered by deploy/render.py"):
            nginx_dir = self.tmp / "nginx"
            nginx_dir.mkdir(mode=0o755)
            site = nginx_site_moved(
                self.render("nginx/newsdesk.conf"), nginx_dir, self.ports["nginx_http"], self.ports["nginx_https"]
            )
            proc = start_nginx_site(site, nginx_dir)
            self.processes["nginx"] = proc
            self.stack.callback(lambda: (proc.terminate(), proc.wait(timeout=10)))
            self.front = Front(
                self.ports["nginx_http"],
                self.ports["nginx_https"],
                Path(self.service_env()["NGINX_TLS_CERTIFICATE"]),
                nginx_dir,
            )

            def answering() -> bool:
                check(proc.poll() is None, f"nginx exited: {proc.stderr.read().decode(errors='replace')}")
                return self.front.get("/healthz")[0] == 200

            until(answering, "nginx answering /healthz", 30)

    def render(self, template: str) -> str:
        result = subprocess.run(
            [BASE_PYTHON, str(self.app / "deploy" / "render.py"), "--env", str(self.env_file)]
            + [str(self.app / "deploy" / template)],
            capture_output=True,
            text=True,
            check=False,
        )
        check((result.returncode, result.stderr) == (0, ""), f"deploy/render.py {template}: {result.stderr}")
        return result.stdout

    # -- what readers get ----------------------------------------------------------------------------------------

    def article(self, title: str, *, go_live_in: float | None = None) -> dict:
        schedule = (
            f"article.go_live_at = timezone.now() + timedelta(seconds={go_live_in}); " if go_live_in is not None else ""
        )
        return self.shell(
            "import json; from datetime import timedelta; from django.utils import timezone; "
            "from newsdesk.news.models import ArticlePage, SectionPage; "
            "section = SectionPage.objects.live().get(slug='news'); "
            f"article = ArticlePage(title={title!r}, standfirst='Filed during the rehearsal.', live=False); "
            "section.add_child(instance=article); "
            f"{schedule}article.save_revision().publish(); article.refresh_from_db(); "
            "print(json.dumps({'id': article.pk, 'url': article.url, 'live': article.live}))"
        )

    def pages_and_edge_hits(self) -> None:
        with self.step("pages: served through nginx; the second read a hit from Redis (nginx) and from Varnish"):
            self.story = self.article("Water restrictions eased in the valley")
            status, headers, body = self.front.get(self.story["url"])
            check(status == 200 and b"Water restrictions eased" in body, f"first read of the article: {status}")
            status, headers, _ = self.front.get(self.story["url"])
            check(headers.get("X-Page-Cache") == "edge", f"second read not answered by nginx: {dict(headers)}")
            status, headers, _ = self.front.get("/")
            status, headers, _ = self.front.get("/")
            check((status, headers.get("X-Page-Cache")) == (200, "edge"), f"front page second read: {status}")
            # The first read passed through Varnish on its way to the app, which kept it.
            status, headers, body = fetch(self.ports["varnish"], self.story["url"])
            check(status == 200 and headers.get("X-Varnish-Cache") == "hit", f"Varnish: {status} {dict(headers)}")

    def backends_healthy(self) -> None:
        with self.step("Varnish: both app servers healthy by the shipped /healthz probe (varnishadm backend.list)"):
            expected = {"app1": "healthy", "app2": "healthy", "app_servers": "healthy"}
            until(lambda: varnish_backends(self.varnish_state) == expected, f"backends {expected}", 40)

    def publish_reaches_readers(self) -> None:
        with self.step("publish: an edit reaches readers through nginx, Varnish and both app servers"):
            new_title = "Water restrictions lifted in the valley"
            self.shell(
                "import json; from newsdesk.news.models import ArticlePage; "
                f"article = ArticlePage.objects.get(pk={self.story['id']}); article.title = {new_title!r}; "
                "article.save_revision().publish(); print(json.dumps({}))"
            )
            marker = new_title.encode()
            until(lambda: marker in self.front.get(self.story["url"])[2], "the edit through nginx", 10)
            until(lambda: marker in fetch(self.ports["varnish"], self.story["url"])[2], "the edit through Varnish", 15)
            for name in ("app1", "app2"):
                until(
                    lambda name=name: marker in fetch(self.ports[name], self.story["url"])[2], f"the edit on {name}", 10
                )

    def hung_mail_server(self) -> None:
        with self.step("email: a relay that accepts and never answers does not hold up a scheduled publish"):
            self.queued = self.shell(
                "import json; from django.core.mail import EmailMessage; "
                "from newsdesk.outbox.services import message_queue; "
                "rows = [message_queue(message=EmailMessage(f'Rehearsal {n}', 'Sent while the relay was down.', "
                f"to=[f'reader{{n}}@news.example'])) for n in range({EMAILS_WHILE_DOWN})]; "
                "print(json.dumps({r.pk: r.message_id for r in rows}))"
            )
            scheduled = self.article("Night market opens on the square", go_live_in=2)
            check(not scheduled["live"], f"the scheduled article went live at once: {scheduled}")
            time.sleep(2)
            began = time.monotonic()
            self.start("scheduler", self.unit_command("newsdesk-scheduler.service"), self.service_env())
            timeout = float(self.service_env()["EMAIL_TIMEOUT"])
            until(
                lambda: self.front.get(scheduled["url"])[0] == 200,
                "the scheduled article through nginx while the relay hangs",
                4 * timeout + 30,
            )
            waited = time.monotonic() - began
            self.alive("worker")
            self.alive("scheduler")
            states = self.outbox_states()
            check(
                all(state in ("queued", "sending") for state, _ in states.values())
                and any("timed out" in error for _, error in states.values()),
                f"the outbox after the relay hung: {states}",
            )
            print(f"     published {waited:.1f}s after the scheduler started; EMAIL_TIMEOUT={timeout:g}s", flush=True)
        with self.step("email: the relay comes back (an SMTP sink on the same port)"):
            self.silent_smtp.__exit__(None, None, None)
            self.sink = self.stack.enter_context(SmtpSink(port=self.ports["smtp"]))

    def outbox_states(self) -> dict[str, tuple[str, str]]:
        ids = list(self.queued)
        return self.shell(
            "import json; from newsdesk.outbox.models import OutboxMessage; "
            f"rows = OutboxMessage.objects.filter(pk__in={ids}); "
            "print(json.dumps({str(m.pk): (m.state, m.last_error) for m in rows}))"
        )

    def uploaded_documents(self) -> None:
        with self.step("documents: an uploaded HTML file is never served inline (nginx 404, app attachment)"):
            document = self.shell(
                "import json; from django.core.files.base import ContentFile; "
                "from wagtail.documents import get_document_model; "
                "d = get_document_model().objects.create(title='Council notice', "
                "file=ContentFile(b'<script>alert(document.cookie)</script>', name='notice.html')); "
                "print(json.dumps({'url': d.url, 'file': d.file.name}))"
            )
            check((self.srv / "media" / document["file"]).is_file(), f"not stored in MEDIA_ROOT: {document}")
            status, _, body = self.front.get("/media/" + document["file"])
            check(status == 404 and b"<script>" not in body, f"/media/{document['file']} answered {status}")
            status, headers, body = self.front.get(document["url"])
            check(status == 200 and body.startswith(b"<script>"), f"{document['url']} answered {status}")
            check(
                headers.get("Content-Disposition", "").startswith("attachment")
                and headers.get("Content-Security-Policy") == "default-src 'none'",
                f"{document['url']} headers: {dict(headers)}",
            )

    def server_without_static(self) -> None:
        with self.step("health: a second server that did not run collectstatic answers /healthz 503"):
            empty = self.tmp / "srv2" / "static"
            empty.mkdir(parents=True)
            self.start_app_server("app3", STATIC_ROOT=str(empty))
            status, _, body = fetch(self.ports["app3"], "/healthz")
            check(status == 503 and b"run collectstatic on this server" in body, f"/healthz: {status} {body[:200]!r}")
            status, _, body = fetch(self.ports["app1"], "/healthz")
            check((status, body.strip()) == (200, b"ok"), f"app1 /healthz: {status} {body[:200]!r}")

    def deploy_checks(self) -> None:
        with self.step("check --deploy: fails on each unsafe configuration, passes on the documented one"):
            documented = {"EMAIL_HOST": "smtp.internal"}  # env.example's relay; the rehearsal's is on loopback
            cases = {
                "documented": (documented, None),
                "SQLite": ({**documented, "DATABASE_URL": f"sqlite:///{self.tmp}/db.sqlite3"}, "core.W001"),
                "no Redis": ({**documented, "REDIS_URL": None}, "core.W002"),
                "SITE_URL=http://localhost:8000": ({**documented, "SITE_URL": "http://localhost:8000"}, "core.E001"),
                "email to localhost": ({"EMAIL_HOST": "localhost"}, "core.W003"),
                "from-address on this machine": ({**documented, "DEFAULT_FROM_EMAIL": None}, "core.W004"),
                "paystack without its key": ({**documented, "PAYSTACK_SECRET_KEY": None}, "subscriptions.E003"),
                "no gateway": ({**documented, "SUBSCRIPTIONS_GATEWAY": None}, "subscriptions.E001"),
            }

            def run(case: str) -> tuple[str, int, str]:
                changes, _ = cases[case]
                env_file = self.tmp / f"env-{case.replace(' ', '-').replace('/', '-')}"
                lines = []
                for line in self.env_file.read_text().splitlines():
                    name = line.partition("=")[0]
                    if name in changes:
                        if changes[name] is not None:
                            lines.append(f"{name}={changes[name]}")
                    else:
                        lines.append(line)
                env_file.write_text("\n".join(lines) + "\n")
                result = self.sourced(
                    ".venv/bin/python manage.py check --deploy --fail-level WARNING", env_file=env_file
                )
                return case, result.returncode, result.stdout + result.stderr

            with ThreadPoolExecutor(max_workers=2) as pool:
                for case, code, output in pool.map(run, cases):
                    expected = cases[case][1]
                    if expected is None:
                        check(code == 0, f"check --deploy on the documented configuration failed:\n{output[-2000:]}")
                    else:
                        check(
                            code != 0 and expected in output,
                            f"check --deploy with {case}: exit {code}, {output[-1500:]}",
                        )

    def mail_delivered_once(self) -> None:
        with self.step(f"email: the {EMAILS_WHILE_DOWN} queued while the relay was down delivered, each exactly once"):
            wanted = set(self.queued.values())
            until(
                lambda: all(state == "sent" for state, _ in self.outbox_states().values()),
                "the outbox's retries delivering the queued email",
                200,
            )
            # A further retry run by hand must find nothing left to send.
            again = self.shell(
                "import json; from newsdesk.outbox.delivery import messages_deliver_due; "
                "print(json.dumps(messages_deliver_due()))"
            )
            check(again == {"sent": 0, "not sent": 0}, f"a later retry run still sent: {again}")
            received = [message["Message-ID"] for message in self.sink.received]
            check(
                sorted(received) == sorted(wanted),
                f"the relay received {len(received)} messages {received}, expected {sorted(wanted)} once each",
            )
            self.alive("worker")

    def cleanup_check(self) -> None:
        for name in ("app1", "app2", "worker", "scheduler"):
            self.alive(name)


def redis_database() -> redis.Redis:
    client = redis.Redis.from_url(REDIS_URL)
    check(
        client.dbsize() == 0,
        f"{REDIS_URL} is not empty: the rehearsal flushes its Redis database afterwards, so point REHEARSE_REDIS_URL "
        "at an empty one",
    )
    return client


def main() -> int:
    began = time.monotonic()
    rehearsal = None
    try:
        with ExitStack() as stack:
            client = redis_database()
            stack.callback(client.close)
            stack.callback(client.flushdb)
            rehearsal = Rehearsal(stack)
            print(f"Rehearsing docs/deploy.md in {rehearsal.tmp} (database and role {rehearsal.name}, {REDIS_URL})")
            try:
                rehearsal.install()
                rehearsal.provision()
                rehearsal.configure()
                rehearsal.first_run()
                rehearsal.start_services()
                rehearsal.pages_and_edge_hits()
                rehearsal.backends_healthy()
                rehearsal.publish_reaches_readers()
                rehearsal.hung_mail_server()
                rehearsal.uploaded_documents()
                rehearsal.server_without_static()
                rehearsal.deploy_checks()
                rehearsal.mail_delivered_once()
                rehearsal.cleanup_check()
            except Exception:
                for name in rehearsal.processes:
                    print(f"--- last lines of {name}'s log:\n{rehearsal.tail(name)}", file=sys.stderr)
                raise
    except (RehearsalFailed, subprocess.CalledProcessError, OSError) as error:
        detail = error.stderr if isinstance(error, subprocess.CalledProcessError) else ""
        print(f"rehearsal failed: {error}\n{detail or ''}", file=sys.stderr)
        print(f"rehearse: {rehearsal.passed if rehearsal else 0} passed, 1 failed")
        return 1
    print(f"rehearsal done in {time.monotonic() - began:.0f}s; processes, files, database, role and Redis cleaned up")
    print(f"rehearse: {rehearsal.passed} passed, 0 failed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
