"""The site admin's page of agency API tokens, /kelola/token-api: the list, a new token (its
plaintext shown once, on the answer to the form: never in a URL, never in the cookie session,
never stored) and revocation after a confirmation. The rules are in tokens.py."""
from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import SelectField, StringField

from ..catalog.forms import agency_choices
from ..extensions import db
from ..models import Agency, AgencyToken, StaffUser
from ..staff.editing import confirm_page
from ..staff.forms import ParsingForm
from ..staff.services import EditError, current_staff, own_or_404, register_tool, roles_required
from ..web.edge import page_number
from . import bp, tokens

register_tool("applications.tokens", _l("Token API instansi"), "admin")

PAGE_SIZE = 30


class TokenForm(ParsingForm):
    agency = SelectField(_l("Instansi"), choices=[], validate_choice=False)
    name = StringField(_l("Nama token"))

    def values(self) -> dict[str, Any]:
        return {"agency_id": self.val_id("agency"), "name": self.val_text("name")}


def _page(form: TokenForm, status: int = 200, created: AgencyToken | None = None,
          plaintext: str | None = None):
    site = current_staff().site
    pagination = db.paginate(tokens.site_tokens(site.id), page=page_number(),
                             per_page=PAGE_SIZE, error_out=False)
    creator_ids = {t.created_by_id for t in pagination.items if t.created_by_id}
    creators = {user.id: user.display_name or user.username for user in db.session.scalars(
        sa.select(StaffUser).where(StaffUser.id.in_(creator_ids)))} if creator_ids else {}
    return render_template("applications/tokens.html", site=site, form=form,
                           pagination=pagination, created=created, plaintext=plaintext,
                           token_creators=creators, has_errors=status == 422), status


@bp.route("/kelola/token-api", methods=["GET", "POST"], endpoint="tokens")
@roles_required("admin")
def token_list():
    """The site's agency API tokens, and a form for a new one (shown once when made)."""
    staff = current_staff()
    form = TokenForm()
    form.agency.choices = agency_choices(staff.site_id)
    if request.method != "POST" or not form.validate_on_submit():
        return _page(form, 422 if request.method == "POST" else 200)
    data = form.values()
    agency = db.session.get(Agency, data["agency_id"]) if data["agency_id"] else None
    try:
        token, plaintext = tokens.create_token(staff.site, agency, data["name"], staff)
    except EditError as error:
        db.session.rollback()
        form.add_errors(error.errors)
        return _page(form, 422)
    db.session.commit()
    blank = TokenForm(formdata=None)  # ready for the next one
    blank.agency.choices = form.agency.choices
    # The answer itself shows the token: a redirect would have to carry it somewhere.
    return _page(blank, created=token, plaintext=plaintext)


@bp.route("/kelola/token-api/<int:token_id>/cabut", methods=["GET", "POST"])
@roles_required("admin")
def token_revoke(token_id: int):
    """Revoke a token for good, after a confirmation (its calls get 401 from then on)."""
    token = own_or_404(AgencyToken, token_id)

    def revoke() -> None:
        if not tokens.revoke(token, current_staff()):
            raise EditError({"_form": [_("Token ini sudah dicabut.")]})

    return confirm_page(
        revoke, _("Cabut token API?"),
        _("Cabut token \"%(name)s\" (%(agency)s, %(hint)s…)? Sistem yang memakainya langsung "
          "ditolak dan tidak bisa memakainya lagi. Token yang dicabut tidak bisa diaktifkan "
          "kembali; buat token baru bila perlu.", name=token.name,
          agency=token.agency.display_name(), hint=token.hint),
        url_for(".tokens"), _("Token %(name)s dicabut.", name=token.name))
