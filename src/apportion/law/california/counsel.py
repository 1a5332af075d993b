"""Public-policy bars between lawyers: successor attorneys, the client's current counsel,
and concurrent counsel or cocounsel after Musser (LAW.md §§ 3, 4)."""

from __future__ import annotations

import datetime as dt

from apportion.engine import Fact, Kind, Rule, unknown, unless
from apportion.law.california import authorities as A
from apportion.law.california import facts as F

DOCTRINE = "Attorney public-policy bars"
MUSSER_DECIDED = dt.date(2002, 6, 27)

follow_parker = Fact(
    "follow_parker_v_morton",
    Kind.BOOL,
    "Override: should the court follow Parker v. Morton (the disfavored minority view) and "
    "allow this claim against a successor attorney?",
    label="the matter elects Parker v. Morton",
    asked=False,
)

express_clause_subject_to_policy = Fact(
    "express_clause_subject_to_policy",
    Kind.BOOL,
    "Override (open question): do the public-policy bars between lawyers apply to an express "
    "indemnity agreement between them (true), or is the agreement enforced as written (false)?",
    label="the matter applies the policy bars to the express agreement",
    asked=False,
)

policy_bars_apply = Rule(
    "policy_bars_apply",
    "the public-policy bars between lawyers reach this claim",
    True,
    words="The public-policy bars protect the client's relationship with its lawyers; they "
    "apply to equitable indemnity claims between lawyers.",
    cites=[A.MUSSER.at("276")],
    exceptions=[
        unless(
            "express_clause_open_question",
            # A clause not shown is none; the theory is read as it is (so that answering
            # either fact moves the exception one way only).
            F.theory.eq("express_indemnity") & F.express_indemnity_clause.otherwise(False),
            then=express_clause_subject_to_policy,
            words="Open question: an express indemnity clause between cocounsel (e.g. in an "
            "association agreement) is enforced as a contract, and the good-faith settlement "
            "bar does not reach it; whether the public-policy bars of the successor and "
            "concurrent-counsel cases still apply to it is undecided. Answer "
            "express_clause_subject_to_policy to decide it.",
            cites=[A.EL_WHITE.whole, A.CIV_2778.whole, A.MUSSER.at("276")],
            unsettled=True,
        ),
    ],
    doctrine=DOCTRINE,
)

worked_concurrently = Rule(
    "worked_concurrently",
    "they worked for the client concurrently",
    F.representations_overlapped,
    words="Concurrent counsel or cocounsel represented the same client in the same matter at "
    "the same time.",
    cites=[A.MUSSER.at("276")],
    exceptions=[
        unless(
            "professional_retained_by_counsel",
            F.claimant_retained_by_respondent.otherwise(False)
            & ~F.claimant_is_attorney
            & F.respondent_is_attorney,
            then=True,
            words="A non-lawyer professional retained by the law firm for the client's matter, "
            "such as an expert witness, worked beside it: Musser's case-by-case analysis "
            "governs its indemnity claim against the firm.",
            cites=[A.FORENSIS.whole, A.MUSSER.at("276")],
        ),
    ],
    doctrine=DOCTRINE,
)

adverse_counsel_bar = Rule(
    "adverse_counsel_bar",
    "the respondent is counsel for the party now suing the claimant",
    F.respondent_is_attorney
    & (F.respondent_counsel_against_claimant | F.respondent_retained_by_plaintiff)
    & policy_bars_apply,
    words="A lawyer sued for malpractice may not seek indemnity from the lawyers who act for "
    "the party suing it: that would intrude on an existing attorney-client relationship, "
    "whether or not the two were once concurrent counsel.",
    cites=[
        A.LEWIS.at(None, "an unwarranted intrusion upon the existing attorney-client relationship"),
        A.AUSTIN.at("1129"),
        A.SHAFFERY.whole,
    ],
    doctrine=DOCTRINE,
)

