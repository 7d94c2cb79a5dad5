"""The push API's OpenAPI 3.1 document, written by hand next to the code it describes."""

from . import services

ERROR = {"$ref": "#/components/schemas/Error"}


def _response(description: str, schema: dict) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def openapi_document(*, base_url: str) -> dict:
    """Return the OpenAPI document for the markets push API."""
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Newsdesk markets push API",
            "version": "1.0.0",
            "description": (
                "Licensed market-data vendors push batches of quotes. A batch is stored whole or not at all; "
                "re-sending a batch with the same batch_id stores nothing more (safe to retry after a timeout). "
                "Values for instruments on an exchange with a licensed delay are never shown before that delay."
            ),
        },
        "servers": [{"url": f"{base_url}/markets"}],
        "security": [{"providerToken": []}],
        "paths": {
            "/api/v1/quotes": {
                "post": {
                    "operationId": "pushQuotes",
                    "summary": "Push a batch of quotes",
                    "requestBody": {
                        "required": True,
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Batch"}}},
                    },
                    "responses": {
                        "201": _response("The batch was stored.", {"$ref": "#/components/schemas/Result"}),
                        "200": _response(
                            "This batch_id was already stored with the same quotes; nothing more was stored.",
                            {"$ref": "#/components/schemas/Result"},
                        ),
                        "400": _response("The body is not a JSON object.", ERROR),
                        "401": _response("The token is missing or not valid.", ERROR),
                        "409": _response("The batch_id was used before for different quotes.", ERROR),
                        "413": _response("The body is too large.", ERROR),
                        "422": _response(
                            "A quote is invalid: unknown instrument, non-finite or negative value, as_of in the "
                            "future beyond the allowed skew, or a jump beyond the instrument's sanity band. "
                            "`item` is the index of the offending quote. Nothing was stored.",
                            ERROR,
                        ),
                        "429": _response("Rate limit reached; retry the same batch later.", ERROR),
                    },
                }
            }
        },
        "components": {
            "securitySchemes": {
                "providerToken": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "The provider's API token, issued by the newsroom (manage.py markets_issue_token).",
                }
            },
            "schemas": {
                "Batch": {
                    "type": "object",
                    "required": ["batch_id", "quotes"],
                    "properties": {
                        "batch_id": {
                            "type": "string",
                            "minLength": 1,
                            "maxLength": 100,
                            "description": "Unique per provider; the idempotency key of the batch.",
                        },
                        "quotes": {
                            "type": "array",
                            "minItems": 1,
                            "maxItems": 5000,
                            "items": {"$ref": "#/components/schemas/Quote"},
                        },
                    },
                },
                "Quote": {
                    "type": "object",
                    "required": ["instrument", "as_of", "value"],
                    "properties": {
                        "instrument": {"type": "string", "examples": ["J200"]},
                        "as_of": {
                            "type": "string",
                            "format": "date-time",
                            "examples": ["2026-11-27T12:30:00Z"],
                            "description": "With a UTC offset; at most MARKETS_PUSH_MAX_SKEW_SECONDS in the future.",
                        },
                        "value": {
                            "oneOf": [
                                {"type": "string", "pattern": r"^\d+(\.\d+)?$"},
                                {"type": "number", "minimum": 0},
                            ],
                            "description": "A decimal; send a string to keep every digit. Stored to 6 places.",
                            "examples": ["93512.41"],
                        },
                    },
                },
                "Result": {
                    "type": "object",
                    "properties": {
                        "batch_id": {"type": "string"},
                        "stored": {"type": "integer"},
                        "duplicate": {"type": "boolean"},
                    },
                },
                "Error": {
                    "type": "object",
                    "properties": {
                        "error": {"type": "string", "examples": [services.UNKNOWN_INSTRUMENT]},
                        "item": {"type": ["integer", "null"], "description": "Index of the offending quote."},
                    },
                },
            },
        },
    }
