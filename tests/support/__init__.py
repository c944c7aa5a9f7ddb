"""Helpers shared by tests and benchmarks; test modules import from here (`from support.x
import y`: pytest puts tests/ on sys.path), never from each other or from conftest.py.

- database: the engine under test, per-worker schema names, make_app(), migrate()
- catalogs: catalogues in the import format (base_catalog, queue_site, ...) and STAFF
- queue: records of the queue catalogue by name, tickets booked directly
- booking: the citizen's booking form and ticket API over HTTP
- staff: staff apps, login(), post() with the CSRF token
- officer: the officer console (counter ids, walk-in tickets)
- editing: the catalogue editor's forms
- routes: the staff routes of the URL map
- html: parse(), text(), text_of(), page_text()
- times: fixed days and zones (WITA, MONDAY, wita())
- live, server: real server processes over one database
- browser: the screenshot tool, sign-in, PDF reading, axe and small-screen checks
"""
