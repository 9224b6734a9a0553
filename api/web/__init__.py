"""Baton in the browser: server-rendered pages for every user, over the same routes as the API.

A page translates a form into the same call an API route makes (often the route function
itself), so authorisation, the access log and the one-transaction write are the API's own.
Pages render Jinja2 templates from ``api/templates/web/``; they need no JavaScript, load nothing
from another site, and sign people in with a cookie session (``api/web/session.py``).
"""
