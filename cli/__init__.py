"""The `kamervragen` command (Typer): read commands, and the jobs of `pipeline/` or `flows/`.

Read commands (`parse`, `status`, `show`, `sql`, `review`) never import Prefect: `flows` is
imported inside the commands that run a flow. May import everything but `tests` and `bench`;
`replay` only inside `kamervragen demo`.
"""
