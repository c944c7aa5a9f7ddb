"""Extension objects, created unbound; `create_app` binds them."""
import functools

from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

from .i18n import LanguageBabel

# Named constraints so Alembic migrations can alter them on every engine.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
babel = LanguageBabel()
csrf = CSRFProtect()
login_manager = LoginManager()
# Limits are declared on the routes that need them (booking, login); nothing by default.
limiter = Limiter(key_func=get_remote_address, default_limits=[])


def limit_only_where_declared(app) -> None:
    """Run Flask-Limiter's per-request hooks only for views that declare a limit.

    With no default, application or blueprint limits (above: none), its before_request hook
    finds nothing to count on any other view, yet resolving that costs about a fifth of a
    cheap request; its after_request hook then only adds headers to limited views. The
    declared limits themselves are checked by the `@limiter.limit` wrapper around each view,
    so they are enforced exactly as before. Call after every blueprint is registered.
    """
    manager = limiter.limit_manager
    if manager.default_limits or manager.application_limits or \
            manager._blueprint_limits:  # pragma: no cover (none are declared)
        return
    limited = frozenset(endpoint for endpoint, view in app.view_functions.items()
                        if _declares_limit(view))
    from flask import request

    def only_limited(hook):
        def guarded(*args):
            if request.endpoint in limited:
                return guarded.limiter_hook(*args)
            return args[0] if args else None   # after_request: the response, untouched
        guarded.limiter_hook = hook
        return guarded

    before = app.before_request_funcs.get(None, [])
    after = app.after_request_funcs.get(None, [])
    for hooks in (before, after):
        for i, hook in enumerate(hooks):
            if getattr(hook, "__self__", None) is limiter or (
                    isinstance(hook, functools.partial) and hook.args[:1] == (limiter,)):
                hooks[i] = only_limited(hook)


def _declares_limit(view) -> bool:
    while view is not None:
        if getattr(view, "__wrapper-limiter-instance", None) == limiter:  # a weakref.proxy
            return True
        view = getattr(view, "__wrapped__", None)
    return False
