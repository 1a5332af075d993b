"""Comparative equitable indemnity (American Motorcycle) and its elements (LAW.md §§ 1, 6)."""

from __future__ import annotations

import datetime as dt

from apportion.engine import Fact, Kind, Rule, if_, unless
from apportion.law.california import authorities as A
from apportion.law.california import facts as F

DOCTRINE = "Comparative equitable indemnity"
AMA_DECIDED = dt.date(1978, 2, 9)
PRINCE_DECIDED = dt.date(2009, 3, 19)
BAY_DEVELOPMENT_DECIDED = dt.date(1990, 5, 31)

# Overrides for open questions: unanswered, the question stays open.
consultant_shares_obligation = Fact(
    "consultant_shares_obligation",
    Kind.BOOL,
    "Override (open question): should a lawyer who advised only the claimant, owing the "
    "client no duty, be treated as jointly liable to the client for indemnity purposes?",
    label="the matter treats the consultant as jointly liable",
    asked=False,
)
follow_bear_creek = Fact(
    "follow_bear_creek",
    Kind.BOOL,
    "Override (law before Bay Development, May 31, 1990): treat implied contractual "
    "indemnity as contract-based (Bear Creek), outside comparative apportionment and the "
    "good-faith settlement bar?",
    label="the matter follows Bear Creek",
    asked=False,
)
implied_contract_without_joint_liability = Fact(
    "implied_contract_without_joint_liability",
    Kind.BOOL,
    "Override (law before Prince, Mar. 19, 2009): may implied contractual indemnity be had "
    "from a respondent not itself liable to the client (e.g. immune)?",
    label="the matter allows implied contractual indemnity without joint liability",
    asked=False,
)

joint_liability = Rule(
    "joint_liability",
    "the respondent is liable to the client for the same injury",
    F.respondent_owed_duty_to_client & F.respondent_caused_same_injury & ~F.respondent_immune,
    words="There is no indemnity without liability: the respondent must itself be liable to "
    "the injured client for the same indivisible injury, owing it a duty, with no immunity. "
    "A client's own lawyer owes the client's adversary no such duty, so the client has no "
    "indemnity from its lawyer for what it owes that adversary.",
    cites=[
        A.WESTERN_STEAMSHIP.at("114", "there can be no indemnity without liability"),
        A.PRINCE.whole,
        A.AMA.whole,
        A.MUNOZ.whole,
        A.JOCER.whole,
    ],
    exceptions=[
        unless(
            "procedural_bar_is_no_defence",
            F.client_claim_vs_respondent_procedurally_barred.otherwise(False)
            & F.respondent_owed_duty_to_client
            & F.respondent_caused_same_injury
            & ~F.respondent_immune
            & ~F.respondent_advised_only_claimant.otherwise(False),
            then=True,
            words="The client's claim against the respondent being barred only procedurally "
            "(e.g. out of time, or no timely government claim) does not defeat indemnity: "
            "the respondent was still liable for the injury. A substantive immunity would.",
            cites=[A.PEOPLE_EX_REL_DOT.at("747-748")],
        ),
        unless(
            # Open only between lawyers: a client's own lawyer owes the client's adversary
            # no duty, so a client has no indemnity from it (Jocer; Goodman v. Kennedy).
            "consultant_to_the_claimant_only",
            F.respondent_advised_only_claimant
            & F.claimant_is_attorney
            & ~F.respondent_owed_duty_to_client.otherwise(False),
            then=consultant_shares_obligation.otherwise(False),
            words="Open question: a lawyer who advised only the claimant, with no "
            "attorney-client relationship with the client, owed the client no duty, so the "
            "joint legal obligation fails; the claim would be a direct claim between lawyers, "
            "where Beck's policies may intrude. Answer consultant_shares_obligation to decide "
            "it otherwise.",
            cites=[A.MUSSER.at("276"), A.BECK.whole, A.PRINCE.whole],
            unsettled=True,
        ),
    ],
    doctrine=DOCTRINE,
)

respondent_exposure_cap = Rule(
    "respondent_exposure_cap",
    "the most the respondent would owe the client, by statute",
    F.respondent_statutory_cap,
    kind=Kind.MONEY,
    words="The indemnitor's exposure cannot exceed what it would owe the injured party: a "
    "statutory limit on its liability to the client applies inside the indemnity action, to "
    "the damages the statute reaches. Unknown when no cap is known.",
    cites=[A.WESTERN_STEAMSHIP.whole],
    doctrine=DOCTRINE,
)

