"""Structured logs: one JSON object per line, each carrying the id of the request it belongs to."""

import json
import logging
import re
import uuid
from contextvars import ContextVar

from django.utils.log import log_response

request_id: ContextVar[str] = ContextVar("request_id", default="-")
_VALID_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


class RequestIdFilter(logging.Filter):
    """Attach the current request's id to every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id.get()
        return True


class JsonFormatter(logging.Formatter):
    """Format a record as one line of JSON."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", request_id.get()),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


class RequestIdMiddleware:
    """Take the load balancer's X-Request-ID (or make one), log with it, and send it back."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # META, not request.headers: that converts every key of META into a header name, and under granian META
        # also holds the server's whole process environment, on every request.
        incoming = request.META.get("HTTP_X_REQUEST_ID", "")
        current = incoming if _VALID_ID.match(incoming) else uuid.uuid4().hex
        token = request_id.set(current)
        try:
            response = self.get_response(request)
            if response.status_code >= 400:
                # Django's handler logs every 4xx and 5xx answer not logged yet ("Not Found: /x"), but only once
                # this middleware has returned and the id is gone; logging it here, as Django would, keeps the id.
                log_response("%s: %s", response.reason_phrase, request.path, response=response, request=request)
        finally:
            request_id.reset(token)
        response["X-Request-ID"] = current
        return response
