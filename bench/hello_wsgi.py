"""The server's ceiling: a bare WSGI callable that answers "hello", served by newsdesk.server with the app's
settings."""


def application(environ, start_response):
    body = b"hello\n"
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))])
    return [body]
