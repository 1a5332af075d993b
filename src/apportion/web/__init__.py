"""The web app: sign-in, a matter by form or upload, the guided interview, the decision page
with live what-ifs, books and the rulebook browser. Server-rendered (Jinja2, autoescaped),
progressively enhanced by a little JavaScript of its own; third-party front-end code (the
charts) comes from npm, copied into ``static/vendor/`` by ``make web-assets``.

Mounted at ``/`` by :func:`apportion.service.app.create_app` (``routes.router``); it reads
and writes the same archive as the API, and uses :mod:`apportion.decide` for everything it
shows.
"""
