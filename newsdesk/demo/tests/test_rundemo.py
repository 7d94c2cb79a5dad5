import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from newsdesk.core.tests.processes import ROOT, free_port


def test_rundemo_serves_with_worker_and_scheduler_and_ctrl_c_stops_all_three(tmp_path):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "newsdesk.settings.dev", "NEWSDESK_VAR_DIR": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    env.pop("DEBUG", None)  # the test settings set 0 in this process; the demo runs as `make run` does, in DEBUG
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True, timeout=300)
    port = free_port()
    # Started the way a background shell starts jobs: with SIGINT ignored. Ctrl-C must still stop everything.
    proc = subprocess.Popen(
        [sys.executable, "manage.py", "rundemo", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN),  # noqa: PLW1509
    )
    try:
        deadline = time.monotonic() + 60
        status = None
        while time.monotonic() < deadline and status is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:  # noqa: S310
                    status = response.status
            except OSError:
                time.sleep(0.5)
        assert status == 200
        children = subprocess.run(
            ["pgrep", "-P", str(proc.pid)], capture_output=True, text=True, check=False
        ).stdout.split()
        assert len(children) == 3
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=30)
        time.sleep(0.5)
        alive = [
            pid
            for pid in children
            if Path(f"/proc/{pid}").exists() and "Z" not in Path(f"/proc/{pid}/stat").read_text().split()[2]
        ]
        assert alive == []
    finally:
        if proc.poll() is None:
            proc.kill()
    output = proc.stdout.read()
    assert f"Newsdesk demo: http://127.0.0.1:{port}/" in output
    assert "login: editor@newsdesk.example / password: newsdesk-demo" in output
