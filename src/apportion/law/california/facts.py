"""The facts the California rulebook reads, one per candidate claim.

A candidate claim is one claimant (usually an attorney sued for malpractice)
seeking recovery from one respondent under one theory. These facts are the
columns of a portfolio table; ``apportion.io.flatten`` derives them from a
matter file where the record tells, and leaves the rest unknown.
"""

from __future__ import annotations

from apportion.engine import Fact, Kind


def _bool(id: str, question: str, label: str | None = None) -> Fact:
    return Fact(id, Kind.BOOL, question, label=label)


def _money(id: str, question: str, label: str | None = None) -> Fact:
    return Fact(id, Kind.MONEY, question, label=label)


def _share(id: str, question: str, label: str | None = None) -> Fact:
    return Fact(id, Kind.SHARE, question, label=label)


def _date(id: str, question: str, label: str | None = None) -> Fact:
    return Fact(id, Kind.DATE, question, label=label)


THEORIES = (
    "equitable_indemnity",
    "implied_contractual_indemnity",
    "express_indemnity",
    "lost_fees",
    "transferred_malpractice",
)
ROLES = (
    "lead",
    "associated",
    "concurrent",
    "cumis",
    "insurer_appointed",
    "monitoring",
    "other",
    "none",
)

# --- the claim and the parties' roles ----------------------------------------------
theory = Fact(
    "theory",
    Kind.ENUM,
    "On what theory does the claimant seek recovery?",
    values=THEORIES,
    label="the theory of recovery",
)
claimant_is_attorney = _bool(
    "claimant_is_attorney", "Is the claimant an attorney?", "the claimant is an attorney"
)
respondent_is_attorney = _bool(
    "respondent_is_attorney", "Is the respondent an attorney?", "the respondent is an attorney"
)
claimant_role = Fact(
    "claimant_role",
    Kind.ENUM,
    "In what role did the claimant represent the client?",
    values=ROLES,
    label="the claimant's role",
)
respondent_role = Fact(
    "respondent_role",
    Kind.ENUM,
    "In what role did the respondent represent the client?",
    values=ROLES,
    label="the respondent's role",
)
client_sued_claimant = _bool(
    "client_sued_claimant",
    "Did the client sue the claimant for malpractice?",
    "the client sued the claimant",
)
client_sued_respondent = _bool(
    "client_sued_respondent",
    "Did the client also sue the respondent?",
    "the client also sued the respondent",
)

# --- joint legal obligation (AMA; Western Steamship; Prince) ------------------------
respondent_owed_duty_to_client = _bool(
    "respondent_owed_duty_to_client",
    "Did the respondent owe the client a professional duty (an attorney-client "
    "relationship or equivalent) in the matter?",
    "the respondent owed the client a duty",
)
respondent_caused_same_injury = _bool(
    "respondent_caused_same_injury",
    "Did the respondent's breach cause the same, indivisible injury the claimant paid for?",
    "the respondent's breach caused the same injury",
)
respondent_immune = _bool(
    "respondent_immune",
    "Does the respondent have a substantive immunity from liability to the client?",
    "the respondent is immune from the client's claim",
)
claimant_liability_vicarious = _bool(
    "claimant_liability_vicarious",
    "Is the claimant liable to the client only vicariously (no fault of its own)?",
    "the claimant's liability is only vicarious",
)

# --- relationship between the two lawyers (successor and concurrent counsel) --------
representations_overlapped = _bool(
    "representations_overlapped",
    "Did the claimant and the respondent represent the client in the same matter at the "
    "same time (concurrent counsel or cocounsel)?",
    "they acted for the client concurrently",
)
respondent_succeeded_claimant = _bool(
    "respondent_succeeded_claimant",
    "Did the respondent take over the client's matter after the claimant (successor)?",
    "the respondent is the claimant's successor",
)
claimant_succeeded_respondent = _bool(
    "claimant_succeeded_respondent",
    "Did the claimant take over the client's matter after the respondent?",
    "the claimant is the respondent's successor",
)
respondent_counsel_against_claimant = _bool(
    "respondent_counsel_against_claimant",
    "Does the respondent represent the client in the malpractice claim against the claimant?",
    "the respondent is the client's counsel against the claimant",
)
respondent_currently_represents_client = _bool(
    "respondent_currently_represents_client",
    "Does the respondent still represent the client in the underlying matter?",
    "the respondent still represents the client",
)
respondent_hired_to_remedy = _bool(
    "respondent_hired_to_remedy",
    "Was the respondent hired to extricate the client from the claimant's alleged error?",
    "the respondent was hired to remedy the claimant's error",
)
claim_attacks_remedial_advice = _bool(
    "claim_attacks_remedial_advice",
    "Does the indemnity claim attack the respondent's advice in remedying that error?",
    "the claim attacks the respondent's remedial advice",
)
respondent_personal_stake = _bool(
    "respondent_personal_stake",
    "Would exposure to this claim give the respondent a personal stake in how the client "
    "proceeds (whether to sue, settle or remedy)?",
    "exposure gives the respondent a personal stake in the client's decisions",
)
reservation_of_rights = _bool(
    "reservation_of_rights",
    "Did the client's liability insurer defend under a reservation of rights "
    "(a tripartite insurer relationship)?",
    "the client's insurer reserved its rights",
)
respondent_retained_by_plaintiff = _bool(
    "respondent_retained_by_plaintiff",
    "Was the respondent retained by the very party now suing the claimant (e.g. the "
    "insurer's monitoring counsel)?",
    "the respondent acted for the party suing the claimant",
)

