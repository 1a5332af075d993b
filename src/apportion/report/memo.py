"""A memorandum counsel can file (DOCX, python-docx): question presented, short answer,
facts relied on, the analysis per claim with its citations, the open questions, and the
arithmetic as an appendix table. Reads only a Decision."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt, RGBColor

from apportion.report import format as fmt

if TYPE_CHECKING:  # presenters read a Decision's shape; they never build one
    from apportion.model.decision import Authority, Claim, Decision, Reason

ANALYSIS_DEPTH = 3
"""How deep the analysis follows the reasons tree (the HTML report has all of it)."""


def render_memo(decision: Decision) -> bytes:
    doc = Document()
    _styles(doc)
    doc.add_heading("Memorandum", level=0)
    _caption(doc, decision)
    doc.add_heading("Questions presented", level=1)
    for i, claim in enumerate(decision.claims, 1):
        theory = claim.theory.replace("_", " ")
        doc.add_paragraph(
            f"{i}. Whether {claim.claimant.name} may recover from {claim.respondent.name} "
            f"on a claim for {theory}, and if so how much, and who owns the recovery.",
        )
    doc.add_heading("Short answers", level=1)
    for i, claim in enumerate(decision.claims, 1):
        _short_answer(doc, i, claim)
    doc.add_heading("Facts relied on", level=1)
    for claim in decision.claims:
        _facts(doc, claim, len(decision.claims) > 1)
    doc.add_heading("Analysis", level=1)
    for claim in decision.claims:
        _analysis(doc, claim)
    doc.add_heading("Open questions", level=1)
    asked = [(c, q) for c in decision.claims for q in c.questions]
    if not asked:
        doc.add_paragraph("None: no unknown fact could change a status or an amount.")
    for claim, q in asked:
        p = doc.add_paragraph(style="List Number")
        p.add_run(q.question)
        p.add_run(f" (fact key {q.fact}; {fmt.could(q)}; {claim.title})").italic = True
    doc.add_page_break()  # type: ignore[no-untyped-call]
    doc.add_heading("Appendix: the arithmetic", level=1)
    for claim in decision.claims:
        _appendix(doc, claim)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _styles(doc: DocumentObject) -> None:
    normal = doc.styles["Normal"]
    normal.font.name = "Liberation Serif"  # metric-compatible with Times New Roman
    normal.font.size = Pt(11)


def _caption(doc: DocumentObject, decision: Decision) -> None:
    rb = decision.rulebook
    rows = [
        ("Re", decision.matter),
        ("Law as of", decision.as_of.isoformat()),
        ("Rulebook", f"{rb.name} {rb.version} (digest {rb.digest})"),
        ("Input", f"digest {decision.input_digest}"),
    ]
    table = doc.add_table(rows=0, cols=2)
    for name, text in rows:
        cells = table.add_row().cells
        cells[0].paragraphs[0].add_run(name).bold = True
        cells[1].text = text
    note = doc.add_paragraph()
    run = note.add_run(
        "Prepared by apportion from the rulebook named above; a research aid, not legal advice."
    )
    run.italic = True
    run.font.size = Pt(9)
    run.font.color.rgb = RGBColor(0x55, 0x55, 0x55)


def _short_answer(doc: DocumentObject, i: int, claim: Claim) -> None:
    p = doc.add_paragraph()
    p.add_run(f"{i}. {claim.status.upper()}. ").bold = True
    p.add_run(claim.status_words + " ")
    p.add_run(f"Recoverable: {fmt.amount(claim.recoverable)}.")
    for owner in claim.owners:
        doc.add_paragraph(f"{fmt.owner(owner)}: {fmt.amount(owner.amount)}", style="List Bullet")
    if claim.deadline is not None:
        file_by = doc.add_paragraph(style="List Bullet")
        file_by.add_run("File by: ").bold = True
        file_by.add_run(f"{fmt.file_by(claim.deadline)}. {fmt.deadline_basis(claim.deadline)}")
    for line in claim.summary:
        doc.add_paragraph(line, style="List Bullet 2")


def _facts(doc: DocumentObject, claim: Claim, several: bool) -> None:
    if several:
        doc.add_heading(claim.title, level=2)
    for pay in claim.money.payments:
        doc.add_paragraph(
            f"{pay.payer.name} ({pay.payer.kind}) paid {fmt.money(pay.cents)} "
            f"({pay.kind}) toward {pay.claim}.",
            style="List Bullet",
        )
    for f in claim.facts:
        doc.add_paragraph(fmt.fact(f), style="List Bullet")


def _analysis(doc: DocumentObject, claim: Claim) -> None:
    doc.add_heading(f"{claim.title}: {claim.status.upper()}", level=2)
    if claim.decided_by:
        p = doc.add_paragraph()
        p.add_run("Deciding rule: ").bold = True
        p.add_run(f"{claim.decided_by.label}. {claim.decided_by.words}")
        _cites(doc, claim.decided_by.authorities)
    _reason(doc, claim.reasons, 0)
    for node in claim.standing:
        _reason(doc, node, 0)


def _reason(doc: DocumentObject, node: Reason, depth: int) -> None:
    if node.repeated or depth > ANALYSIS_DEPTH:
        return
    p = doc.add_paragraph(style="List Bullet" if depth == 0 else f"List Bullet {min(depth + 1, 3)}")
    p.add_run(f"{node.label}: {fmt.value(node.kind, node.value)}. ").bold = True
    words = node.applied_words or node.words
    if words:
        p.add_run(words)
    if node.earlier:
        p.add_run(f" The law on this date: {node.earlier}")
    for a in node.authorities:
        later = " (a later decision, for the earlier law it describes)" if a.retrospective else ""
        run = p.add_run(f" {a.text()}" + (f" (“{a.quote}”)" if a.quote else "") + later + ".")
        run.italic = True
    if node.facts:
        p.add_run(" Facts: " + "; ".join(fmt.fact(f) for f in node.facts) + ".")
    for child in node.because:
        _reason(doc, child, depth + 1)


def _cites(doc: DocumentObject, authorities: list[Authority]) -> None:
    for a in authorities:
        p = doc.add_paragraph()
        p.paragraph_format.left_indent = Pt(18)
        p.add_run(a.text()).italic = True


def _appendix(doc: DocumentObject, claim: Claim) -> None:
    doc.add_heading(claim.title, level=2)
    names = {"exact": "The amounts", "least": "At the least", "most": "At the most"}
    for end, steps in claim.money.ends.items():
        doc.add_paragraph(names[end], style="Heading 3")
        table = doc.add_table(rows=1, cols=3)
        table.style = "Light Grid Accent 1"
        for cell, text in zip(table.rows[0].cells, ("Step", "Arithmetic", "Rule"), strict=True):
            cell.text = text
        for s in steps:
            cells = table.add_row().cells
            cells[0].text = s.label
            cells[1].text = fmt.arithmetic(s) + (f" ({s.note})" if s.note else "")
            if s.rule:
                cite = s.rule.authorities[0].text() if s.rule.authorities else ""
                cells[2].text = s.rule.id + (f"; {cite}" if cite else "")
        for row in table.rows:
            row.cells[1].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.LEFT
