"""Claims between cocounsel for lost fees: no duty (Beck v. Wecht; LAW.md § 5)."""

from __future__ import annotations

from apportion.engine import Fact, Kind, Rule, unless
from apportion.law.california import authorities as A
from apportion.law.california import facts as F

DOCTRINE = "Cocounsel fee claims"

follow_pollack = Fact(
    "follow_pollack_v_lytle",
    Kind.BOOL,
    "Override (split of authority before Beck, 2002): should the court follow Pollack v. "
    "Lytle (1981), which held that associated counsel owe one another a fiduciary duty, and "
    "allow this claim for lost fees?",
    label="the matter elects Pollack v. Lytle",
    asked=False,
)

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
    exceptions=[
        unless(
            "pollack_duty_before_beck",
            F.theory.eq("lost_fees") & follow_pollack.otherwise(False),
            then=False,
            words="Before Beck the courts were split: Pollack v. Lytle recognized a fiduciary "
            "duty between associated counsel; the matter elects to follow it.",
            cites=[A.POLLACK.at("940-943")],
            valid_from=A.POLLACK.dated,
            valid_until=A.BECK.dated,
            unsettled=True,
        ),
    ],
    doctrine=DOCTRINE,
)

RULES = (lost_fees_no_duty,)
FACTS = (follow_pollack,)
