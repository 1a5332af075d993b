"""Statutes of limitations and accrual of indemnity claims (LAW.md § 11).

An indemnity claim accrues when the indemnitee pays, not when the tort happened, and a
cross-complaint may be filed before then. The period is two years for equitable indemnity
and four for a written indemnity agreement. Whether the one-year/four-year attorney statute
(§ 340.6) governs instead is open: both are computed, and where they disagree the outcome is
left undetermined unless the matter elects a view.
"""

from __future__ import annotations

import datetime as dt

from apportion.engine import Fact, Kind, Rule, greatest, if_, least, unknown, unless
from apportion.engine.dates import add_days, add_years
from apportion.law.california import authorities as A
from apportion.law.california import facts as F
from apportion.law.california.indemnity import equitable_theory

DOCTRINE = "Accrual and limitations"
# Gov. Code § 901 was amended in 1981 (State of California v. Superior Court (Shortstop)
# (1983) 143 Cal.App.3d 754, 758, construing "the 1981 amendment"); its operative day was
# not found, so the era starts with that year.
GOV_901_AMENDED = dt.date(1981, 1, 1)

LIMITATIONS_VIEWS = ("section_339", "section_340_6")

limitations_view = Fact(
    "limitations_view",
    Kind.ENUM,
    "Override: which view of the open limitations question should apply to this claim "
    "against an attorney: the indemnity periods running from payment (section_339) or the "
    "attorney statute, Code Civ. Proc. § 340.6 (section_340_6)?",
    values=LIMITATIONS_VIEWS,
    label="the limitations view the matter elects",
    asked=False,
)

section_340_6_tolled_days = Fact(
    "section_340_6_tolled_days",
    Kind.INT,
    "Besides the time before payment, for how many days were both § 340.6 periods tolled "
    "(continuous representation on the same subject, disability)?",
    label="days both § 340.6 periods were otherwise tolled",
)

section_340_6_concealment_days = Fact(
    "section_340_6_concealment_days",
    Kind.INT,
    "For how many days did the respondent willfully conceal the facts of the wrongful act? "
    "(This tolls only the four-year § 340.6 period.)",
    label="days of willful concealment (four-year period only)",
)

indemnity_claim = Rule(
    "indemnity_claim",
    "the claim is one for indemnity (equitable, implied contractual or express)",
    F.theory.isin(["equitable_indemnity", "implied_contractual_indemnity", "express_indemnity"]),
    words="Indemnity comes from express contract or from equitable considerations.",
    cites=[A.EL_WHITE.whole],
    doctrine=DOCTRINE,
)

indemnity_accrual_date = Rule(
    "indemnity_accrual_date",
    "the date the indemnity claim accrued",
    F.last_payment_date,
    kind=Kind.DATE,
    words="An indemnity claim accrues when the indemnitee pays the injured party, by "
    "settlement or satisfied judgment, not when the underlying wrong occurred.",
    cites=[
        A.PEOPLE_EX_REL_DOT.at("747-748"),
        A.POSTLEY.at("283"),
        A.VALLEY_CIRCLE.whole,
    ],
    doctrine=DOCTRINE,
)

filed_before_accrual = Rule(
    "filed_before_accrual",
    "the claim was filed before the claimant paid",
    F.claim_filed_date.known()
    & (~F.claimant_has_paid | (F.claim_filed_date < indemnity_accrual_date)),
    words="A cross-complaint for indemnity may be filed before payment: that the claim has "
    "not yet accrued is no bar to it.",
    cites=[A.AMA.at("604-607")],
    doctrine=DOCTRINE,
)

limitations_deadline = Rule(
    "limitations_deadline",
    "the last day to file, counted from payment",
    add_years(indemnity_accrual_date, 2),
    kind=Kind.DATE,
    words="Equitable (including implied contractual) indemnity is an obligation not founded "
    "on a writing: two years from accrual.",
    cites=[A.CCP_339.at("subd. 1")],
    exceptions=[
        unless(
            "written_indemnity_four_years",
            F.theory.eq("express_indemnity") & F.express_indemnity_clause,
            then=add_years(indemnity_accrual_date, 4),
            words="A written indemnity agreement is an obligation founded on a writing: four "
            "years; an indemnity against claims or damages is recoverable upon payment.",
            cites=[A.CCP_337.at("subd. (a)"), A.CIV_2778.at("subd. 2")],
        ),
    ],
    doctrine=DOCTRINE,
)

