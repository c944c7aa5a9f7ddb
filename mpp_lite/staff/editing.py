"""The steps every managers' editing page shares (catalogue, counters, accounts; the
announcements could use them too): show a form, save or refuse, confirm a destructive action.

A save is one service call that writes and flushes, or raises `EditError`; the view commits
once. A refused save rolls back and shows the form again with the messages by field (422).
"""
from __future__ import annotations

from typing import Any, Callable, TypeVar

from flask import flash, redirect, render_template, request

from ..extensions import db
from .forms import ConfirmForm, ParsingForm
from .services import EditError, current_staff

T = TypeVar("T")
Text = Any  # a message: str or a lazy string


def form_page(template: str, form: ParsingForm, /, *, form_name: str = "form", **context: Any):
    """Render a form page: 422 when the form was sent with errors (it is shown again)."""
    status = 422 if request.method == "POST" and form.has_errors else 200
    return render_template(template, has_errors=status == 422, site=current_staff().site,
                           **{form_name: form}, **context), status


def save_or_refuse(form: ParsingForm, action: Callable[[], T],
                   done: Text | Callable[[T], Text], next_url: str | Callable[[T], str],
                   template: str, /, *, form_name: str = "form", **context: Any):
    """When the form was sent and is valid: run `action`; refused (EditError) → roll back and
    show the form again with the messages; saved → commit, flash `done`, 303 to `next_url`
    (either may be a function of what `action` returned). Otherwise the form page."""
    if form.validate_on_submit() and not form.has_errors:
        try:
            result = action()
        except EditError as error:
            db.session.rollback()
            form.add_errors(error.errors)
        else:
            db.session.commit()
            flash(done(result) if callable(done) else done)
            return redirect(next_url(result) if callable(next_url) else next_url, code=303)
    return form_page(template, form, form_name=form_name, **context)


def confirm_page(action: Callable[[], object], title: Text, message: Text, back: str,
                 done: Text):
    """A destructive action behind a confirmation page; a refusal (EditError) is shown on
    the page (422), a done action is committed and flashed, then back to `back`."""
    form = ConfirmForm()
    error = None
    if form.validate_on_submit():
        try:
            action()
        except EditError as refused:
            db.session.rollback()
            error = " ".join(str(m) for ms in refused.errors.values() for m in ms)
        else:
            db.session.commit()
            flash(done)
            return redirect(back, code=303)
    return render_template("staff/confirm.html", form=form, title=title, message=message,
                           back=back, error=error, has_errors=bool(error),
                           site=current_staff().site), (422 if error else 200)
