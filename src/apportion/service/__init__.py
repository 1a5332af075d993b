"""`apportion serve`: the decision service (FastAPI), its archive and its book jobs.

The service is an edge, like the command line: it reads a request, calls
``apportion.decide`` (or the portfolio batch) and stores and returns the ``Decision``.
"""