# --- confidentiality (Evid. Code §§ 954, 958, 912; Kroll & Tract) -------------------
needs_client_confidences = _bool(
    "needs_client_confidences",
    "Can the claim be fairly tried only with the client's privileged communications or "
    "confidential information?",
    "the claim needs the client's confidences",
)
privilege_waived_by_client = _bool(
    "privilege_waived_by_client",
    "Has the client otherwise waived the privilege as to the respondent (disclosure or "
    "consent, Evid. Code § 912)?",
    "the client waived privilege as to the respondent",
)
respondent_needs_disclosure_to_defend = _bool(
    "respondent_needs_disclosure_to_defend",
    "Could the respondent defend only by disclosing the client's confidences?",
    "the respondent could defend only by disclosing confidences",
)

# --- good-faith settlement (Code Civ. Proc. § 877.6) and workers' compensation -------
respondent_good_faith_settlement = _bool(
    "respondent_good_faith_settlement",
    "Did the respondent settle with the client under a good-faith determination "
    "(Code Civ. Proc. § 877.6)?",
    "the respondent settled in good faith with the client",
)
respondent_is_clients_employer = _bool(
    "respondent_is_clients_employer",
    "Is the respondent the injured client's employer?",
    "the respondent is the employer",
)
respondent_has_comp_coverage = _bool(
    "respondent_has_comp_coverage",
    "Has the respondent (employer) secured workers' compensation coverage?",
    "the employer has workers' compensation coverage",
)
written_preinjury_indemnity = _bool(
    "written_preinjury_indemnity",
    "Did the respondent sign a written indemnity agreement before the injury?",
    "a written pre-injury indemnity agreement exists",
)
express_indemnity_clause = _bool(
    "express_indemnity_clause",
    "Is there an express written agreement by the respondent to indemnify the claimant?",
    "an express indemnity agreement exists",
)

# --- money: the claimant's loss, in cents, by who bore it ---------------------------
paid_by_claimant = _money(
    "paid_by_claimant",
    "How much did the claimant pay itself toward the settlement or judgment (e.g. its deductible)?",
    "paid by the claimant itself",
)
paid_by_primary = _money(
    "paid_by_primary",
    "How much did the claimant's primary insurer pay toward the settlement or judgment?",
    "paid by the primary insurer",
)
paid_by_excess = _money(
    "paid_by_excess",
    "How much did the claimant's excess insurer pay toward the settlement or judgment?",
    "paid by the excess insurer",
)
fees_waived = _money(
    "fees_waived",
    "How much in fees and costs did the claimant write off in settling with the client?",
    "fees written off",
)
waiver_was_settlement_consideration = _bool(
    "waiver_was_settlement_consideration",
    "Were the fees written off as consideration for the client's release of the malpractice claim?",
    "the write-off was consideration for the release",
)
defense_by_claimant = _money(
    "defense_by_claimant",
    "Defense costs the claimant paid itself",
    "defense costs paid by the claimant",
)
defense_by_insurers = _money(
    "defense_by_insurers",
    "Defense costs the claimant's insurers paid",
    "defense costs paid by the insurers",
)
claimant_fault = _share(
    "claimant_fault", "The claimant's comparative fault share (%)", "the claimant's fault share"
)
respondent_fault = _share(
    "respondent_fault",
    "The respondent's comparative fault share (%)",
    "the respondent's fault share",
)
others_fault = _share(
    "others_fault",
    "The combined fault share (%) of everyone else liable to the client for the same injury",
    "others' fault share",
)
primary_overrides_made_whole = _bool(
    "primary_overrides_made_whole",
    "Does the primary policy explicitly give the insurer priority over the insured's "
    "uninsured loss?",
    "the primary policy overrides the made-whole rule",
)
excess_overrides_made_whole = _bool(
    "excess_overrides_made_whole",
    "Does the excess policy explicitly give the insurer priority over the insured's "
    "uninsured loss?",
    "the excess policy overrides the made-whole rule",
)
insurer_paid_as_volunteer = _bool(
    "insurer_paid_as_volunteer",
    "Did the insurer pay as a volunteer rather than under its policy?",
    "the insurer paid as a volunteer",
)
respondent_declined_tender = _bool(
    "respondent_declined_tender",
    "Was the respondent notified of the demand to defend and did it decline "
    "(Code Civ. Proc. § 1021.6)?",
    "the respondent declined the tender of defense",
)
claimant_won_summarily = _bool(
    "claimant_won_summarily",
    "Did the claimant obtain judgment in its favor by summary judgment, nonsuit or "
    "directed verdict in the principal case?",
    "the claimant won the principal case summarily",
)