timely_from_payment = Rule(
    "timely_from_payment",
    "the claim was filed within the period running from payment",
    F.claim_filed_date <= limitations_deadline,
    words="The claim is timely if filed on or before the last day of the period.",
    cites=[A.CCP_339.at("subd. 1"), A.CCP_337.whole],
    doctrine=DOCTRINE,
)

section_340_6_may_govern = Rule(
    "section_340_6_may_govern",
    "the attorney statute (§ 340.6) may govern this claim",
    F.respondent_is_attorney & equitable_theory,
    words="Section 340.6 reaches claims whose merits depend on proof that an attorney "
    "violated a professional obligation; an indemnity claim against cocounsel must prove "
    "cocounsel's breach of duty to the client. Whether it governs such a claim is open.",
    cites=[A.LEE_V_HANLEY.whole, A.JOCER.whole, A.CROUSE.whole, A.CCP_340_6.at("subd. (a)")],
    doctrine=DOCTRINE,
)

# Both § 340.6 periods are tolled until actual injury, which for an indemnitee is payment,
# and for the tolling the matter states (none unless it says so); willful concealment
# "shall toll only the four-year limitation" (subd. (a)(3)).
_tolled = section_340_6_tolled_days.otherwise(0)
_concealed = section_340_6_concealment_days.otherwise(0)
_year_from_discovery = add_days(
    add_years(greatest(F.discovery_date, indemnity_accrual_date), 1), _tolled
)
_four_years_from_act = add_days(
    add_years(greatest(F.wrongful_act_date, indemnity_accrual_date), 4), _tolled + _concealed
)

section_340_6_deadline = Rule(
    "section_340_6_deadline",
    "the last day to file under § 340.6",
    least(_year_from_discovery, _four_years_from_act),
    kind=Kind.DATE,
    words="One year after the claimant discovered (or should have discovered) the wrongful "
    "act, or four years after the act, whichever comes first; both are tolled until actual "
    "injury, here the payment, and while continuous representation or disability lasts; "
    "willful concealment tolls only the four-year period.",
    cites=[
        A.CCP_340_6.at("subd. (a)"),
        A.CCP_340_6.at("subd. (a)(3)", "shall toll only the four-year limitation"),
    ],
    doctrine=DOCTRINE,
)

timely_under_340_6 = Rule(
    "timely_under_340_6",
    "the claim was filed within the § 340.6 period",
    (F.claim_filed_date <= add_years(indemnity_accrual_date, 1))
    | ((F.claim_filed_date <= _year_from_discovery) & (F.claim_filed_date <= _four_years_from_act)),
    words="Filed within a year of payment the claim is timely under § 340.6 whatever the "
    "discovery date; later, it must be within a year of discovery and four years of the act.",
    cites=[A.CCP_340_6.at("subd. (a)")],
    doctrine=DOCTRINE,
)

_tested = indemnity_claim & F.claim_filed_date.known() & ~filed_before_accrual

limitations_bar = Rule(
    "limitations_bar",
    "the statute of limitations bars the claim",
    _tested & ~timely_from_payment & (~section_340_6_may_govern | ~timely_under_340_6),
    words="The claim is time-barred when it was filed after the period ran on every view "
    "that may govern it. With no filing date in the record the defence is not tested.",
    cites=[A.CCP_339.at("subd. 1"), A.PEOPLE_EX_REL_DOT.at("747-748")],
    exceptions=[
        unless(
            "filed_before_payment",
            indemnity_claim & filed_before_accrual,
            then=False,
            words="The cross-complaint was filed before payment, as it may be: the claim had "
            "not yet accrued, which is no bar.",
            cites=[A.AMA.at("604-607")],
        ),
        unless(
            "limitations_views_disagree",
            _tested
            & section_340_6_may_govern
            & ~limitations_view.known()
            & timely_from_payment.ne(timely_under_340_6),
            then=unknown(Kind.BOOL),
            words="Open question: the period running from payment and the attorney statute "
            "(§ 340.6) disagree on this claim, and no authority decides which governs an "
            "attorney's indemnity claim against cocounsel. Answer limitations_view to elect one.",
            cites=[A.CCP_339.at("subd. 1"), A.CCP_340_6.at("subd. (a)"), A.LEE_V_HANLEY.whole],
            unsettled=True,
        ),
        unless(
            "elected_period_from_payment",
            _tested & limitations_view.eq("section_339"),
            then=~timely_from_payment,
            words="The matter elects the view that the indemnity periods running from "
            "payment govern.",
            cites=[A.PEOPLE_EX_REL_DOT.at("747-748"), A.CCP_339.at("subd. 1")],
            unsettled=True,
        ),
        unless(
            "elected_section_340_6",
            _tested & section_340_6_may_govern & limitations_view.eq("section_340_6"),
            then=~timely_under_340_6,
            words="The matter elects the view that § 340.6 governs a claim against an "
            "attorney whose merits depend on a breach of professional obligation.",
            cites=[A.CCP_340_6.at("subd. (a)"), A.LEE_V_HANLEY.whole],
            unsettled=True,
        ),
    ],
    doctrine=DOCTRINE,
)

