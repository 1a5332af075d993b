"""RFC 9457 problem documents: every error the service answers is one of these.

Bad input carries ``errors``: one ``{"field", "reason"}`` per problem, the field path and
reason the command line prints (``detail`` is the CLI's message, line for line).
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from apportion.io.load import InputError

MEDIA_TYPE = "application/problem+json"
TITLES = {
    400: "Bad request",
    401: "Unauthorized",
    404: "Not found",
    405: "Method not allowed",
    409: "Conflict",
    413: "Content too large",
    415: "Unsupported media type",
    422: "Invalid input",
    500: "Internal server error",
}


class FieldProblem(BaseModel):
    field: str
    reason: str


class Problem(BaseModel):
    """An RFC 9457 problem document."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str | None = None
    instance: str | None = None
    errors: list[FieldProblem] = []


class ProblemError(Exception):
    def __init__(
        self,
        status: int,
        detail: str,
        errors: list[tuple[str, str]] | None = None,
        headers: dict[str, str] | None = None,
    ):
        super().__init__(detail)
        self.status, self.detail = status, detail
        self.errors = errors or []
        self.headers = headers

    @classmethod
    def from_input(cls, error: InputError, status: int = 422) -> ProblemError:
        return cls(status, str(error), error.problems)


def problem_response(
    status: int,
    detail: str | None,
    instance: str,
    errors: list[tuple[str, str]] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": TITLES.get(status, "Error"),
        "status": status,
        "detail": detail,
        "instance": instance,
        "errors": [{"field": f, "reason": r} for f, r in errors or []],
    }
    return JSONResponse(body, status_code=status, media_type=MEDIA_TYPE, headers=headers)


def install(app: FastAPI) -> None:
    """Every error as a problem document: ours, FastAPI's validation, Starlette's 404/405,
    and (never for bad input) an unexpected failure."""

    @app.exception_handler(ProblemError)
    async def _problem(request: Request, exc: ProblemError) -> JSONResponse:
        return problem_response(exc.status, exc.detail, request.url.path, exc.errors, exc.headers)

    @app.exception_handler(InputError)
    async def _input(request: Request, exc: InputError) -> JSONResponse:
        return problem_response(422, str(exc), request.url.path, exc.problems)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = []
        for error in exc.errors():
            loc = [str(p) for p in error.get("loc", ())]
            where = ".".join(loc[1:] if loc and loc[0] in ("query", "path", "body") else loc)
            errors.append((where or "(request)", str(error.get("msg", "invalid"))))
        detail = "\n".join(f"request: {f}: {r}" for f, r in errors)
        return problem_response(422, detail, request.url.path, errors)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        # A person's browser off the API gets a page (the web app's, when it is mounted).
        page = getattr(request.app.state, "error_page", None)
        wants_html = "text/html" in request.headers.get("accept", "")
        if page is not None and wants_html and not request.url.path.startswith("/v1"):
            headers = dict(exc.headers) if exc.headers else {}
            return page(exc.status_code, str(exc.detail), headers)  # type: ignore[no-any-return]
        return problem_response(
            exc.status_code,
            str(exc.detail),
            request.url.path,
            headers=dict(exc.headers) if exc.headers else None,
        )

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        return problem_response(500, "the service failed; nothing was stored", request.url.path)


def responses(*codes: int) -> dict[int | str, dict[str, Any]]:
    """The OpenAPI entries of the problem documents a route may answer."""
    return {
        code: {
            "model": Problem,
            "description": TITLES.get(code, "Error"),
            "content": {MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}},
        }
        for code in codes
    }
