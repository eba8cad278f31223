"""Response headers every page gets."""

from __future__ import annotations

from flask import Response, request

# Everything is served by the app itself; inline styles are allowed for Plotly's SVG.
CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    "script-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'"
)


def add_security_headers(response: Response) -> Response:
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "no-referrer")
    response.headers.setdefault("X-Frame-Options", "DENY")
    if not (request.endpoint or "").endswith("static"):
        # Pages carry personal or survey data: never keep them in a shared cache. Error pages
        # with no endpoint (an unknown address, a wrong method) too: they name who is signed in.
        response.headers.setdefault("Cache-Control", "no-store")
    return response