# --- public-entity respondents (Government Claims Act) ---------------------------------
entity_claim_accrual_date = Rule(
    "entity_claim_accrual_date",
    "the date a claim against the public entity accrued, for claim presentation",
    indemnity_accrual_date,
    kind=Kind.DATE,
    words="An indemnity claim against a public entity accrued on payment, like any other.",
    cites=[A.PEOPLE_EX_REL_DOT.at("747-748")],
    exceptions=[
        unless(
            "accrual_at_service_of_complaint",
            F.respondent_is_public_entity,
            then=F.complaint_served_date,
            words="For claim presentation, an indemnity claim against a public entity accrues "
            "when the indemnitee is served with the complaint pleading the claims that give "
            "rise to it.",
            cites=[A.GOV_901.whole, A.SHORTSTOP.at("758"), A.CENTEX.whole],
            valid_from=GOV_901_AMENDED,
        ),
    ],
    doctrine=DOCTRINE,
)

public_entity_claim_bar = Rule(
    "public_entity_claim_bar",
    "the claim was not presented to the public entity in time",
    F.respondent_is_public_entity & indemnity_claim & ~F.entity_claim_presented_in_time,
    words="An indemnity claim against a public entity must first be presented to it within "
    "the claims-presentation period running from its accrual, and a cross-complaint on it must "
    "allege that it was.",
    cites=[A.GOV_901.whole, A.CENTEX.whole, A.SHORTSTOP.at("758")],
    exceptions=[
        unless(
            "cross_complaint_before_accrual_needs_no_claim",
            F.respondent_is_public_entity & indemnity_claim & filed_before_accrual,
            then=False,
            words="An indemnity claim against a public entity accrues, for claim presentation "
            "too, only on payment; pursued earlier by cross-complaint it needs no prior claim, "
            "the cross-complaint itself telling the entity all a claim would.",
            cites=[A.PEOPLE_EX_REL_DOT.at("763", "no prior claim need be filed")],
            valid_from=dt.date(1980, 4, 10),  # People ex rel. Dept. of Transportation
            valid_until=GOV_901_AMENDED,
        ),
    ],
    doctrine=DOCTRINE,
)

# --- the filing deadline of a claim not yet filed (issue 19) ----------------------------
# The last safe day: the earliest day on which the claim may become time-barred under any
# view of the law that may govern it. An unknown fact is taken at the completion that ends
# the period soonest (discovery no later than payment, no tolling, § 340.6 governing), so the
# day is never later than the truth; answering the fact can only move it later.
section_340_6_earliest_deadline = Rule(
    "section_340_6_earliest_deadline",
    "the earliest day § 340.6 may bar the claim",
    least(
        add_days(
            add_years(
                greatest(
                    F.discovery_date.otherwise(indemnity_accrual_date), indemnity_accrual_date
                ),
                1,
            ),
            _tolled,
        ),
        add_days(
            add_years(
                greatest(
                    F.wrongful_act_date.otherwise(indemnity_accrual_date), indemnity_accrual_date
                ),
                4,
            ),
            _tolled + _concealed,
        ),
    ),
    kind=Kind.DATE,
    words="One year from discovery or four years from the act, whichever comes first, both "
    "tolled until payment; an unknown discovery date is taken as no later than payment and "
    "unknown tolling as none, so the day is never later than the statute's.",
    cites=[A.CCP_340_6.at("subd. (a)")],
    doctrine=DOCTRINE,
)