# --- defense costs (tort of another, Code Civ. Proc. § 1021.6) ----------------------
defense_forced_by_respondent_tort = _bool(
    "defense_forced_by_respondent_tort",
    "Did the respondent's tort force the claimant to defend the client's action "
    "(tort of another: the tort, and the action it forced)?",
    "the respondent's tort forced the claimant to defend",
)
defense_costs_reasonable = _bool(
    "defense_costs_reasonable",
    "Were the defense costs reasonably necessary in the client's action?",
    "the defense costs were reasonably necessary",
)
defense_costs_pleaded_as_damages = _bool(
    "defense_costs_pleaded_as_damages",
    "Were the defense costs pleaded and proved as damages at trial?",
    "the defense costs were pleaded and proved as damages",
)
express_indemnity_covers_defense = _bool(
    "express_indemnity_covers_defense",
    "Does the express indemnity agreement cover the indemnitee's defense costs?",
    "the indemnity agreement covers defense costs",
)
defense_costs_held_recoverable = Fact(
    "defense_costs_held_recoverable",
    Kind.BOOL,
    "Has a court in this matter decided whether the defense costs are recoverable "
    "(answer to override the rulebook's reading of this unsettled point)?",
    label="a court held the defense costs recoverable",
    asked=False,
)

co_respondents_fault = _share(
    "co_respondents_fault",
    "The combined fault share (%) of the other lawyers the claimant also seeks indemnity "
    "from for the same loss (its other candidate claims)",
    "the other respondents' fault share",
)

# --- the recovery and who owns it (made-whole rule, several insurers) ----------------
# Not asked in an interview: a record of the recovery, not a question about the claim.
amount_recovered = Fact(
    "amount_recovered",
    Kind.MONEY,
    "How much has actually been recovered from the respondent (unknown: the full amount "
    "owed is assumed to be recovered)?",
    label="the amount actually recovered",
    asked=False,
)
INSURER_ORDERS = ("pro_rata", "excess_first", "primary_first")
insurer_recovery_order = Fact(
    "insurer_recovery_order",
    Kind.ENUM,
    "When a recovery does not repay both the primary and the excess insurer, in what order "
    "do they share it (pro_rata to what each paid, excess_first, primary_first)?",
    values=INSURER_ORDERS,
    label="the order in which the insurers share a recovery",
    asked=False,  # an override of the rulebook's unsettled default
)

