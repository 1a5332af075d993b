"""Claims between cocounsel for lost fees: no duty (Beck v. Wecht; LAW.md § 5)."""

from __future__ import annotations

from apportion.engine import Rule
from apportion.law.california import authorities as A
from apportion.law.california import facts as F

DOCTRINE = "Cocounsel fee claims"

lost_fees_no_duty = Rule(
    "lost_fees_no_duty",
    "cocounsel owe no duty to protect one another's prospective fees",
    F.theory.eq("lost_fees"),
    words="One cocounsel cannot sue another on the theory that the other's malpractice toward "
    "their mutual client reduced the fee the first expected: such a duty would dilute each "
    "lawyer's undivided loyalty to the client. Fees waived to settle the client's own claim "
    "are different: they are a loss paid to the client, recoverable as indemnity.",
    cites=[
        A.BECK.at(None, "would be contrary to public policy"),
        A.SAUNDERS.whole,
    ],
    doctrine=DOCTRINE,
)

RULES = (lost_fees_no_duty,)