successor_bar = Rule(
    "successor_bar",
    "a predecessor attorney may not seek indemnity from its successor",
    F.respondent_is_attorney
    & (
        F.respondent_succeeded_claimant
        | (F.respondent_hired_to_remedy & F.claim_attacks_remedial_advice)
    )
    & policy_bars_apply,
    words="An attorney sued by a former client may not cross-complain for indemnity against "
    "the successor attorney hired to deal with the problem; the predecessor keeps the "
    "successor's negligence as an affirmative defence instead. The bar shields the lawyer "
    "hired to rescue the client from anyone sued with the first lawyer for the same harm, "
    "a non-lawyer co-defendant included, whose claim attacks the rescue.",
    cites=[
        A.HELD.whole,
        A.GIBSON_DUNN.whole,
        A.GOLDFISHER.whole,
        A.HOLLAND.at("926, 929-930"),
        A.AUSTIN.at("1129", "now-well-established precedent"),
    ],
    exceptions=[
        unless(
            "crouse_reverse_direction",
            F.claimant_succeeded_respondent,
            then=False,
            words="The bar runs one way: a successor may seek indemnity from its predecessor, "
            "who has no conflict and no continuing confidences to protect.",
            cites=[A.CROUSE.at("1545-1546")],
        ),
        unless(
            "parker_minority_view",
            follow_parker.otherwise(False),
            then=False,
            words="Parker v. Morton allowed such a claim; later courts declined to follow it "
            "(Holland) and called it into doubt (Austin). Applied only when the matter elects it.",
            cites=[A.PARKER.whole],
            unsettled=True,
        ),
    ],
    doctrine=DOCTRINE,
)

conflict_of_interest = Rule(
    "conflict_of_interest",
    "exposure to the claim would put the respondent in conflict with the client",
    F.respondent_currently_represents_client
    | F.respondent_counsel_against_claimant
    | (F.respondent_hired_to_remedy & F.claim_attacks_remedial_advice)
    | F.respondent_personal_stake,
    words="The first policy behind the successor cases: the threat of indemnity liability "
    "would divide the loyalty of a lawyer still advising the client.",
    cites=[A.MUSSER.whole, A.HELD.whole, A.GIBSON_DUNN.whole],
    exceptions=[
        unless(
            "concurrent_counsel_no_conflict",
            worked_concurrently
            & ~F.respondent_currently_represents_client
            & ~F.respondent_counsel_against_claimant,
            then=False,
            words="Concurrent counsel worked side by side for the same client; once that work "
            "has ended, neither advises the client about the claim against the other, so the "
            "conflict that justifies the successor bar does not arise.",
            cites=[A.MUSSER.whole],
            valid_from=MUSSER_DECIDED,
        ),
    ],
    doctrine=DOCTRINE,
)

# The conflict as the record shows it: a ground not answered is none. Read ground by
# ground (the same as reading the whole as "no" while unknown), so that answering one
# moves the bars one way only.
_conflict_shown = (
    F.respondent_currently_represents_client.otherwise(False)
    | F.respondent_counsel_against_claimant.otherwise(False)
    | (
        F.respondent_hired_to_remedy.otherwise(False)
        & F.claim_attacks_remedial_advice.otherwise(False)
    )
    | F.respondent_personal_stake.otherwise(False)
)

privilege_waived_as_to_respondent = Rule(
    "privilege_waived_as_to_respondent",
    "the client's privilege is waived as to the respondent",
    F.client_sued_respondent | F.privilege_waived_by_client,
    words="Suing a lawyer waives the privilege only as to that lawyer (Evid. Code § 958); "
    "communications with an unsued cocounsel stay privileged unless otherwise waived.",
    cites=[A.EVID_958.whole, A.KROLL.whole],
    doctrine=DOCTRINE,
)

