"""Command-line interface: `flask --app mpp_lite <command>`."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from typing import IO

import click
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext

from .config import PACKAGE_DIR, PROJECT_DIR
from .demo_seed import DEMO_PASSWORD as DEMO_PASSWORD_HINT
from .extensions import db
from .models import MIN_PASSWORD_LENGTH, ROLES


@click.command("init-db")
@with_appcontext
def init_db_command() -> None:
    """Create or upgrade the database schema (idempotent; never drops data)."""
    from .setup import upgrade_schema

    upgrade_schema()
    click.echo("Database schema is up to date.")


@click.command("seed-demo")
@with_appcontext
def seed_demo_command() -> None:
    """Load the demo MPPs (maros, ngawi) with agencies, counters and services (idempotent)."""
    from .demo_seed import seed_demo

    for line in seed_demo().lines():
        click.echo(line)
    from .demo_seed import DEMO_STAFF

    click.echo("Demo staff accounts (development only; password for all: "
               f"{DEMO_PASSWORD_HINT}):")
    for username, role, site, agency, village in DEMO_STAFF:
        where = agency or village or ""
        click.echo(f"  {username:24} {role:9} {site:6} {where}")


catalog_cli = AppGroup("catalog", help="Export or import the service catalogue (JSON).")


@catalog_cli.command("export")
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--site", "sites", multiple=True, help="Only this site slug (repeatable).")
def catalog_export(file: str, sites: tuple[str, ...]) -> None:
    """Write the catalogue to FILE ("-" for standard output)."""
    from .catalog.transfer import write_catalog

    if file == "-":
        write_catalog(click.get_text_stream("stdout"), list(sites) or None)
        return
    with open(file, "w", encoding="utf-8") as out:
        write_catalog(out, list(sites) or None)
    click.echo(f"Catalogue written to {file}.", err=True)


@catalog_cli.command("import")
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True))
def catalog_import(file: str) -> None:
    """Validate FILE and, only if every record is valid, load it (upsert by slug)."""
    from .catalog.transfer import CatalogImportError, import_catalog_file

    try:
        with _catalog_file(file) as stream:
            result = import_catalog_file(stream)
    except (OSError, UnicodeDecodeError) as error:
        db.session.rollback()
        raise click.ClickException(f"Berkas tidak dapat dibaca: {error}") from error
    except json.JSONDecodeError as error:
        db.session.rollback()
        raise click.ClickException(
            f"Berkas bukan JSON yang sah (baris {error.lineno}, kolom {error.colno}): {error.msg}"
        ) from error
    except CatalogImportError as error:
        db.session.rollback()
        for item in error.errors:
            click.echo(f"ERROR {item}", err=True)
        raise click.ClickException(
            f"{len(error.errors)} kesalahan ditemukan; tidak ada data yang diubah.") from error
    db.session.commit()
    for line in result.lines():
        click.echo(line)


def _catalog_file(file: str) -> IO[bytes]:
    """FILE opened for reading twice (standard input is copied to a temporary file first)."""
    if file != "-":
        return open(file, "rb")
    spool = tempfile.TemporaryFile()
    shutil.copyfileobj(click.get_binary_stream("stdin"), spool)
    return spool


translate_cli = AppGroup("translate", help="Extract, update and compile interface translations.")
POT = PACKAGE_DIR / "translations" / "messages.pot"


def _pybabel(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", *args], check=True,
                   cwd=PROJECT_DIR)


def _extract() -> None:
    # "." and not "mpp_lite": babel.cfg's patterns are relative to the directory scanned.
    _pybabel("extract", "-F", "babel.cfg", "-k", "_l", "--no-location", "--sort-output",
             "--omit-header", "-o", str(POT), ".")


@translate_cli.command("extract")
def translate_extract() -> None:
    """Collect every interface string into mpp_lite/translations/messages.pot."""
    _extract()


@translate_cli.command("update")
def translate_update() -> None:
    """Extract, then merge new strings into every locale's messages.po."""
    _extract()
    # Keep each .po's header: PO editors need its Language and Plural-Forms.
    _pybabel("update", "-i", str(POT), "-d", current_app.config["BABEL_TRANSLATION_DIRECTORIES"],
             "--no-fuzzy-matching")


@translate_cli.command("init")
@click.argument("language")
def translate_init(language: str) -> None:
    """Start a new language, e.g. `flask translate init jv`."""
    _extract()
    _pybabel("init", "-i", str(POT), "-d", current_app.config["BABEL_TRANSLATION_DIRECTORIES"],
             "-l", language)


@translate_cli.command("compile")
def translate_compile() -> None:
    """Compile every messages.po into the messages.mo the app reads."""
    _pybabel("compile", "-d", current_app.config["BABEL_TRANSLATION_DIRECTORIES"],
             "--statistics")


users_cli = AppGroup("users", help="Staff accounts.")


