"""The decision report as HTML: a standalone page, or a fragment for notebooks.

Same content as the text report (report/text.py): per claim its status, amounts and
owners, the minimal reasons with their authorities, the exceptions ruled out or still
open, and the questions whose answers could still change the result. Everything from
the matter is escaped.
"""

from __future__ import annotations

from html import escape

from apportion.decide.assessment import Assessment
from apportion.engine import Citation, Trace
from apportion.engine.plan import ExceptionTrace, FactValue
from apportion.engine.relevance import Question
from apportion.report.money import money_lines
from apportion.report.text import _fact, _span, amount, owner_lines, show_value

STYLE = """
.apportion { font-family: system-ui, sans-serif; line-height: 1.4; max-width: 60rem; }
.apportion .status-available { color: #116611; } .apportion .status-barred { color: #aa1111; }
.apportion .status-undetermined { color: #8a6d00; }
.apportion ul { list-style: none; padding-left: 1.2rem; border-left: 1px solid #ddd; }
.apportion .cite { color: #444; font-size: 0.92em; }
.apportion .unsettled { background: #fff3cd; padding: 0 0.3em; font-size: 0.85em; }
.apportion .words { color: #333; } .apportion .aside { color: #777; font-size: 0.9em; }
.apportion .exception { margin: 0.2em 0 0.2em 0.5em; }
"""


def render_html(assessment: Assessment, standalone: bool = True) -> str:
    body = _body(assessment)
    if not standalone:
        return f"<style>{STYLE}</style>{body}"
    title = escape(assessment.matter.title)
    return (
        "<!doctype html>\n<html lang='en'><head><meta charset='utf-8'>"
        f"<title>{title}</title><style>{STYLE}</style></head><body>{body}</body></html>\n"
    )


def _body(assessment: Assessment) -> str:
    names = {p.id: p.name for p in assessment.matter.parties}
    rb = assessment.rulebook
    out = [
        "<div class='apportion'>",
        f"<h1>{escape(assessment.matter.title)}</h1>",
        f"<p class='aside'>Law as of {assessment.as_of.isoformat()} · rulebook "
        f"{escape(rb.name)} {escape(rb.version)} ({rb.digest()}) · input "
        f"{assessment.input_digest}</p>",
    ]
    asked = assessment.questions()
    for index, claim in enumerate(assessment.claims):
        status = escape(claim.status)
        out.append(
            f"<section><h2>{escape(names[claim.row.claimant])} v. "
            f"{escape(names[claim.row.respondent])} "
            f"({escape(claim.row.theory.replace('_', ' '))}): "
            f"<span class='status-{status}'>{status.upper()}</span></h2>"
        )
        decided = claim.values["decided_by"] or "open facts (see below)"
        out.append(f"<p>Decided by: <code>{escape(str(decided))}</code><br>")
        out.append(f"Recoverable: {escape(amount(claim))}")
        for line in owner_lines(assessment, claim):
            out.append(f"<br>{escape(line.strip())}")
        money_part = money_lines(
            assessment.rulebook, assessment.matter, claim.row.facts, claim.row.claimant
        )
        out.append("</p><pre class='money'>" + escape("\n".join(money_part)) + "</pre><p>")
        out.append("</p><h3>Reasons</h3><ul>")
        out.append(_node(claim.trace))
        out.append("</ul>")
        mine = [q for q in asked if q.row == index]
        if mine:
            out.append(
                "<h3>Open questions</h3><p class='aside'>Answers that could still "
                "change this result.</p><ol>"
            )
            out.extend(f"<li>{_question(q)}</li>" for q in mine)
            out.append("</ol>")
        out.append("</section>")
    out.append("</div>")
    return "\n".join(out)


def _node(trace: Trace) -> str:
    head = f"<strong>{escape(trace.label)}</strong>: {escape(show_value(trace))}"
    if trace.repeated:
        return f"<li>{head} <span class='aside'>(see above)</span></li>"
    if trace.unsettled:
        head += " <span class='unsettled'>unsettled law</span>"
    parts = [f"<li>{head}"]
    words = trace.applied_words or (trace.words if trace.words != trace.label else "")
    if words:
        lead = "because: " if trace.applied_words else ""
        parts.append(f"<div class='words'>{lead}{escape(words)}</div>")
    if trace.earlier:
        parts.append(f"<div class='words'>the law on this date: {escape(trace.earlier)}</div>")
    parts.append(_cites(trace.authorities))
    if trace.facts:
        parts.append(f"<div>facts: {_facts(trace.facts)}</div>")
    for exc in trace.ruled_out:
        parts.append(_exception(exc, "ruled out"))
    for exc in trace.open_exceptions:
        parts.append(_exception(exc, "still open"))
    if trace.set_aside:
        names = "; ".join(escape(label) for _, label in trace.set_aside)
        parts.append(f"<div class='aside'>did not matter here: {names}</div>")
    if trace.because:
        parts.append("<ul>" + "".join(_node(child) for child in trace.because) + "</ul>")
    parts.append("</li>")
    return "".join(parts)


def _exception(exc: ExceptionTrace, how: str) -> str:
    mark = " <span class='unsettled'>unsettled law</span>" if exc.unsettled else ""
    parts = [f"<div class='exception'><em>{how}:</em> {escape(exc.words)}{mark}"]
    parts.append(_cites(exc.authorities))
    if not exc.in_force:
        parts.append(f"<div class='aside'>not the law on this date ({escape(_span(exc))})</div>")
    if exc.facts:
        label = "because" if how == "ruled out" else "until known"
        parts.append(f"<div>{label}: {_facts(exc.facts)}</div>")
    if exc.because:
        parts.append("<ul>" + "".join(_node(child) for child in exc.because) + "</ul>")
    parts.append("</div>")
    return "".join(parts)


def _cites(cites: list[Citation]) -> str:
    items = []
    for cite in cites:
        quote = f" (“{escape(cite.quote)}”)" if cite.quote else ""
        later = (
            " <span class='aside'>(a later decision, for the earlier law it describes)</span>"
            if cite.retrospective
            else ""
        )
        items.append(f"<div class='cite'>— {escape(cite.text())}{quote}{later}</div>")
    return "".join(items)


def _facts(facts: list[FactValue]) -> str:
    return ", ".join(f"{escape(f.label)} = <b>{escape(_fact(f.value, f.kind))}</b>" for f in facts)


def _question(q: Question) -> str:
    could = ", ".join(q.decides or q.changes)
    verb = "could decide" if q.decides else "could change"
    extra = f"; only together with {', '.join(q.together_with)}" if q.together_with else ""
    return (
        f"{escape(q.fact.question)} <span class='aside'>(<code>{escape(q.fact.id)}</code>; "
        f"{verb}: {escape(could)}{escape(extra)})</span>"
    )
