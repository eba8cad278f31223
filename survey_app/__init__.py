"""Teamwork Scorecard: a Flask app factory and nothing else."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask

from .config import load_config

REPO_ROOT = Path(__file__).resolve().parent.parent


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the app: configuration, extensions, blueprints, error pages, commands."""
    # An explicit INSTANCE_PATH (tests, a second site) must also be where config.py is read.
    instance = (config or {}).get("INSTANCE_PATH") or str(REPO_ROOT / "instance")
    app = Flask(
        __name__,
        instance_path=str(instance),
        instance_relative_config=True,
        template_folder=str(REPO_ROOT / "templates"),
    )
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    load_config(app, config)

    from .setup import (
        register_blueprints,
        register_commands,
        register_errorhandlers,
        register_extensions,
        register_security,
        register_template_helpers,
    )

    register_extensions(app)
    register_security(app)
    register_template_helpers(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_commands(app)
    return app
