"""Fingerprinted static files: /static/app.3f2a9c1b.css, cached for a year.

The hash is taken from the file's content at start-up, so a deploy that changes a file changes
its URL and no phone keeps a stale copy.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

import mimetypes

from flask import Flask, Response, abort, current_app, url_for

STATIC_DIR_NAME = "static"


def build_manifest(static_dir: Path) -> dict[str, str]:
    """Map "css/app.css" to "css/app.<digest>.css" for every file under static_dir."""
    manifest: dict[str, str] = {}
    for path in sorted(static_dir.rglob("*")):
        if not path.is_file():
            continue
        digest = hashlib.sha256(path.read_bytes()).hexdigest()[:10]
        relative = path.relative_to(static_dir).as_posix()
        stem, dot, suffix = relative.rpartition(".")
        manifest[relative] = f"{stem}.{digest}.{suffix}" if dot else f"{relative}.{digest}"
    return manifest


def init_app(app: Flask) -> None:
    static_dir = Path(app.root_path) / STATIC_DIR_NAME
    manifest = build_manifest(static_dir)
    reverse = {hashed: original for original, hashed in manifest.items()}
    app.extensions["asset_manifest"] = manifest
    contents: dict[str, bytes] = {}

    def asset(filename: str):
        """Serve a fingerprinted static file with a year-long immutable cache."""
        original = reverse.get(filename)
        if original is None:
            abort(404)
        # Small files, read once and served from memory so the response policy can gzip them.
        if original not in contents:
            contents[original] = (static_dir / original).read_bytes()
        mimetype = mimetypes.guess_type(original)[0] or "application/octet-stream"
        response = Response(contents[original], mimetype=mimetype)
        response.cache_control.max_age = app.config["STATIC_MAX_AGE"]
        response.cache_control.public = True
        response.cache_control.immutable = True
        return response

    app.add_url_rule("/static/<path:filename>", endpoint="asset", view_func=asset)

    @app.template_global()
    def asset_url(filename: str) -> str:
        return url_for("asset", filename=current_app.extensions["asset_manifest"][filename])
