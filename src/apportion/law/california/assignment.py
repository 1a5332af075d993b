"""Who may sue: non-assignability of malpractice claims, and insurer subrogation to the
attorney's own indemnity claim (LAW.md §§ 8, 9)."""

from __future__ import annotations

import datetime as dt

from apportion.engine import Fact, Kind, Rule, if_, unknown, unless
from apportion.law.california import authorities as A
from apportion.law.california import facts as F
from apportion.law.california.indemnity import equitable_theory

DOCTRINE = "Assignment and subrogation"
MUSSER_DECIDED = dt.date(2002, 6, 27)
BORISSOFF_DECIDED = dt.date(2004, 7, 15)

successor_fiduciary_may_sue = Fact(
    "successor_fiduciary_may_sue",
    Kind.BOOL,
    "Override (law before Borissoff, July 15, 2004): may a successor fiduciary of an estate sue "
    "the attorneys its predecessor retained for the estate's benefit?",
    label="the matter lets the successor fiduciary sue",
    asked=False,
)

white_mountains_factors = Rule(
    "white_mountains_factors",
    "all five White Mountains factors are met",
    F.wm_incidental_to_insurer_transfer
    & F.wm_not_a_commodity
    & ~F.transferee_former_adversary
    & F.wm_attorney_defended_insured
    & F.wm_via_claims_administrator,
    words="A malpractice claim passes in a larger commercial transfer between insurers when it "
    "is incidental, not treated as a commodity, not taken by a former adversary, arose from "
    "defending an insured, and communications ran through a claims administrator.",
    cites=[A.WHITE_MOUNTAINS.whole],
    doctrine=DOCTRINE,
)

transfer_ineffective = Rule(
    "transfer_ineffective",
    "the client's malpractice claim could not pass to the claimant",
    F.theory.eq("transferred_malpractice") & ~F.transfer_mode.eq("none"),
    words="Legal-malpractice claims are personal to the client and cannot be assigned, "
    "voluntarily or involuntarily, nor taken by an insurer through subrogation.",
    cites=[
        A.GOODLEY.at("393-395"),
        A.JACKSON.at("341-342"),
        A.KRACHT.at("1023"),
        A.FIREMANS_FUND_MCDONALD.whole,
    ],
    exceptions=[
        unless(
            "bankruptcy_trustee_sues",
            F.transfer_mode.eq("bankruptcy_estate") & F.claimant_is_bankruptcy_trustee,
            then=False,
            words="A bankrupt client's malpractice claims are estate property, assertable by "
            "the trustee alone; the trustee cannot sell or assign them to a creditor.",
            cites=[A.CURTIS.whole, A.BAUM.whole],
        ),
        unless(
            "successor_fiduciary_sues",
            F.transfer_mode.eq("successor_fiduciary"),
            then=False,
            words="A successor fiduciary of an estate in probate has its predecessor's powers, "
            "the power to sue included, so it may sue the attorneys its predecessor retained "
            "for the estate's benefit: the claim stays with the office, it is not assigned.",
            cites=[A.BORISSOFF.whole],
            valid_from=BORISSOFF_DECIDED,
        ),
        unless(
            "successor_fiduciary_open_before_borissoff",
            F.theory.eq("transferred_malpractice") & F.transfer_mode.eq("successor_fiduciary"),
            then=~successor_fiduciary_may_sue,
            words="Unsettled: whether a successor fiduciary, not in privity with the attorneys "
            "its predecessor retained, may sue them (an attorney's duty runs to the client in "
            "privity). Answer successor_fiduciary_may_sue to decide it.",
            cites=[A.GOODMAN_V_KENNEDY.at("342-344")],
            valid_from=dt.date(1976, 11, 29),  # Goodman v. Kennedy
            valid_until=BORISSOFF_DECIDED,
            unsettled=True,
        ),
        unless(
            "white_mountains_exception",
            F.transfer_mode.isin(["voluntary_assignment", "corporate_successor"])
            & white_mountains_factors,
            then=False,
            words="The narrow White Mountains exception for insurer-to-insurer transfers.",
            cites=[A.WHITE_MOUNTAINS.whole],
            valid_from=A.WHITE_MOUNTAINS.dated,
        ),
    ],
    doctrine=DOCTRINE,
)

subrogation_permitted = Rule(
    "subrogation_permitted",
    "the claimant's insurer may pursue its payments by subrogation",
    equitable_theory | F.theory.eq("express_indemnity"),
    words="While legal malpractice claims are not ordinarily assignable, the policies against "
    "assignment (a personal, confidential relationship; no market in claims; no adversary "
    "acquiring them) do not apply to an insurer subrogated to its insured attorney's own "
    "indemnity claim against concurrent counsel or cocounsel: no client's claim is "
    "transferred and the insurer stands in the attorney's shoes.",
    cites=[
        A.MUSSER.at("276", "the policy considerations against assignment are not applicable here"),
        A.GOODLEY.at("393-395"),
        A.FIREMANS_FUND_MARYLAND.whole,
    ],
    exceptions=[
        unless(
            "volunteer_not_subrogated",
            F.insurer_paid_as_volunteer,
            then=False,
            words="An insurer that paid as a volunteer, not to protect its own interest under "
            "its policy, is not subrogated.",
            cites=[A.FIREMANS_FUND_MARYLAND.whole],
        ),
        unless(
            "open_before_musser",
            # A volunteer is never subrogated, then or now: that exception alone decides.
            equitable_theory & ~F.insurer_paid_as_volunteer,
            then=unknown(Kind.BOOL),
            words="Before Musser it was unsettled whether an attorney's insurer could be "
            "subrogated to the attorney's indemnity claim (the trial court in Musser held "
            "it could not).",
            cites=[A.GOODLEY.whole],
            valid_until=MUSSER_DECIDED,
            unsettled=True,
        ),
    ],
    doctrine=DOCTRINE,
)

deductible_owned_by_insured = Rule(
    "deductible_owned_by_insured",
    "the part of the loss the insured paid itself (its deductible), which it pursues itself",
    if_(equitable_theory | F.theory.eq("express_indemnity"), F.paid_by_claimant, 0),
    kind=Kind.MONEY,
    words="What the insured attorney paid the client itself, such as its deductible, is part "
    "of the loss to apportion; the insurer is subrogated only to what it paid, so the insured "
    "keeps, and is the real party in interest for, its own part (in Musser the judgment "
    "reinstating the deductible claim was affirmed).",
    cites=[A.CCP_367.whole, A.SAPIANO.at("536"), A.MUSSER.whole],
    doctrine=DOCTRINE,
)

RULES = (
    white_mountains_factors,
    transfer_ineffective,
    subrogation_permitted,
    deductible_owned_by_insured,
)
FACTS = (successor_fiduciary_may_sue,)
