"""The decision report in words: plain text for the terminal, or CommonMark Markdown.

It opens with the summary a claims handler reads in ten seconds (per claim: status,
amount, owners, why in three lines, the open questions with their fact keys); the
deciding rule, the arithmetic, the full reasons and the flips follow. Reads only a
Decision.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from apportion.report import format as fmt

if TYPE_CHECKING:  # presenters read a Decision's shape; they never build one
    from apportion.model.decision import Authority, Claim, Decision, ExceptionReason, Reason


class Out:
    """Lines of text or Markdown. Markdown blocks are separated by blank lines so that a
    CommonMark parser sees headings, lists and tables, not one run-on paragraph."""

    def __init__(self, markdown: bool) -> None:
        self.md = markdown
        self.lines: list[str] = []

    def text(self) -> str:
        return "\n".join(self.lines).rstrip() + "\n"

    def blank(self) -> None:
        if self.lines and self.lines[-1] != "":
            self.lines.append("")

    def heading(self, level: int, text: str) -> None:
        self.blank()
        if self.md:
            self.lines.append(f"{'#' * level} {_md(text)}")
        else:
            self.lines.append(text)
            if level <= 2:
                self.lines.append(("=" if level == 1 else "-") * min(len(text), 78))
        self.blank()

    def para(self, text: str) -> None:
        self.blank()
        self.lines.append(_md(text) if self.md else text)
        self.blank()

    def lead(self, title: str, rest: str = "") -> None:
        """A short lead-in line: bold in Markdown, ending in a colon in text."""
        self.blank()
        if self.md:
            self.lines.append(f"**{_md(title)}**" + (f" ({_md(rest)})" if rest else ""))
        else:
            self.lines.append(title + (f" ({rest})" if rest else "") + ":")
        self.blank()

    def item(self, text: str, depth: int = 0) -> None:
        pad = "  " * depth
        self.lines.append(f"{pad}- {_md(text)}" if self.md else f"{pad}  • {text}")

    def field(self, name: str, text: str) -> None:
        """A labelled line: a list item in Markdown, an aligned line in text."""
        if self.md:
            self.lines.append(f"- **{name}:** {_md(text)}")
        else:
            self.lines.append(f"  {name + ':':<13} {text}")

    def table(self, head: list[str], rows: list[list[str]]) -> None:
        self.blank()
        if self.md:
            self.lines.append("| " + " | ".join(head) + " |")
            self.lines.append("|" + "---|" * len(head))
            for row in rows:
                self.lines.append("| " + " | ".join(_cell(c) for c in row) + " |")
        else:  # a table in a terminal: the row, then its last column (the rule) beneath
            for row in rows:
                self.lines.append(f"  {row[0]}: {'  '.join(row[1:-1])}")
                if row[-1]:
                    self.lines.append(f"      — {row[-1]}")
        self.blank()


def _md(text: str) -> str:
    """Escape what CommonMark would read as markup in matter text."""
    for ch in "\\`*_[]<>|#":
        text = text.replace(ch, "\\" + ch)
    return text


def _cell(text: str) -> str:
    return _md(text).replace("\n", " ")


def render(decision: Decision, markdown: bool = False) -> str:
    out = Out(markdown)
    out.heading(1, decision.matter)
    out.para(fmt.header(decision))
    out.heading(2, "Summary")
    for claim in decision.claims:
        summary(out, claim)
    for claim in decision.claims:
        detail(out, claim)
    return out.text()


def summary(out: Out, claim: Claim) -> None:
    out.heading(3, f"{claim.title}: {fmt.status(claim)}")
    out.field("Status", claim.status_words)
    out.field("Recoverable", fmt.amount(claim.recoverable))
    for owner in claim.owners:
        out.field("Owned by", f"{fmt.owner(owner)}: {fmt.amount(owner.amount)}")
    if claim.deadline is not None:
        out.field("File by", fmt.file_by(claim.deadline))
    for note in claim.notes:
        out.field("Note", note)
    out.blank()
    out.lead("Why")
    for line in claim.summary:
        out.item(line)
    if claim.questions:
        out.lead("Open questions", "answer with the fact key")
        for q in claim.questions:
            key = f"`{q.fact}`" if out.md else q.fact
            text = f"{q.question} ({fmt.could(q)})"
            out.lines.append(f"- {key}: {_md(text)}" if out.md else f"  • {key}: {text}")
    out.blank()


def filing(out: Out, claim: Claim) -> None:
    d = claim.deadline
    assert d is not None
    out.heading(3, "Filing deadline")
    out.para(f"File by {fmt.file_by(d)}. {fmt.deadline_basis(d)}")
    if d.views:
        out.lead("Under each view that may govern")
        for line in fmt.deadline_views(d):
            out.item(line)
    moved = fmt.deadline_moved_by(d)
    if moved:
        out.para(moved[:1].upper() + moved[1:] + ".")


def detail(out: Out, claim: Claim) -> None:
    out.heading(2, f"{claim.title}: in full")
    if claim.decided_by:
        rule = claim.decided_by
        cite = f" ({rule.authorities[0].text()})" if rule.authorities else ""
        out.para(f"Decided by: {rule.label}. {rule.words}{cite}")
    else:
        out.para("Decided by: no rule yet; the open questions above decide it.")
    for bar in claim.barred_by:
        out.item(f"barred by: {bar.label}")
    if claim.deadline is not None:
        filing(out, claim)
    out.heading(3, "Money (in exact cents)")
    if claim.money.payments:
        out.lead("Paid toward the client's claims")
        for pay in claim.money.payments:
            out.item(
                f"{pay.claim}: {pay.payer.name} ({pay.payer.kind}), {pay.kind} "
                f"{fmt.money(pay.cents)}"
            )
    names = {"exact": "", "least": "At the least", "most": "At the most"}
    for end, steps in claim.money.ends.items():
        if names[end]:
            out.lead(names[end])
        out.table(
            ["Step", "Arithmetic", "Rule"],
            [
                [
                    s.label,
                    fmt.arithmetic(s) + (f" ({s.note})" if s.note else ""),
                    _rule(s.rule.id, next(iter(s.rule.authorities), None)) if s.rule else "",
                ]
                for s in steps
            ],
        )
    out.heading(3, "Reasons")
    tree(out, claim.reasons, 0)
    if claim.standing:
        out.heading(3, "Who may pursue it")
        for node in claim.standing:
            tree(out, node, 0)
    if claim.flips:
        out.heading(3, "What would change the status")
        for f in claim.flips:
            out.item(fmt.flip(f, claim))
    out.blank()


def _rule(rule_id: str, first: Authority | None) -> str:
    if first is None:
        return rule_id
    later = " (a later decision, describing the earlier law)" if first.retrospective else ""
    return f"{rule_id}; {first.text()}{later}"


def tree(out: Out, node: Reason, depth: int) -> None:
    head = f"{node.label}: {fmt.value(node.kind, node.value)}"
    if node.repeated:
        out.item(head + " (see above)", depth)
        return
    if node.unsettled:
        head += " [unsettled law]"
    out.item(head, depth)
    notes: list[str] = []
    if node.applied_words:
        notes.append(f"because: {node.applied_words}")
    elif node.words:
        notes.append(node.words)
    if node.earlier:
        notes.append(f"the law on this date: {node.earlier}")
    notes += [f"— {_cite(a)}" for a in node.authorities]
    if node.facts:
        notes.append("facts: " + ", ".join(fmt.fact(f) for f in node.facts))
    for note in notes:
        _note(out, note, depth)
    for exc in node.ruled_out:
        _exception(out, exc, "ruled out", depth)
    for exc in node.open_exceptions:
        _exception(out, exc, "still open", depth)
    if node.set_aside:
        _note(out, "did not matter here: " + "; ".join(node.set_aside), depth)
    for child in node.because:
        tree(out, child, depth + 1)


def _note(out: Out, text: str, depth: int) -> None:
    # In Markdown a note is a nested list item; in text an indented line under the item.
    if out.md:
        out.item(text, depth + 1)
    else:
        out.lines.append("  " * (depth + 1) + "    " + text)


def _exception(out: Out, exc: ExceptionReason, how: str, depth: int) -> None:
    mark = " [unsettled law]" if exc.unsettled else ""
    _note(out, f"{how}: {exc.words}{mark}", depth)
    for a in exc.authorities:
        _note(out, f"  — {_cite(a)}", depth)
    if not exc.in_force:
        _note(out, f"  not the law on this date ({_span(exc)})", depth)
    if exc.facts:
        label = "because" if how == "ruled out" else "until known"
        _note(out, f"  {label}: " + ", ".join(fmt.fact(f) for f in exc.facts), depth)
    for child in exc.because:
        tree(out, child, depth + 2)


def _cite(a: Authority) -> str:
    quote = f' ("{a.quote}")' if a.quote else ""
    later = " (a later decision, for the earlier law it describes)" if a.retrospective else ""
    return f"{a.text()}{quote}{later}"


def _span(exc: ExceptionReason) -> str:
    if exc.valid_from and exc.valid_until:
        return f"in force {exc.valid_from} to {exc.valid_until}"
    if exc.valid_from:
        return f"in force from {exc.valid_from}"
    return f"in force until {exc.valid_until}"
