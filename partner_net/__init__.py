"""Partner Net: referral networking for business groups."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from flask import Flask, g, render_template

from partner_net import converters
from partner_net.config import Defaults, instance_secret_key, load_environment
from partner_net.extensions import babel, csrf, db, limiter, login_manager, migrate

PACKAGE = Path(__file__).resolve().parent


def site_folder(name: str) -> Path:
    """``templates``, ``static`` or ``migrations``: inside the installed package (the wheel
    bundles them, see setup.py), else at the top of the checkout."""
    bundled = PACKAGE / name
    return bundled if bundled.is_dir() else PACKAGE.parent / name


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the application. Creates no schema: run ``flask db upgrade`` for that."""
    app = Flask(
        __name__,
        instance_relative_config=True,
        template_folder=str(site_folder("templates")),
        static_folder=str(site_folder("static")),
    )
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    converters.init_app(app)  # before any rule is added
    configure(app, test_config)
    register_extensions(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_template_helpers(app)
    register_commands(app)
    return app


def configure(app: Flask, test_config: dict[str, Any] | None) -> None:
    app.config.from_object(Defaults)
    app.config["SQLALCHEMY_DATABASE_URI"] = (
        f"sqlite:///{Path(app.instance_path) / 'partner_net.sqlite'}"
    )
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
        app.config.update(load_environment())
    else:
        app.config.update(test_config)
    if not app.config.get("QUEUE_URL"):
        app.config["QUEUE_URL"] = f"sqlite:///{Path(app.instance_path) / 'queue.sqlite'}"
    if app.config.get("MAIL_LOG_BODIES") is None:
        app.config["MAIL_LOG_BODIES"] = app.debug
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = instance_secret_key(app.instance_path)
    app.logger.setLevel(logging.INFO)


def register_extensions(app: Flask) -> None:
    from partner_net import database, forms, security

    forms.use_quick_html_params()
    security.init_app(app)
    db.init_app(app)
    database.init_app(app)
    migrate.init_app(app, db, directory=str(site_folder("migrations")), render_as_batch=True)
    csrf.init_app(app)
    limiter.init_app(app)
    from partner_net import templating

    babel.init_app(app, locale_selector=templating.page_locale,
                   timezone_selector=templating.page_timezone)
    login_manager.init_app(app)
    login_manager.login_view = "auth.signin"
    login_manager.login_message = "Please sign in to see that page."
    login_manager.login_message_category = "info"

    from partner_net import tasks
    from partner_net.auth import sessions
    from partner_net.ops import logs

    tasks.init_app(app)
    logs.init_app(app)

    sessions.init_app(app)


def register_blueprints(app: Flask) -> None:
    from partner_net.auth.views import bp as auth_bp
    from partner_net.emails.views import bp as emails_bp
    from partner_net.exports.views import bp as exports_bp
    from partner_net.goals.views import bp as goals_bp
    from partner_net.groups.views import bp as groups_bp
    from partner_net.health.views import bp as health_bp
    from partner_net.imports.views import bp as imports_bp
    from partner_net.main.views import bp as main_bp
    from partner_net.matching.views import bp as matching_bp
    from partner_net.meetings.views import bp as meetings_bp
    from partner_net.members.views import bp as members_bp
    from partner_net.network.views import bp as network_bp
    from partner_net.onetoones.views import bp as onetoones_bp
    from partner_net.ops.health import bp as ops_bp
    from partner_net.referrals.views import bp as referrals_bp
    from partner_net.sphere import hooks  # noqa: F401  (template globals on the blueprint)
    from partner_net.sphere.views import bp as sphere_bp

    for blueprint in (main_bp, auth_bp, groups_bp, members_bp, referrals_bp, network_bp,
                      matching_bp, onetoones_bp, sphere_bp, meetings_bp, emails_bp, ops_bp,
                      health_bp, goals_bp, exports_bp, imports_bp):
        app.register_blueprint(blueprint)


def register_errorhandlers(app: Flask) -> None:
    def render_error(error):
        if getattr(error, "response", None) is not None:
            return error.response  # a page already built for it (the sign-in form on a 429)
        code = getattr(error, "code", 500)
        return render_template(f"errors/{code}.html", error=error), code

    for code in (400, 403, 404, 405, 429):
        app.register_error_handler(code, render_error)

    @app.errorhandler(500)
    def internal_error(error):
        """Roll back first (the error may have been the database's), then a page that
        needs no database: no member, group or notification is looked up for it."""
        try:
            db.session.rollback()
        except Exception:  # the connection itself may be gone
            app.logger.exception("Rollback after an internal error failed")
        g.bare_page = True
        if "_login_user" not in g:  # not loaded yet: the page must not load them now
            g._login_user = login_manager.anonymous_user()
        return render_template("errors/500.html", error=error, bare=True), 500

    from flask_wtf.csrf import CSRFError

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return render_template("errors/400.html", error=error, csrf=True), 400


def register_template_helpers(app: Flask) -> None:
    from partner_net import templating

    templating.init_app(app)


def register_commands(app: Flask) -> None:
    from partner_net.commands import register

    register(app)
