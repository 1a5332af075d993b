"""The law before each rule's authorities (issue 14, item 2).

The rulebook states the law from :data:`SINCE`. A rule or exception in force on a day
before its earliest authority says here which earlier law it states: on authority of that
time, on a later decision describing it (``describing``), on the law before that in turn,
or flagged unsettled where no authority of the time was found. The engine refuses a
rulebook that leaves one out, and an explanation for such a day shows this earlier law and
never cites the later authority as the law of that day.
"""

from __future__ import annotations

from apportion.engine import Earlier
from apportion.law.california import authorities as A

SINCE = A.LI_YELLOW_CAB.dated
"""Li v. Yellow Cab (1975) replaced contributory negligence with comparative fault, on
which every apportionment here rests: the rulebook states the law from that day."""


def unsettled(what: str) -> Earlier:
    return Earlier(f"Unsettled: {what}", unsettled=True)


BEFORE_AMA = Earlier(
    "Before American Motorcycle (February 9, 1978) equitable indemnity was all or nothing: "
    "a loss was shifted whole or not at all, with no comparative shares (the eras of "
    "indemnity law decide which).",
    (A.AMA.describing(),),
)
BEFORE_AMA_CROSS_COMPLAINT = unsettled(
    "before American Motorcycle (1978) no decision read allowed a cross-complaint for "
    "indemnity before payment."
)
BEFORE_JOINT_LIABILITY = Earlier(
    "Before American Motorcycle, implied indemnity already required the indemnitor's own "
    "liability to the injured party: the common-law predicate Western Steamship describes.",
    (
        A.WESTERN_STEAMSHIP.describing(
            None, "common law principles of implied indemnity requiring joint liability"
        ),
    ),
)
BEFORE_EL_WHITE = Earlier(
    "Indemnity's two sources, express contract and equity, are as E. L. White (1978) "
    "describes them.",
    (A.EL_WHITE.describing(),),
)
BEFORE_PEOPLE_EX_REL = unsettled(
    "before People ex rel. Dept. of Transportation (1980) no decision read held that the "
    "injured party's procedural bar against the indemnitor leaves indemnity intact."
)
BEFORE_ACCRUAL_CASES = Earlier(
    "E. L. White (1978) held that an indemnity claim arises when the indemnitee pays.",
    (A.EL_WHITE.whole,),
    before=unsettled("before E. L. White (1978) no decision read dated the accrual of indemnity."),
)
BEFORE_BEAR_CREEK = unsettled(
    "before Bear Creek (1985) no decision read treated implied contractual indemnity as "
    "outside comparative apportionment; where the rule asks, the matter's follow_bear_creek "
    "answer decides."
)
BEFORE_HELD = unsettled(
    "no published decision read had decided a lawyer's indemnity claim against a successor "
    "lawyer before Held v. Arant (1977)."
)
BEFORE_MUSSER_POLICY = Earlier(
    "Before Musser the public-policy bars between lawyers were those of the successor-attorney "
    "cases: reasons of policy peculiar to the attorney-client-adversary relationship override "
    "equitable indemnity.",
    (A.HELD.at("750", "reasons of policy peculiar to the tripartite relationship"),),
    before=BEFORE_HELD,
)
BEFORE_MUSSER_CONCURRENT = Earlier(
    "Before Musser no decision read barred a claim between concurrent counsel as such until "
    "Kroll & Tract (1999); Pollack v. Lytle (1981) found the successor-attorney policies "
    "inapplicable to associated counsel. Flagged unsettled.",
    (A.POLLACK.at("942"),),
    unsettled=True,
)
BEFORE_MUSSER_SUBROGATION = unsettled(
    "before Musser (2002) whether an attorney's insurer could pursue the attorney's indemnity "
    "claim against cocounsel was open (see open_before_musser)."
)
BEFORE_MUSSER_LOSS = unsettled(
    "before Musser (2002) no decision read counted fees waived to settle the client's claim "
    "as part of the indemnitee's loss."
)
BEFORE_MUSSER_CONSULTANT = unsettled(
    "before Musser (2002) no decision read addressed a lawyer who advised only the claimant."
)
BEFORE_LEWIS = unsettled(
    "before Lewis v. Purvin (1989) no decision read barred a claim against the client's "
    "current counsel as such."
)
BEFORE_CROUSE = unsettled(
    "before Crouse (1998) no decision read decided a successor's indemnity claim against the "
    "predecessor."
)
BEFORE_PARKER = unsettled("Parker v. Morton (1981), the minority view, had not yet been decided.")
BEFORE_GOLDFISHER = unsettled(
    "before Goldfisher (1982) no decision read rested the bar on the client's confidences."
)
BEFORE_KROLL_PRIVILEGE = unsettled(
    "before Kroll & Tract (1999) no decision read limited the Evid. Code § 958 waiver to the "
    "lawyer the client sued."
)
BEFORE_CUMIS = unsettled(
    "before Cumis (1984) no decision read recognized the insurer-appointed and independent "
    "counsel relationship."
)
BEFORE_TECH_BILT = Earlier(
    "Section 877.6 was enacted in 1980; no decision read applies it before Tech-Bilt (1985), "
    "which construed it. Flagged unsettled for the earlier years.",
    (A.TECH_BILT.describing("499"),),
    unsettled=True,
)
BEFORE_SAUNDERS = Earlier(
    "Before Saunders (1999), Pollack v. Lytle (1981) held that associated counsel owe one "
    "another a fiduciary duty, so a claim for lost fees could lie; the courts were split until "
    "Beck (2002). The matter's follow_pollack_v_lytle answer decides.",
    (A.POLLACK.at("940-943"),),
    unsettled=True,
)
BEFORE_GOODLEY = unsettled(
    "before Goodley (1976) no decision read held legal-malpractice claims unassignable."
)
BEFORE_CURTIS = unsettled(
    "before Curtis (1999) no decision read gave the bankruptcy trustee the debtor's "
    "malpractice claims."
)
BEFORE_WHITE_MOUNTAINS = unsettled(
    "before White Mountains (2013) no exception for insurer-to-insurer transfers was "
    "recognized; the factors are computed but decide nothing before that day."
)
BEFORE_MADE_WHOLE = Earlier(
    "Before Samura (1993) and Sapiano (1994), which call the made-whole rule a general "
    "equitable principle of insurance law, no California decision stating it was read; it "
    "is applied as they describe it, flagged unsettled.",
    (A.SAPIANO.describing("536", "a general equitable principle of insurance law"),),
    unsettled=True,
)
BEFORE_FF_MARYLAND = unsettled(
    "before Fireman's Fund v. Maryland Casualty (1998) no decision read set out how an "
    "insurer's payments are subrogated layer by layer."
)
BEFORE_FAR_WEST = unsettled(
    "before Far West (1988) no decision read limited total indemnity to an indemnitee "
    "without fault."
)
BEFORE_1021_6 = unsettled(
    "Code Civ. Proc. § 1021.6 is applied from the first decision read applying it, Bear "
    "Creek (1985)."
)
BEFORE_WESTERN_STEAMSHIP = unsettled(
    "before Western Steamship (1994) no decision read applied a cap on the respondent's "
    "liability to the injured party to an indemnity claim."
)
BEFORE_340_6 = Earlier(
    "Section 340.6 is applied from the earliest decision read applying it (Foxborough, "
    "1994; its enactment date was not found). Before it, a client's malpractice claim had two "
    "years from discovery under § 339 (Neel, 1971); whether that reached an attorney's "
    "indemnity claim against cocounsel was untested.",
    (A.NEEL.at(),),
    unsettled=True,
)
BEFORE_SHORTSTOP = Earlier(
    "Section 901 as amended in 1981, as Shortstop (1983) later construed it.",
    (A.SHORTSTOP.describing("758"),),
)
BEFORE_PUBLIC_ENTITY_CLAIMS = Earlier(
    "Before Shortstop (1983) no decision read applied § 901's presentation rule to an "
    "indemnity claim; E. L. White (1978) held an indemnity claim against a public entity "
    "arises on payment. Flagged unsettled.",
    (A.EL_WHITE.whole,),
    unsettled=True,
)