equitable_theory = Rule(
    "equitable_theory",
    "the claim is one for equitable (including implied contractual) indemnity",
    F.theory.isin(["equitable_indemnity", "implied_contractual_indemnity"]),
    words="Implied contractual indemnity is a form of equitable indemnity and follows its rules.",
    cites=[A.PRINCE.whole, A.EL_WHITE.whole],
    doctrine=DOCTRINE,
)

express_agreement = Rule(
    "express_agreement",
    "the respondent expressly agreed to indemnify the claimant",
    F.express_indemnity_clause,
    words="Express indemnity arises from the contract and is enforced as written.",
    cites=[A.EL_WHITE.whole, A.CIV_2778.whole],
    doctrine=DOCTRINE,
)

malpractice_elements = Rule(
    "malpractice_elements",
    "the respondent breached a duty to the client, causing the injury",
    F.respondent_owed_duty_to_client & F.respondent_caused_same_injury,
    words="A malpractice claim needs a duty owed to the client, its breach and resulting injury. "
    "The duty runs to the client, not to those the client deals with at arm's length; an "
    "insurer that retained defence counsel for its insured is itself owed it, where no "
    "conflict divides them.",
    cites=[
        A.BUDD.whole,
        A.GOODMAN_V_KENNEDY.at(
            "344",
            "would inject undesirable self-protective reservations into the attorney's "
            "counselling role",
        ),
        A.UNIGARD.whole,
    ],
    doctrine=DOCTRINE,
)

elements_met = Rule(
    "elements_met",
    "the elements of the claimed theory are met",
    if_(
        equitable_theory,
        joint_liability,
        if_(
            F.theory.eq("express_indemnity"),
            express_agreement,
            if_(F.theory.eq("transferred_malpractice"), malpractice_elements, True),
        ),
    ),
    words="Each theory has its own elements; lost-fee claims are decided by their bar.",
    cites=[A.AMA.whole],
    exceptions=[
        unless(
            "implied_contract_before_prince",
            F.theory.eq("implied_contractual_indemnity") & ~joint_liability,
            then=implied_contract_without_joint_liability,
            words="Before Prince it was still litigated whether implied contractual indemnity "
            "required the indemnitor's own liability to the injured party (courts had "
            "allowed it despite the indemnitor's immunity); Prince settled that it does.",
            cites=[A.BAY_DEVELOPMENT.at("1018-1019"), A.BEAR_CREEK.whole],
            valid_until=PRINCE_DECIDED,
            unsettled=True,
        ),
    ],
    doctrine=DOCTRINE,
)

total_indemnity = Rule(
    "total_indemnity",
    "the claimant may shift its whole loss (its liability is only vicarious)",
    equitable_theory & F.claimant_liability_vicarious,
    words="Total equitable indemnity is the limiting case where the indemnitee bears no fault "
    "of its own, its liability being purely vicarious.",
    cites=[A.FAR_WEST.at("799-800"), A.AMA.whole],
    exceptions=[
        unless(
            "passive_negligence_before_ama",
            equitable_theory & F.claimant_only_passively_negligent,
            then=True,
            words="Before AMA indemnity was all or nothing: an indemnitee only passively "
            "negligent shifted its whole loss to the actively negligent indemnitor.",
            cites=[A.AMA.describing()],
            valid_until=AMA_DECIDED,
        ),
        unless(
            "implied_contract_not_apportioned_before_bay_development",
            F.theory.eq("implied_contractual_indemnity") & follow_bear_creek,
            then=True,
            words="Before Bay Development some courts treated implied contractual indemnity "
            'as contract-based, "not based upon equitable considerations", and so not '
            "apportioned by comparative fault (Bear Creek, since disapproved).",
            cites=[A.BEAR_CREEK.whole],
            valid_until=BAY_DEVELOPMENT_DECIDED,
            unsettled=True,
        ),
    ],
    doctrine=DOCTRINE,
)

RULES = (
    joint_liability,
    respondent_exposure_cap,
    equitable_theory,
    express_agreement,
    malpractice_elements,
    elements_met,
    total_indemnity,
)
FACTS = (consultant_shares_obligation, implied_contract_without_joint_liability, follow_bear_creek)
