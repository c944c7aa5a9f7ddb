"""WSGI entry point: `gunicorn wsgi:app`."""
from mpp_lite import create_app

app = create_app()