confidentiality_concern = Rule(
    "confidentiality_concern",
    "the claim cannot be tried without the client's unwaived confidences",
    F.needs_client_confidences
    & ~privilege_waived_as_to_respondent
    & F.respondent_needs_disclosure_to_defend,
    words="The second policy: the claim would expose client confidences the client has not "
    "waived as to the respondent, which the respondent could not defend without disclosing. "
    "Between concurrent counsel it may or may not arise, on the facts of the case.",
    cites=[A.MUSSER.whole, A.KROLL.whole, A.GOLDFISHER.whole],
    doctrine=DOCTRINE,
)

tripartite_insurer_relationship = Rule(
    "tripartite_insurer_relationship",
    "the two lawyers stood in a tripartite insurer relationship",
    (
        F.reservation_of_rights
        & F.claimant_role.isin(["insurer_appointed", "cumis"])
        & F.respondent_role.isin(["insurer_appointed", "cumis"])
    )
    | F.respondent_role.eq("monitoring"),
    words="Insurer-appointed defence counsel and independent (Cumis) counsel under a "
    "reservation of rights, or an insurer's monitoring counsel.",
    cites=[A.KROLL.whole, A.CUMIS.whole, A.CIV_2860.whole, A.SHAFFERY.whole],
    doctrine=DOCTRINE,
)

concurrent_counsel_bar = Rule(
    "concurrent_counsel_bar",
    "public policy bars this claim between concurrent counsel or cocounsel",
    False,
    words="Public policy does not require a blanket rule barring concurrent counsel or "
    "cocounsel from seeking indemnity from one another; a particular claim is barred only "
    "where, on its facts, conflict of interest or confidentiality concerns arise.",
    cites=[
        A.MUSSER.at("276", "public policy does not require the adoption of such a blanket rule")
    ],
    exceptions=[
        unless(
            "pre_musser_tripartite_bar",
            worked_concurrently & tripartite_insurer_relationship & policy_bars_apply,
            then=True,
            words="Before Musser, Kroll & Tract held on its facts that public policy precluded "
            "insurer-appointed counsel's indemnity claim against Cumis counsel, and Shaffery "
            "extended that to the insurer's monitoring counsel.",
            cites=[
                A.KROLL.at(None, "public policy considerations preclude such a cross-complaint"),
                A.SHAFFERY.whole,
            ],
            valid_from=A.KROLL.dated,
            valid_until=MUSSER_DECIDED,
        ),
        unless(
            "conflict_bars_concurrent_claim",
            worked_concurrently & conflict_of_interest & policy_bars_apply,
            then=True,
            words="Case by case: the claim would put the respondent in conflict with the client.",
            cites=[A.MUSSER.whole],
            valid_from=MUSSER_DECIDED,
        ),
        unless(
            "confidentiality_bars_tripartite_claim",
            worked_concurrently
            & confidentiality_concern
            & tripartite_insurer_relationship
            & ~_conflict_shown
            & policy_bars_apply,
            then=True,
            words="Case by case: unwaived client confidences in a tripartite insurer "
            "relationship, as in Kroll & Tract and Shaffery, weigh toward the bar.",
            cites=[A.MUSSER.whole, A.KROLL.whole, A.SHAFFERY.whole],
            valid_from=MUSSER_DECIDED,
            unsettled=True,
        ),
        unless(
            "confidentiality_is_a_fact_question",
            worked_concurrently
            & confidentiality_concern
            & ~tripartite_insurer_relationship
            & ~_conflict_shown
            & policy_bars_apply,
            then=unknown(Kind.BOOL),
            words="Case by case: unwaived confidences outside a tripartite relationship leave "
            "a question of fact whether confidentiality can be managed.",
            cites=[A.MUSSER.whole],
            valid_from=MUSSER_DECIDED,
            unsettled=True,
        ),
    ],
    doctrine=DOCTRINE,
)

RULES = (
    policy_bars_apply,
    worked_concurrently,
    adverse_counsel_bar,
    successor_bar,
    conflict_of_interest,
    privilege_waived_as_to_respondent,
    confidentiality_concern,
    tripartite_insurer_relationship,
    concurrent_counsel_bar,
)
FACTS = (follow_parker, express_clause_subject_to_policy)
