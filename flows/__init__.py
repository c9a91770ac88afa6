"""Prefect wiring only: flows and tasks that call `pipeline/`, deployments (`prefect.yaml`), serve.

May import `pipeline`, `schemas` and `config`; nothing below `pipeline` is driven from here directly.
"""
