"""Writes: subscriptions (start, cancel, resume, payment method), the billing engine, and the ledger."""