# --- transfers of a client's malpractice claim (Goodley; Curtis; White Mountains) ----
TRANSFER_MODES = (
    "none",
    "voluntary_assignment",
    "involuntary_assignment",
    "equitable_subrogation",
    "conventional_subrogation",
    "bankruptcy_estate",
    "corporate_successor",
    "successor_fiduciary",
)
transfer_mode = Fact(
    "transfer_mode",
    Kind.ENUM,
    "How did the claimant come to hold the client's malpractice claim?",
    values=TRANSFER_MODES,
    label="how the claim was transferred",
)
claimant_is_bankruptcy_trustee = _bool(
    "claimant_is_bankruptcy_trustee",
    "Is the claimant the bankruptcy trustee of the client?",
    "the claimant is the bankruptcy trustee",
)
transferee_former_adversary = _bool(
    "transferee_former_adversary",
    "Is the transferee a former adversary of the client?",
    "the transferee is a former adversary",
)
wm_incidental_to_insurer_transfer = _bool(
    "wm_incidental_to_insurer_transfer",
    "Was the assignment a small, incidental part of a larger commercial transfer between "
    "insurance companies?",
    "the assignment was incidental to an insurer-to-insurer transfer",
)
wm_not_a_commodity = _bool(
    "wm_not_a_commodity",
    "Did the transfer move assets, rights, obligations and liabilities without treating the "
    "claim as a distinct commodity?",
    "the claim was not treated as a commodity",
)
wm_attorney_defended_insured = _bool(
    "wm_attorney_defended_insured",
    "Did the claim arise where the original client-insurer retained the attorney to defend "
    "an insured?",
    "the attorney was retained to defend an insured",
)
wm_via_claims_administrator = _bool(
    "wm_via_claims_administrator",
    "Did communications with the original insurer run through a third-party claims administrator?",
    "communications ran through a claims administrator",
)

# --- dates (accrual and limitations) --------------------------------------------------
last_payment_date = _date(
    "last_payment_date",
    "When did the claimant (or its insurer) last pay the client?",
    "the date of payment",
)
claim_filed_date = _date(
    "claim_filed_date", "When was the claim against the respondent filed?", "the filing date"
)
discovery_date = _date(
    "discovery_date",
    "When did the claimant discover (or should have discovered) the respondent's wrongful act?",
    "the discovery date",
)
wrongful_act_date = _date(
    "wrongful_act_date",
    "When did the respondent's wrongful act occur?",
    "the date of the wrongful act",
)

# --- accrual and limitations (LAW.md § 11) ---------------------------------------------
claimant_has_paid = _bool(
    "claimant_has_paid",
    "Has the claimant (or its insurer) paid the client anything yet, by settlement, judgment "
    "or fees given up?",
    "the claimant has paid the client",
)
claimant_liability_open = _bool(
    "claimant_liability_open",
    "Does the client's claim against the claimant remain open (not settled, dismissed or "
    "decided), so that a loss may yet arise?",
    "the client's claim against the claimant remains open",
)
respondent_is_public_entity = _bool(
    "respondent_is_public_entity",
    "Is the respondent a public entity (Government Claims Act)?",
    "the respondent is a public entity",
)
complaint_served_date = _date(
    "complaint_served_date",
    "When was the claimant served with the complaint pleading the claims that give rise to "
    "the indemnity claim?",
    "the date the complaint was served",
)
entity_claim_presented_in_time = _bool(
    "entity_claim_presented_in_time",
    "Was the indemnity claim presented to the public entity within the claims-presentation "
    "period, counted from its accrual (Gov. Code § 901)?",
    "the claim was presented to the public entity in time",
)

# --- refinements of the joint legal obligation (LAW.md §§ 1.2, 1.3, 12.3, 14.6) ---------
client_claim_vs_respondent_procedurally_barred = _bool(
    "client_claim_vs_respondent_procedurally_barred",
    "Is the client's own claim against the respondent barred only procedurally (e.g. "
    "time-barred, or no timely government claim), not on the merits?",
    "the client's claim against the respondent is only procedurally barred",
)
respondent_statutory_cap = _money(
    "respondent_statutory_cap",
    "Does a statute cap what the respondent could owe the client (e.g. a cap on non-economic "
    "damages)? If so, the most the respondent would owe the client.",
    "the statutory cap on the respondent's liability to the client",
)
respondent_advised_only_claimant = _bool(
    "respondent_advised_only_claimant",
    "Did the respondent act only as a consultant to the claimant, with no attorney-client "
    "relationship with, and no professional duty to, the client?",
    "the respondent advised only the claimant",
)
claimant_retained_by_respondent = _bool(
    "claimant_retained_by_respondent",
    "Was the claimant (a non-lawyer professional such as an expert witness) retained by the "
    "respondent law firm to work on the client's matter?",
    "the claimant was retained by the respondent for the client's matter",
)
claimant_only_passively_negligent = _bool(
    "claimant_only_passively_negligent",
    "Was the claimant's own negligence merely passive (a failure to discover or prevent the "
    "respondent's active wrong)?",
    "the claimant was only passively negligent",
)
loss_includes_non_economic = _bool(
    "loss_includes_non_economic",
    "Does the loss paid to the client include non-economic damages (e.g. emotional distress)?",
    "the loss includes non-economic damages",
)

ALL: tuple[Fact, ...] = tuple(v for v in globals().values() if isinstance(v, Fact))
