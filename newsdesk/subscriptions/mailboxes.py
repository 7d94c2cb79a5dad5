"""The mailbox an email address reaches, so that one free trial per mailbox is one trial per person.

Only rules a provider documents are applied (docs/payments.md, "One trial per mailbox"): letter case, a `+tag`
(sub-addressing, RFC 5233), and for Gmail the dots in the name and the googlemail.com spelling. Changing a rule
changes stored keys: re-key the trial claims in a migration when you do.
"""

# Google documents that dots in a Gmail name are ignored, and googlemail.com is the same service as gmail.com.
# Google Workspace domains keep their dots, so this applies to these two domains only.
GMAIL_DOMAINS = frozenset({"gmail.com", "googlemail.com"})


def mailbox_key(email: str) -> str:
    """Return the mailbox an address reaches: "J.Doe+news@GoogleMail.com" -> "jdoe@gmail.com"."""
    local, at, domain = email.strip().lower().rpartition("@")
    if not at:
        return domain  # not an address; compared as typed, in lower case
    name = local.partition("+")[0]
    if name:  # "+tag@host" has no name before its "+": the whole local part is the name
        local = name
    if domain in GMAIL_DOMAINS:
        local, domain = local.replace(".", ""), "gmail.com"
    return f"{local}@{domain}"
