"""Prefect flows, their tasks, and the `kamervragen` CLI."""
