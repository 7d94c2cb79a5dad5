"""An email as data: what the outbox stores to send a message again, and the message rebuilt from it."""

import base64

from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.core.mail.message import DNS_NAME, make_msgid

ATTACHMENT_NOT_STORABLE = (
    "The outbox stores attachments given as (filename, content, mimetype); attach the file that way instead of as "
    "a ready-made MIME part."
)


def message_id_of(message: EmailMessage) -> str:
    """Return the message's own Message-ID header, or a new one."""
    for name, value in message.extra_headers.items():
        if name.lower() == "message-id":
            return str(value)
    return make_msgid(domain=DNS_NAME)


def content_of(message: EmailMessage) -> dict:
    """Return everything needed to build the message again, as JSON-ready data."""
    attachments = []
    for attachment in message.attachments:
        if not isinstance(attachment, tuple):
            raise TypeError(ATTACHMENT_NOT_STORABLE)
        filename, data, mimetype = attachment
        binary = isinstance(data, bytes)
        attachments.append(
            {
                "filename": filename,
                "mimetype": mimetype,
                "base64": binary,
                "content": base64.b64encode(data).decode("ascii") if binary else str(data),
            }
        )
    return {
        "to": [str(address) for address in message.to],
        "cc": [str(address) for address in message.cc],
        "bcc": [str(address) for address in message.bcc],
        "reply_to": [str(address) for address in message.reply_to],
        "body": str(message.body),
        "content_subtype": message.content_subtype,
        "alternatives": [[str(content), mimetype] for content, mimetype in getattr(message, "alternatives", [])],
        "headers": {str(name): str(value) for name, value in message.extra_headers.items()},
        "attachments": attachments,
    }


def message_from(*, content: dict, subject: str, from_email: str, message_id: str) -> EmailMultiAlternatives:
    """Build the message to send from stored content, under its stored Message-ID."""
    headers = {name: value for name, value in content.get("headers", {}).items() if name.lower() != "message-id"}
    headers["Message-ID"] = message_id
    message = EmailMultiAlternatives(
        subject=subject,
        body=content.get("body", ""),
        from_email=from_email,
        to=content.get("to", []),
        cc=content.get("cc", []),
        bcc=content.get("bcc", []),
        reply_to=content.get("reply_to", []),
        headers=headers,
        alternatives=[tuple(alternative) for alternative in content.get("alternatives", [])],
    )
    message.content_subtype = content.get("content_subtype", "plain")
    for attachment in content.get("attachments", []):
        data = attachment["content"]
        if attachment["base64"]:
            data = base64.b64decode(data)
        message.attach(attachment["filename"], data, attachment["mimetype"])
    return message
