"""Sub-commands beyond `assess` and `schema`: each module here defines
``register(app: typer.Typer) -> None`` and is discovered by ``apportion.cli``."""