payment_period_earliest_deadline = Rule(
    "payment_period_earliest_deadline",
    "the earliest day the period running from payment may bar the claim",
    add_years(indemnity_accrual_date, 2),
    kind=Kind.DATE,
    words="Two years from payment for an obligation not founded on a writing; an express "
    "clause not shown to be in writing is taken as not, so the day is never later than the "
    "statute's.",
    cites=[A.CCP_339.at("subd. 1")],
    exceptions=[
        unless(
            "written_indemnity_four_years_from_payment",
            (F.theory.eq("express_indemnity") & F.express_indemnity_clause).otherwise(False),
            then=add_years(indemnity_accrual_date, 4),
            words="A written indemnity agreement is an obligation founded on a writing: four "
            "years from payment.",
            cites=[A.CCP_337.at("subd. (a)"), A.CIV_2778.at("subd. 2")],
        ),
    ],
    doctrine=DOCTRINE,
)

# A claim against a public entity (or one that may be) must first be presented to it.
_may_need_entity_claim = (F.respondent_is_public_entity & indemnity_claim).otherwise(True)

filing_deadline = Rule(
    "filing_deadline",
    "the last safe day to file the claim",
    if_(
        section_340_6_may_govern.otherwise(True),
        least(payment_period_earliest_deadline, section_340_6_earliest_deadline),
        payment_period_earliest_deadline,
    ),
    kind=Kind.DATE,
    words="File by the earliest day the claim may become time-barred under any view that may "
    "govern it: the period running from payment and, against an attorney, § 340.6, whichever "
    "ends first, since no authority decides which governs an attorney's indemnity claim "
    "against cocounsel.",
    cites=[A.CCP_339.at("subd. 1"), A.CCP_340_6.at("subd. (a)")],
    exceptions=[
        unless(
            "filing_elected_period_from_payment",
            limitations_view.eq("section_339").otherwise(False) & ~_may_need_entity_claim,
            then=payment_period_earliest_deadline,
            words="The matter elects the view that the indemnity periods running from "
            "payment govern: file within them.",
            cites=[A.PEOPLE_EX_REL_DOT.at("747-748"), A.CCP_339.at("subd. 1")],
            unsettled=True,
        ),
        unless(
            "filing_elected_section_340_6",
            (section_340_6_may_govern & limitations_view.eq("section_340_6")).otherwise(False)
            & ~_may_need_entity_claim,
            then=section_340_6_earliest_deadline,
            words="The matter elects the view that § 340.6 governs: file within its period.",
            cites=[A.CCP_340_6.at("subd. (a)"), A.LEE_V_HANLEY.whole],
            unsettled=True,
        ),
        unless(
            "claims_presentation_period_not_computed",
            _may_need_entity_claim,
            then=unknown(Kind.DATE),
            words="Against a public entity (or one that may be) a claim must first be "
            "presented within the claims-presentation period; the rulebook does not hold that "
            "period, so no safe day is given.",
            cites=[A.GOV_901.whole],
        ),
    ],
    doctrine=DOCTRINE,
)

filing_deadline_due = Rule(
    "filing_deadline_due",
    "a filing deadline is due: an indemnity claim not yet filed",
    indemnity_claim & ~F.claim_filed_date.known(),
    words="An indemnity claim not yet filed has a last day to file; a filed one is tested "
    "for timeliness instead.",
    cites=[A.CCP_339.at("subd. 1")],
    doctrine=DOCTRINE,
)

# The views of the law a filing deadline is shown under: (view, the rule giving its day,
# the rule saying whether it may govern, None when it always may).
DEADLINE_VIEWS = (
    ("section_339", payment_period_earliest_deadline, None),
    ("section_340_6", section_340_6_earliest_deadline, section_340_6_may_govern),
)

RULES = (
    indemnity_claim,
    indemnity_accrual_date,
    filed_before_accrual,
    limitations_deadline,
    timely_from_payment,
    section_340_6_may_govern,
    section_340_6_deadline,
    timely_under_340_6,
    limitations_bar,
    entity_claim_accrual_date,
    public_entity_claim_bar,
    payment_period_earliest_deadline,
    section_340_6_earliest_deadline,
    filing_deadline,
    filing_deadline_due,
)
FACTS = (limitations_view, section_340_6_tolled_days, section_340_6_concealment_days)