_AMA_RULES = (
    "elements_met",
    "total_indemnity",
    "comparative_apportionment",
    "active_fault_bar",
    "non_economic_several_only",
    "loss_paid",
    "loss_paid_low",
    "loss_paid_high",
    "fault_unassigned",
    *(
        f"{who}_fault_{end}"
        for who in ("claimant", "respondent", "others")
        for end in ("low", "high")
    ),
    *(
        f"{who}_share_{end}"
        for who in ("claimant", "respondent", "others")
        for end in ("low", "high")
    ),
    "claimant_share",
    "respondent_share",
    "others_share",
    "indemnity_owed",
    "indemnity_owed_low",
    "indemnity_owed_high",
    "insured_loss",
    "insured_loss_here_low",
    "insured_loss_here_high",
)
_MADE_WHOLE_RULES = (
    "deductible_owned_by_insured",
    "insurer_priority",
    "excess_priority",
    "insurer_order",
    *(
        f"{name}_{end}"
        for name in (
            "insured_loss",
            "recovery",
            "priority_insurers_recover",
            "insured_made_whole",
            "windfall",
            "insured_recovers",
            "insurers_recover",
        )
        for end in ("low", "high")
    ),
)
_SUBROGATED_RULES = tuple(
    f"{name}_{end}"
    for name in ("owned_loss", "other_insurers_recover", "primary_recovers", "excess_recovers")
    for end in ("low", "high")
)
_LAYER_RULES = tuple(
    f"{layer}_loss_{end}" for layer in ("primary", "excess") for end in ("low", "high")
)
_340_6_RULES = (
    "section_340_6_may_govern",
    "section_340_6_deadline",
    "timely_under_340_6",
    "limitations_bar/elected_section_340_6",
    "section_340_6_earliest_deadline",
    "filing_deadline/filing_elected_section_340_6",
)

