"""The two Content-Security-Policies as the tests expect them, and a watch for violations in a browser tab."""

import re

READER_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: https:; "
    "frame-src https:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)
STAFF_POLICY = (
    "default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob: https:; frame-src 'self'; connect-src 'self'; font-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
NONCE_RE = re.compile(r"'nonce-([A-Za-z0-9+/]{22}==)'")


def directives(policy: str) -> list[str]:
    """Return a policy's directives in a fixed order: django-csp writes them in no particular one."""
    return sorted(policy.split("; "))


def staff_nonce(policy: str) -> str:
    """Return the nonce in a staff policy header."""
    return NONCE_RE.search(policy).group(1)


# Runs before any script of each document (frames included) and hands every violation to the test.
LISTEN = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolationCount = (window.__cspViolationCount || 0) + 1;
  window.__reportCspViolation({
    document: event.documentURI,
    directive: event.effectiveDirective,
    blocked: event.blockedURI,
    line: event.lineNumber,
  });
}, true);
"""


class CspWatch:
    """Collect the violations a tab reports, and the browser's console messages that name the policy."""

    def __init__(self, page) -> None:
        self.violations: list[dict] = []
        self.console: list[str] = []
        page.expose_binding("__reportCspViolation", lambda source, violation: self.violations.append(violation))
        page.add_init_script(LISTEN)
        page.on("console", self._console)

    def _console(self, message) -> None:
        if "Content Security Policy" in message.text:
            self.console.append(message.text)

    def assert_clean(self, where: str) -> None:
        """Fail, naming the step, if anything so far broke the policy."""
        assert (self.violations, self.console) == ([], []), f"CSP violations during {where}"
