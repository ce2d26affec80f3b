"""Compatibility with the official `kaggle` CLI (2.x RPC-style methods and the legacy 1.6.x REST paths).

A thin adapter: every rule (rules acceptance, the daily limit, idempotency, validation, what is private) lives in
the services and selectors the portal and the REST API use; this package only translates shapes. What the CLI
sends is recorded in shared/kaggle-cli-protocol.md.
"""
