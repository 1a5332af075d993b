"""The presenters, read as their readers read them: the summary first, Markdown through a
CommonMark parser, HTML escaped and folded, the DOCX memo read back."""

from __future__ import annotations

import io
from html.parser import HTMLParser
from pathlib import Path

import docx
import pytest
import yaml
from markdown_it import MarkdownIt
from typer.testing import CliRunner

from apportion import Decision, assess, load_matter
from apportion.cli import app
from apportion.io.load import parse_matter
from apportion.report.html import render_html
from apportion.report.memo import render_memo
from apportion.report.text import render

ROOT = Path(__file__).resolve().parents[2]
MUSSER = ROOT / "examples" / "musser-v-provencher.yaml"


@pytest.fixture(scope="module")
def musser() -> Decision:
    return assess(load_matter(MUSSER))


def test_text_opens_with_the_ten_second_summary(musser: Decision) -> None:
    lines = render(musser).splitlines()
    first = "\n".join(lines[:30])
    assert "Sandra Musser v. Douglas Provencher (equitable indemnity): AVAILABLE" in first
    assert "Recoverable:  $0.00 to $167,000.00" in first
    assert "The Home Insurance Company (primary insurer, by subrogation): $0.00 to $137,000.00" in (
        first
    )
    assert "Musser v. Provencher (2002) 28 Cal.4th 274, 276" in first  # why, with authority
    assert "claim_filed_date: When was the claim against Douglas Provencher filed?" in first
    # The full reasons and the arithmetic come after the summary.
    assert lines.index("Reasons") > 30
    assert len(musser.claims[0].summary) <= 3


def _tokens(markdown: str) -> list[tuple[str, str]]:
    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    flat: list[tuple[str, str]] = []
    for token in tokens:
        flat.append((token.type, token.tag))
        if token.type == "inline":
            flat.append(("text", token.content))
    return flat


def test_markdown_renders_headings_lists_and_tables(musser: Decision) -> None:
    tokens = _tokens(render(musser, markdown=True))
    heads = [
        tokens[i + 2][1]
        for i, (kind, _) in enumerate(tokens)
        if kind == "heading_open" and tokens[i + 1][0] == "inline"
    ]
    assert heads[0] == "Musser v. Provencher (2002) 28 Cal.4th 274"
    assert heads[1] == "Summary"
    assert heads[2] == "Sandra Musser v. Douglas Provencher (equitable indemnity): AVAILABLE"
    assert "Reasons" in heads and heads.index("Reasons") > heads.index("Summary")
    kinds = [k for k, _ in tokens]
    assert kinds.count("table_open") == 2  # the arithmetic at the least and at the most
    assert "bullet_list_open" in kinds
    texts = [t for k, t in tokens if k == "text"]
    assert "**Status:** Available: Sandra Musser may recover from Douglas Provencher." in texts
    assert any(t.startswith("`claim_filed_date`: When was the claim") for t in texts)
    # The headline and the money block never run together into one paragraph.
    assert not any("AVAILABLE" in t and "Recoverable" in t for t in texts)


def test_markdown_escapes_the_matter_text() -> None:
    document = yaml.safe_load(MUSSER.read_text())
    document["parties"][2]["name"] = "Sandra *Musser* <b>"
    decision = assess(parse_matter(document))
    html = MarkdownIt("commonmark").enable("table").render(render(decision, markdown=True))
    assert "Sandra *Musser* &lt;b&gt;" in html


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_html_summary_first_tables_folded_and_escaped() -> None:
    document = yaml.safe_load(MUSSER.read_text())
    document["parties"][2]["name"] = "Sandra <script>alert(1)</script> Musser"
    page = render_html(assess(parse_matter(document)))
    assert "<script>" not in page and "&lt;script&gt;" in page
    parsed = _Page()
    parsed.feed(page)
    tags = [t for t, _ in parsed.tags]
    assert tags.index("article") < tags.index("details")  # the summary comes first
    assert tags.count("details") >= 2 and all(
        "open" not in attrs for t, attrs in parsed.tags if t == "details"
    )
    assert tags.count("table") >= 4  # figures, questions, payments, the steps
    assert "claim_filed_date" in parsed.text


def test_memo_reads_back_as_a_memo(musser: Decision) -> None:
    memo = docx.Document(io.BytesIO(render_memo(musser)))
    headings = [p.text for p in memo.paragraphs if p.style.name.startswith("Heading")]
    order = [
        "Questions presented",
        "Short answers",
        "Facts relied on",
        "Analysis",
        "Open questions",
        "Appendix: the arithmetic",
    ]
    assert [h for h in headings if h in order] == order
    text = "\n".join(p.text for p in memo.paragraphs)
    assert "Whether Sandra Musser may recover from Douglas Provencher" in text
    assert "AVAILABLE." in text and "Musser v. Provencher (2002) 28 Cal.4th 274, 276" in text
    assert "When was the claim against Douglas Provencher filed?" in text
    cells = [c.text for t in memo.tables for row in t.rows for c in row.cells]
    assert "Loss to apportion" in cells
    assert "$10,000.00 + $75,000.00 + $0.00 + $20,000.00 = $105,000.00" in cells


def test_docx_needs_an_output_file_and_writes_it(tmp_path: Path) -> None:
    runner = CliRunner()
    refused = runner.invoke(app, ["assess", str(MUSSER), "-f", "docx"])
    assert refused.exit_code == 2 and refused.stdout == ""
    out = tmp_path / "memo.docx"
    done = runner.invoke(app, ["assess", str(MUSSER), "-f", "docx", "-o", str(out)])
    assert done.exit_code == 0, done.output
    assert done.stdout == ""
    assert docx.Document(str(out)).paragraphs[0].text == "Memorandum"
    assert [p.name for p in tmp_path.iterdir()] == ["memo.docx"]  # no temporary left behind
    nowhere = runner.invoke(app, ["assess", str(MUSSER), "-f", "docx", "-o", "/no/such/m.docx"])
    assert nowhere.exit_code == 2 and nowhere.stdout == ""
    assert "no such directory '/no/such'" in nowhere.stderr