EARLIER: dict[str, Earlier] = {
    **dict.fromkeys(_AMA_RULES, BEFORE_AMA),
    **dict.fromkeys(_MADE_WHOLE_RULES, BEFORE_MADE_WHOLE),
    **dict.fromkeys(_SUBROGATED_RULES, BEFORE_MUSSER_SUBROGATION),
    **dict.fromkeys(_LAYER_RULES, BEFORE_FF_MARYLAND),
    **dict.fromkeys(_340_6_RULES, BEFORE_340_6),
    "joint_liability": BEFORE_JOINT_LIABILITY,
    "joint_liability/procedural_bar_is_no_defence": BEFORE_PEOPLE_EX_REL,
    "joint_liability/consultant_to_the_claimant_only": BEFORE_MUSSER_CONSULTANT,
    "respondent_exposure_cap": BEFORE_WESTERN_STEAMSHIP,
    "respondent_exposure_low": BEFORE_WESTERN_STEAMSHIP,
    "respondent_exposure_high": BEFORE_WESTERN_STEAMSHIP,
    "equitable_theory": BEFORE_EL_WHITE,
    "indemnity_claim": BEFORE_EL_WHITE,
    "elements_met/implied_contract_before_prince": BEFORE_BEAR_CREEK,
    "total_indemnity/implied_contract_not_apportioned_before_bay_development": BEFORE_BEAR_CREEK,
    "comparative_apportionment/implied_contract_outside_apportionment": BEFORE_BEAR_CREEK,
    "good_faith_settlement_bar/implied_contract_before_bay_development": BEFORE_BEAR_CREEK,
    "policy_bars_apply": BEFORE_MUSSER_POLICY,
    "worked_concurrently": BEFORE_MUSSER_CONCURRENT,
    "worked_concurrently/professional_retained_by_counsel": BEFORE_MUSSER_CONSULTANT,
    "concurrent_counsel_bar": BEFORE_MUSSER_CONCURRENT,
    "adverse_counsel_bar": BEFORE_LEWIS,
    "successor_bar": BEFORE_HELD,
    "successor_bar/crouse_reverse_direction": BEFORE_CROUSE,
    "successor_bar/parker_minority_view": BEFORE_PARKER,
    "conflict_of_interest": BEFORE_HELD,
    "privilege_waived_as_to_respondent": BEFORE_KROLL_PRIVILEGE,
    "confidentiality_concern": BEFORE_GOLDFISHER,
    "tripartite_insurer_relationship": BEFORE_CUMIS,
    "good_faith_settlement_bar": BEFORE_TECH_BILT,
    "lost_fees_no_duty": BEFORE_SAUNDERS,
    "white_mountains_factors": BEFORE_WHITE_MOUNTAINS,
    "transfer_ineffective": BEFORE_GOODLEY,
    "transfer_ineffective/bankruptcy_trustee_sues": BEFORE_CURTIS,
    "subrogation_permitted": BEFORE_GOODLEY,
    "subrogation_permitted/volunteer_not_subrogated": BEFORE_FF_MARYLAND,
    "subrogation_permitted/open_before_musser": BEFORE_GOODLEY,
    "indemnity_accrual_date": BEFORE_ACCRUAL_CASES,
    "entity_claim_accrual_date": BEFORE_ACCRUAL_CASES,
    "entity_claim_accrual_date/accrual_at_service_of_complaint": BEFORE_SHORTSTOP,
    "public_entity_claim_bar": BEFORE_PUBLIC_ENTITY_CLAIMS,
    "filing_deadline/claims_presentation_period_not_computed": BEFORE_PUBLIC_ENTITY_CLAIMS,
    "filed_before_accrual": BEFORE_AMA_CROSS_COMPLAINT,
    "limitations_bar/filed_before_payment": BEFORE_AMA_CROSS_COMPLAINT,
    "no_loss_to_shift/cross_complaint_before_payment": BEFORE_AMA_CROSS_COMPLAINT,
    "waived_fees_in_loss": BEFORE_MUSSER_LOSS,
    "claimant_without_fault": BEFORE_FAR_WEST,
    "implied_indemnity_fees": BEFORE_1021_6,
}
