"""The peer a newsroom would otherwise pick: Debian's WordPress package, served by nginx and php-fpm on loopback.

Everything is made at run time and removed afterwards: a MariaDB database and user, a host config in
/etc/wordpress (the Debian package reads its configuration only from there), and the nginx and php-fpm
configuration in a temporary directory. WordPress runs as installed: no caching plugin, the default theme.
"""

from __future__ import annotations

import glob
import json
import os
import secrets
import shutil
import subprocess
import tempfile
from contextlib import contextmanager
from pathlib import Path

from .server import _wait_for, free_port

WORDPRESS_DIR = Path("/usr/share/wordpress")
CONFIG_DIR = Path("/etc/wordpress")
MYSQL_ADMIN = ["mysql", "-h", os.environ.get("BENCH_MYSQL_HOST", "127.0.0.1"), "-P", "3306", "-u", "root"]
# At least as many PHP workers as the app has request slots (newsdesk.server: a worker per core x 4 threads), so
# WordPress is not starved.
PHP_WORKERS = 12

# Installs WordPress into the empty database and publishes one post; prints its permalink.
_INSTALL_PHP = r"""<?php
$_SERVER['HTTP_HOST'] = '127.0.0.1';
$_SERVER['WORDPRESS_CONFIG'] = getenv('WORDPRESS_CONFIG');
define('WP_INSTALLING', true);
require '/usr/share/wordpress/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/upgrade.php';
$post = json_decode(file_get_contents($argv[1]), true);
wp_install('Newsdesk benchmark', 'editor', 'editor@example.org', false, '', wp_generate_password(24));
global $wp_rewrite;
$wp_rewrite->set_permalink_structure('/%year%/%monthnum%/%day%/%postname%/');
flush_rewrite_rules();
$id = wp_insert_post(array(
    'post_title' => $post['title'],
    'post_excerpt' => $post['standfirst'],
    'post_content' => $post['content'],
    'post_status' => 'publish',
    'post_author' => 1,
), true);
if (is_wp_error($id)) { fwrite(STDERR, $id->get_error_message()); exit(1); }
echo get_permalink($id);
"""


def php_fpm_binary() -> str | None:
    found = sorted(glob.glob("/usr/sbin/php-fpm*"))
    return found[-1] if found else None


def _mysql(sql: str) -> None:
    subprocess.run([*MYSQL_ADMIN, "-e", sql], check=True, capture_output=True)


@contextmanager
def wordpress_post(*, title: str, standfirst: str, paragraphs: list[str]):
    """Serve a fresh WordPress with one published post; yield the post's URL."""
    name = f"nd-bench-wp-{os.getpid()}"
    db = name.replace("-", "_")
    password = secrets.token_hex(16)
    workdir = Path(tempfile.mkdtemp(prefix="newsdesk-bench-wordpress-"))
    workdir.chmod(0o755)
    config = CONFIG_DIR / f"config-{name}.php"
    port, fpm_port = free_port(), free_port()
    base = f"http://127.0.0.1:{port}"
    processes: list[subprocess.Popen] = []
    try:
        _mysql(f"DROP DATABASE IF EXISTS {db}; DROP USER IF EXISTS '{db}'@'127.0.0.1'")
        _mysql(
            f"CREATE DATABASE {db} CHARACTER SET utf8mb4; "
            f"CREATE USER '{db}'@'127.0.0.1' IDENTIFIED BY '{password}'; "
            f"GRANT ALL ON {db}.* TO '{db}'@'127.0.0.1'"
        )
        config.write_text(
            f"""<?php
define('DB_NAME', '{db}');
define('DB_USER', '{db}');
define('DB_PASSWORD', '{password}');
define('DB_HOST', '127.0.0.1:3306');
define('WP_HOME', '{base}');
define('WP_SITEURL', '{base}');
define('AUTH_KEY', '{secrets.token_hex(32)}');
define('SECURE_AUTH_KEY', '{secrets.token_hex(32)}');
define('LOGGED_IN_KEY', '{secrets.token_hex(32)}');
define('NONCE_KEY', '{secrets.token_hex(32)}');
"""
        )
        config.chmod(0o644)  # php-fpm's workers run as www-data

        fpm_conf = workdir / "php-fpm.conf"
        fpm_conf.write_text(
            f"""[global]
pid = {workdir}/php-fpm.pid
error_log = {workdir}/php-fpm.log
daemonize = no
[wordpress]
user = www-data
group = www-data
listen = 127.0.0.1:{fpm_port}
pm = static
pm.max_children = {PHP_WORKERS}
"""
        )
        nginx_conf = workdir / "nginx.conf"
        nginx_conf.write_text(
            f"""daemon off; worker_processes 2; pid {workdir}/nginx.pid; error_log {workdir}/nginx-error.log;
events {{ worker_connections 1024; }}
http {{
  access_log off; client_body_temp_path {workdir}; proxy_temp_path {workdir}; fastcgi_temp_path {workdir};
  uwsgi_temp_path {workdir}; scgi_temp_path {workdir};
  include /etc/nginx/mime.types;
  server {{
    listen 127.0.0.1:{port};
    root {WORDPRESS_DIR};
    index index.php;
    location / {{ try_files $uri $uri/ /index.php?$args; }}
    location ~ \\.php$ {{
      include /etc/nginx/fastcgi_params;
      # Debian's fastcgi_params pass the host without its port, and WordPress would redirect to itself forever.
      fastcgi_param HTTP_HOST $host:$server_port;
      fastcgi_param SCRIPT_FILENAME $document_root$fastcgi_script_name;
      fastcgi_param WORDPRESS_CONFIG {name};
      fastcgi_pass 127.0.0.1:{fpm_port};
    }}
  }}
}}
"""
        )
        post = workdir / "post.json"
        content = f'<p class="standfirst"><strong>{standfirst}</strong></p>\n' + "\n".join(paragraphs)
        post.write_text(json.dumps({"title": title, "standfirst": standfirst, "content": content}))
        installer = workdir / "install.php"
        installer.write_text(_INSTALL_PHP)
        result = subprocess.run(
            ["php", str(installer), str(post)],
            env={**os.environ, "WORDPRESS_CONFIG": name},
            capture_output=True,
            text=True,
            timeout=120,
        )
        if result.returncode != 0 or not result.stdout.strip().startswith(base):
            raise RuntimeError(f"WordPress install failed:\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}")
        permalink = result.stdout.strip().splitlines()[-1]

        for cmd in (
            [php_fpm_binary(), "-F", "-y", str(fpm_conf)],
            ["nginx", "-c", str(nginx_conf), "-p", str(workdir)],
        ):
            processes.append(
                subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)  # noqa: S603
            )
        _wait_for(permalink, processes[-1])
        yield permalink
    finally:
        for proc in reversed(processes):
            proc.terminate()
            proc.wait(timeout=30)
        config.unlink(missing_ok=True)
        try:
            _mysql(f"DROP DATABASE IF EXISTS {db}; DROP USER IF EXISTS '{db}'@'127.0.0.1'")
        finally:
            shutil.rmtree(workdir, ignore_errors=True)