@users_cli.command("create")
@click.argument("username")
@click.option("--role", required=True, type=click.Choice(ROLES))
@click.option("--site", "site", required=True, help="Site slug, e.g. maros.")
@click.option("--agency", help="Agency slug (required for officers).")
@click.option("--village", default="", help="Village/kelurahan name (required for village).")
@click.option("--name", "display_name", default="", help="Name shown on screens.")
@click.password_option(help="Prompted for when omitted (at least "
                        f"{MIN_PASSWORD_LENGTH} characters).")
def users_create(username: str, role: str, site: str, agency: str | None, village: str,
                 display_name: str, password: str) -> None:
    """Create a staff account."""
    from .staff.services import AccountError, create_user

    try:
        user = create_user(username, password, role, site, agency, village, display_name)
    except AccountError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from error
    db.session.commit()
    click.echo(f"Created {user.username} ({user.role}) at {site}.")


tokens_cli = AppGroup("tokens", help="Agency API tokens (applications API).")


@tokens_cli.command("create")
@click.option("--site", "site_slug", required=True, help="Site slug, e.g. maros.")
@click.option("--agency", "agency_slug", required=True, help="Agency slug, e.g. imigrasi.")
@click.option("--name", required=True, help="What the token is for, e.g. \"SIMKIM Imigrasi\".")
def tokens_create(site_slug: str, agency_slug: str, name: str) -> None:
    """Create a token for an agency's system; prints it once."""
    from .applications import tokens
    from .staff.services import EditError

    site = tokens.find_site(site_slug)
    if site is None:
        raise click.ClickException(f"unknown site '{site_slug}'")
    agency = tokens.find_agency(site, agency_slug)
    if agency is None:
        raise click.ClickException(f"unknown agency '{agency_slug}' at {site_slug}")
    try:
        token, plaintext = tokens.create_token(site, agency, name)
    except EditError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from error
    db.session.commit()
    click.echo(f"Token {token.id} for {agency.slug} at {site.slug} ({token.name}):")
    click.echo(plaintext)
    click.echo("Copy it now: it is stored hashed and cannot be shown again. Send it as "
               "'Authorization: Bearer <token>'.", err=True)


@tokens_cli.command("list")
@click.option("--site", "site_slug", help="Only this site slug.")
def tokens_list(site_slug: str | None) -> None:
    """List tokens (never the token itself: its first characters only)."""
    from .applications import tokens
    from .dates import as_utc

    site = None
    if site_slug:
        site = tokens.find_site(site_slug)
        if site is None:
            raise click.ClickException(f"unknown site '{site_slug}'")

    def when(value) -> str:
        return as_utc(value).strftime("%Y-%m-%d %H:%M UTC") if value else "-"

    rows = tokens.all_tokens(site)
    if not rows:
        click.echo("No tokens.")
    for token in rows:
        state = f"revoked {when(token.revoked_at)}" if token.revoked_at else "active"
        click.echo(f"{token.id:5}  {token.site.slug:8} {token.agency.slug:16} {token.hint}…  "
                   f"{token.name}  created {when(token.created_at)}  "
                   f"last used {when(token.last_used_at)}  {state}")


@tokens_cli.command("revoke")
@click.argument("token_id", type=click.IntRange(1, 2**31 - 1))
def tokens_revoke(token_id: int) -> None:
    """Revoke token ID for good (calls with it get 401)."""
    from .applications import tokens
    from .models import AgencyToken

    token = db.session.get(AgencyToken, token_id)
    if token is None:
        raise click.ClickException(f"no token {token_id}")
    if not tokens.revoke(token):
        click.echo(f"Token {token_id} was already revoked.")
        return
    db.session.commit()
    click.echo(f"Token {token_id} ({token.name}) revoked.")


applications_cli = AppGroup("applications", help="Applications (lacak berkas).")


@applications_cli.command("erase")
@click.option("--days", type=click.IntRange(0, 36500), default=None,
              help="Closed more than this many days ago (default: APPLICATION_RETENTION_DAYS).")
def applications_erase(days: int | None) -> None:
    """Erase the personal data of applications closed long ago (run daily, e.g. from cron)."""
    from .applications.lifecycle import erase_personal_data

    if days is None:
        days = int(current_app.config["APPLICATION_RETENTION_DAYS"])
    count = erase_personal_data(days)
    db.session.commit()
    click.echo(f"Personal data erased from {count} application(s) closed more than "
               f"{days} days ago.")


def register_cli(app: Flask) -> None:
    app.cli.add_command(init_db_command)
    app.cli.add_command(seed_demo_command)
    app.cli.add_command(catalog_cli)
    app.cli.add_command(translate_cli)
    app.cli.add_command(users_cli)
    app.cli.add_command(tokens_cli)
    app.cli.add_command(applications_cli)
    from .notify.cli import notify_cli

    app.cli.add_command(notify_cli)
