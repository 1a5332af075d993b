"""Every authority the California rulebook cites, once, as dated data.

Each entry carries its full citation, the body that made it (``court``), the day it
speaks from (``dated``: a decision's filing date; for a statute, the day from which a
source read shows it in force, see :func:`statute`), whether it may be cited as precedent
(``citable``: published and neither depublished nor superseded) and where it was
verified (``verified``: the address of the page read, or the seed opinion). All are
required: an entry without them cannot be written. A rule cites
``AUTHORITY.at("pinpoint", "short quote")``; a later decision cited only for the earlier
law it describes is cited ``AUTHORITY.describing(...)``. Never add an authority without a
source you read.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

from apportion.engine import Citation


class Court(StrEnum):
    SUPREME = "Supreme Court of California"
    APPEAL = "California Court of Appeal"
    LEGISLATURE = "California Legislature"
    ELECTORATE = "California electorate (initiative)"


@dataclass(frozen=True)
class Authority:
    name: str
    cite: str
    court: Court = field(kw_only=True)
    dated: dt.date = field(kw_only=True)
    citable: bool = field(kw_only=True)
    verified: str = field(kw_only=True)

    def __post_init__(self) -> None:
        if not self.verified.strip():
            raise ValueError(f"{self.name}: say where the authority was verified")

    @property
    def full(self) -> str:
        return f"{self.name} {self.cite}"

    def at(self, pinpoint: str | None = None, quote: str | None = None) -> Citation:
        """A citation of this authority as the law from its date."""
        if not self.citable:
            raise ValueError(f"{self.name} is not citable as precedent")
        return Citation(self.full, pinpoint, quote, self.dated)

    def describing(self, pinpoint: str | None = None, quote: str | None = None) -> Citation:
        """A citation of this later authority for the earlier law it describes."""
        if not self.citable:
            raise ValueError(f"{self.name} is not citable as precedent")
        return Citation(self.full, pinpoint, quote, self.dated, retrospective=True)

    @property
    def whole(self) -> Citation:
        return self.at()


S, CA = Court.SUPREME, Court.APPEAL
D = dt.date
SEED = "seed: ../shared/seed/musser-v-provencher-2002.txt (the opinion's opening)"

MUSSER = Authority(
    "Musser v. Provencher",
    "(2002) 28 Cal.4th 274",
    court=S,
    dated=D(2002, 6, 27),
    citable=True,
    verified="https://scocal.stanford.edu/opinion/musser-v-provencher-32297; " + SEED,
)
BECK = Authority(
    "Beck v. Wecht",
    "(2002) 28 Cal.4th 289",
    court=S,
    dated=D(2002, 6, 27),
    citable=True,
    verified="https://law.justia.com/cases/california/supreme-court/2002/s099665.html",
)
AMA = Authority(
    "American Motorcycle Assn. v. Superior Court",
    "(1978) 20 Cal.3d 578",
    court=S,
    dated=D(1978, 2, 9),
    citable=True,
    verified="https://case-law.vlex.com/vid/american-motorcycle-assn-v-894945064",
)
WESTERN_STEAMSHIP = Authority(
    "Western Steamship Lines, Inc. v. San Pedro Peninsula Hosp.",
    "(1994) 8 Cal.4th 100",
    court=S,
    dated=D(1994, 7, 28),
    citable=True,
    verified="https://caselaw.lexroll.com/2016/09/05/western-steamship-lines-inc-v-san-pedro-"
    "peninsula-hospital-1994-8-cal-4th-100-32-cal-rptr-2d-263-876-p-2d-1062/",
)
EL_WHITE = Authority(
    "E. L. White, Inc. v. City of Huntington Beach",
    "(1978) 21 Cal.3d 497",
    court=S,
    dated=D(1978, 5, 31),
    citable=True,
    verified="https://supreme.justia.com/cases/california/supreme-court/3d/21/497.html",
)
PRINCE = Authority(
    "Prince v. Pacific Gas & Electric Co.",
    "(2009) 45 Cal.4th 1151",
    court=S,
    dated=D(2009, 3, 19),
    citable=True,
    verified="https://case-law.vlex.com/vid/prince-v-pacific-gas-885801054",
)
BAY_DEVELOPMENT = Authority(
    "Bay Development, Ltd. v. Superior Court",
    "(1990) 50 Cal.3d 1012",
    court=S,
    dated=D(1990, 5, 31),
    citable=True,
    verified="https://scocal.stanford.edu/opinion/bay-development-ltd-v-superior-court-home-"
    "capital-corp-30837",
)
BEAR_CREEK = Authority(
    "Bear Creek Planning Com. v. Title Ins. & Trust Co.",
    "(1985) 164 Cal.App.3d 1227",
    court=CA,
    dated=D(1985, 2, 25),
    citable=True,
    verified="https://cetient.com/case/2120020/bear-creek-planning-committee-v-title-insurance-"
    "and-trust-co; https://descrybe.ai/case-details/c2120020",
)
FAR_WEST = Authority(
    "Far West Financial Corp. v. D & S Co.",
    "(1988) 46 Cal.3d 796",
    court=S,
    dated=D(1988, 9, 15),
    citable=True,
    verified="https://scocal.stanford.edu/opinion/far-west-financial-corp-v-d-s-co-30834",
)
TECH_BILT = Authority(
    "Tech-Bilt, Inc. v. Woodward-Clyde & Associates",
    "(1985) 38 Cal.3d 488",
    court=S,
    dated=D(1985, 5, 2),
    citable=True,
    verified="https://case-law.vlex.com/vid/tech-bilt-inc-v-894407747; "
    "https://www.lawpipe.com/California/Tech-Bilt_Inc_v_Woodward-Clyde_Associates.html",
)
GACKSTETTER = Authority(
    "Gackstetter v. Frawley",
    "(2006) 135 Cal.App.4th 1257",
    court=CA,
    dated=D(2006, 1, 25),
    citable=True,
    verified="https://cetient.com/opinion/2258794/gackstetter-v-frawley",
)
WITT = Authority(
    "Witt v. Jackson",
    "(1961) 57 Cal.2d 57",
    court=S,
    dated=D(1961, 12, 4),
    citable=True,
    verified="https://print.casetext.com/case/witt-v-jackson",
)
EVANGELATOS = Authority(
    "Evangelatos v. Superior Court",
    "(1988) 44 Cal.3d 1188",
    court=S,
    dated=D(1988, 4, 21),
    citable=True,
    verified="https://scocal.stanford.edu/opinion/evangelatos-v-superior-court-30830",
)
LI_YELLOW_CAB = Authority(
    "Li v. Yellow Cab Co.",
    "(1975) 13 Cal.3d 804",
    court=S,
    dated=D(1975, 3, 31),
    citable=True,
    verified="https://www.lexisnexis.com/community/case-opinion/b/case/posts/li-v-yellow-cab-co",
)
HELD = Authority(
    "Held v. Arant",
    "(1977) 67 Cal.App.3d 748",
    court=CA,
    dated=D(1977, 3, 3),
    citable=True,
    verified="https://law.justia.com/cases/california/court-of-appeal/3d/67/748.html",
)
GIBSON_DUNN = Authority(
    "Gibson, Dunn & Crutcher v. Superior Court",
    "(1979) 94 Cal.App.3d 347",
    court=CA,
    dated=D(1979, 6, 21),
    citable=True,
    verified="http://casetext.com/case/gibson-dunn-crutcher-v-superior-court",
)
GOLDFISHER = Authority(
    "Goldfisher v. Superior Court",
    "(1982) 133 Cal.App.3d 12",
    court=CA,
    dated=D(1982, 6, 23),
    citable=True,
    verified="http://casetext.com/case/goldfisher-v-superior-court",
)
PARKER = Authority(
    "Parker v. Morton",
    "(1981) 117 Cal.App.3d 751",
    court=CA,
    dated=D(1981, 4, 3),
    citable=True,
    verified="http://law.justia.com/cases/california/court-of-appeal/3d/117/751.html",
)
HOLLAND = Authority(
    "Holland v. Thacher",
    "(1988) 199 Cal.App.3d 924",
    court=CA,
    dated=D(1988, 3, 23),
    citable=True,
    verified="https://case-law.vlex.com/vid/holland-v-thacher-no-886900387",
)
AUSTIN = Authority(
    "Austin v. Superior Court",
    "(1999) 72 Cal.App.4th 1126",
    court=CA,
    dated=D(1999, 6, 9),
    citable=True,
    verified="https://law.justia.com/cases/california/court-of-appeal/4th/72/1126.html",
)
COPENBARGER = Authority(
    "Copenbarger v. International Ins. Co.",
    "(1996) 46 Cal.App.4th 961",
    court=CA,
    dated=D(1996, 5, 30),
    citable=True,
    verified="http://law.justia.com/cases/california/caapp4th/46/961.html",
)
LEWIS = Authority(
    "Lewis v. Purvin",
    "(1989) 208 Cal.App.3d 1208",
    court=CA,
    dated=D(1989, 3, 22),
    citable=True,
    verified="https://cetient.com/case/2144571/lewis-v-purvin",
)
CROUSE = Authority(
    "Crouse v. Brobeck, Phleger & Harrison",
    "(1998) 67 Cal.App.4th 1509",
    court=CA,
    dated=D(1998, 11, 25),
    citable=True,
    verified="http://casetext.com/case/crouse-v-brobeck-phleger-harrison",
)
KROLL = Authority(
    "Kroll & Tract v. Paris & Paris",
    "(1999) 72 Cal.App.4th 1537",
    court=CA,
    dated=D(1999, 6, 24),
    citable=True,
    verified="http://law.justia.com/cases/california/court-of-appeal/4th/72/1537.html",
)
CUMIS = Authority(
    "San Diego Navy Fed. Credit Union v. Cumis Ins. Society, Inc.",
    "(1984) 162 Cal.App.3d 358",
    court=CA,
    dated=D(1984, 12, 3),
    citable=True,
    verified="https://law.justia.com/cases/california/court-of-appeal/3d/162/358.html",
)
SHAFFERY = Authority(
    "Shaffery v. Wilson, Elser, Moskowitz, Edelman & Dicker",
    "(2000) 82 Cal.App.4th 768",
    court=CA,
    dated=D(2000, 7, 28),
    citable=True,
    verified="http://law.justia.com/cases/california/court-of-appeal/4th/82/768.html",
)
FORENSIS = Authority(
    "Forensis Group, Inc. v. Frantz, Townsend & Foldenauer",
    "(2005) 130 Cal.App.4th 14",
    court=CA,
    dated=D(2005, 6, 9),
    citable=True,
    verified="http://casetext.com/case/forensis-group-v-frantz-townsend-foldenauer",
)
SAUNDERS = Authority(
    "Joseph A. Saunders, P.C. v. Weissburg & Aronson",
    "(1999) 74 Cal.App.4th 869",
    court=CA,
    dated=D(1999, 8, 9),
    citable=True,
    verified="https://law.justia.com/cases/california/court-of-appeal/4th/74/869.html",
)
POLLACK = Authority(
    "Pollack v. Lytle",
    "(1981) 120 Cal.App.3d 931",
    court=CA,
    dated=D(1981, 6, 25),
    citable=True,
    verified="http://casetext.com/case/pollack-v-lytle; "
    "https://www.lawpipe.com/California/Lawyer_Sues_Another_Lawyer_In_California.html",
)
MUNOZ = Authority(
    "Munoz v. Davis",
    "(1983) 141 Cal.App.3d 420",
    court=CA,
    dated=D(1983, 3, 28),
    citable=True,
    verified="https://print.casetext.com/case/munoz-v-davis-3",
)
BFGC = Authority(
    "BFGC Architects Planners, Inc. v. Forcum/Mackey Construction, Inc.",
    "(2004) 119 Cal.App.4th 848",
    court=CA,
    dated=D(2004, 6, 21),
    citable=True,
    verified="http://casetext.com/case/bfgc-architects-planners-v-forcummackey",
)
PRENTICE = Authority(
    "Prentice v. North American Title Guaranty Corp.",
    "(1963) 59 Cal.2d 618",
    court=S,
    dated=D(1963, 5, 21),
    citable=True,
    verified="https://scocal.stanford.edu/opinion/prentice-v-north-amer-title-guar-corp-29906",
)
GORMAN = Authority(
    "Gorman v. Tassajara Development Corp.",
    "(2009) 178 Cal.App.4th 44",
    court=CA,
    dated=D(2009, 10, 6),
    citable=True,
    verified="https://casetext.com/case/gorman-v-tassajara-dev-corp",
)
FIREMANS_FUND_MARYLAND = Authority(
    "Fireman's Fund Ins. Co. v. Maryland Casualty Co.",
    "(1998) 65 Cal.App.4th 1279",
    court=CA,
    dated=D(1998, 7, 31),
    citable=True,
    verified="https://case-law.vlex.com/vid/fireman-s-fund-ins-885635713 (No. A079345; the "
    "page read shows the date and parties, not the reporter citation)",
)
SAPIANO = Authority(
    "Sapiano v. Williamsburg Nat. Ins. Co.",
    "(1994) 28 Cal.App.4th 533",
    court=CA,
    dated=D(1994, 9, 20),
    citable=True,
    verified="http://casetext.com/case/sapiano-v-williamsburg-nat-ins-co",
)
SAMURA = Authority(
    "Samura v. Kaiser Foundation Health Plan, Inc.",
    "(1993) 17 Cal.App.4th 1284",
    court=CA,
    dated=D(1993, 8, 17),
    citable=True,
    verified="http://casetext.com/case/samura-v-kaiser-foundation-health-plan-inc",
)
PROGRESSIVE_WEST = Authority(
    "Progressive West Ins. Co. v. Superior Court",
    "(2005) 135 Cal.App.4th 263",
    court=CA,
    dated=D(2005, 12, 28),
    citable=True,
    verified="https://print.casetext.com/case/progressive-west-ins-co-v-superior-court",
)
TWENTY_FIRST_CENTURY = Authority(
    "21st Century Ins. Co. v. Superior Court",
    "(2009) 47 Cal.4th 511",
    court=S,
    dated=D(2009, 8, 24),
    citable=True,
    verified="http://scocal.stanford.edu/opinion/21st-century-insurance-v-super-ct-32973",
)
BUDD = Authority(
    "Budd v. Nixen",
    "(1971) 6 Cal.3d 195",
    court=S,
    dated=D(1971, 12, 2),
    citable=True,
    verified="https://scocal.stanford.edu/opinion/budd-v-nixen-27662",
)
NEEL = Authority(
    "Neel v. Magana, Olney, Levy, Cathcart & Gelfand",
    "(1971) 6 Cal.3d 176",
    court=S,
    dated=D(1971, 12, 2),
    citable=True,
    verified="https://app.midpage.ai/document/neel-v-magana-olney-levy-cathcart--gelfand-1396310",
)
GOODLEY = Authority(
    "Goodley v. Wank & Wank, Inc.",
    "(1976) 62 Cal.App.3d 389",
    court=CA,
    dated=D(1976, 9, 28),
    citable=True,
    verified="https://law.justia.com/cases/california/court-of-appeal/3d/62/389.html",
)
JACKSON = Authority(
    "Jackson v. Rogers & Wells",
    "(1989) 210 Cal.App.3d 336",
    court=CA,
    dated=D(1989, 5, 10),
    citable=True,
    verified="http://casetext.com/case/jackson-v-rogers-wells",
)
KRACHT = Authority(
    "Kracht v. Perrin, Gartland & Doyle",
    "(1990) 219 Cal.App.3d 1019",
    court=CA,
    dated=D(1990, 4, 23),
    citable=True,
    verified="http://casetext.com/case/kracht-v-perrin-gartland-doyle; https://www.lawpipe.com/"
    "California/Legal_Malpractice_Claims_Are_Not_Assignable_as_a_Matter_of_California_Public_"
    "Policy.html",
)
FIREMANS_FUND_MCDONALD = Authority(
    "Fireman's Fund Ins. Co. v. McDonald, Hecht & Solberg",
    "(1994) 30 Cal.App.4th 1373",
    court=CA,
    dated=D(1994, 12, 15),
    citable=True,
    verified="https://cetient.com/opinion/2245429/firemans-fund-v-mcdonald-hecht-solberg",
)
CURTIS = Authority(
    "Curtis v. Kellogg & Andelson",
    "(1999) 73 Cal.App.4th 492",
    court=CA,
    dated=D(1999, 12, 31),
    citable=True,
    verified="https://www.studicata.com/summaries/court-of-appeal-of-california/curtis-v-kellogg-"
    "andleson-1999-ji05a6 (the year only: the filing day was not found, so the last day of "
    "1999 is used, never earlier than the decision)",
)
WHITE_MOUNTAINS = Authority(
    "White Mountains Reinsurance Co. of America v. Borton Petrini, LLP",
    "(2013) 221 Cal.App.4th 890",
    court=CA,
    dated=D(2013, 11, 26),
    citable=True,
    verified="http://ca.findacase.com/research/wfrmDocViewer.aspx/xq/fac.20131126_0008909.CA.htm"
    "/qx",
)
PEOPLE_EX_REL_DOT = Authority(
    "People ex rel. Dept. of Transportation v. Superior Court",
    "(1980) 26 Cal.3d 744",
    court=S,
    dated=D(1980, 4, 10),
    citable=True,
    verified="http://scocal.stanford.edu/opinion/people-ex-rel-dept-transportation-v-superior-"
    "court-28167",
)
POSTLEY = Authority(
    "Postley v. Harvey",
    "(1984) 153 Cal.App.3d 280",
    court=CA,
    dated=D(1984, 3, 20),
    citable=True,
    verified="http://casetext.com/case/postley-v-harvey",
)
SHORTSTOP = Authority(
    "State of California v. Superior Court (Shortstop)",
    "(1983) 143 Cal.App.3d 754",
    court=CA,
    dated=D(1983, 6, 9),
    citable=True,
    verified="http://casetext.com/case/state-of-california-v-superior-court-12",
)
CENTEX = Authority(
    "Centex Homes v. Superior Court",
    "(2013) 214 Cal.App.4th 1090",
    court=CA,
    dated=D(2013, 3, 25),
    citable=True,
    verified="https://www.casetext.com/case/centex-homes-v-superior-court-of-san-diego-cnty",
)
VALLEY_CIRCLE = Authority(
    "Valley Circle Estates v. VTN Consolidated, Inc.",
    "(1983) 33 Cal.3d 604",
    court=S,
    dated=D(1983, 3, 24),
    citable=True,
    verified="http://scocal.stanford.edu/opinion/valley-circle-estates-v-vtn-consolidated-inc-"
    "28355",
)
LEE_V_HANLEY = Authority(
    "Lee v. Hanley",
    "(2015) 61 Cal.4th 1225",
    court=S,
    dated=D(2015, 8, 20),
    citable=True,
    verified="https://cetient.com/case/2828946/lee-v-hanley",
)
JOCER = Authority(
    "Jocer Enterprises, Inc. v. Price",
    "(2010) 183 Cal.App.4th 559",
    court=CA,
    dated=D(2010, 4, 5),
    citable=True,
    verified="http://lawzilla.com/blog/jocer-enterprises-v-ernest-price-and-ropers-majeski-kohn-"
    "and-bentley",
)
ANTEN = Authority(
    "Anten v. Superior Court",
    "(2015) 233 Cal.App.4th 1254",
    court=CA,
    dated=D(2015, 1, 30),
    citable=True,
    verified="https://law.justia.com/cases/california/court-of-appeal/2015/b258437m.html",
)
# Superseded by grants of review, which depublished them under the rules then in force:
# procedural history only, never precedent (LAW.md §§ 0.2, 0.3).
MUSSER_COURT_OF_APPEAL = Authority(
    "Musser v. Provencher",
    "(2001) 90 Cal.App.4th 545 (review granted)",
    court=CA,
    dated=D(2001, 7, 10),
    citable=False,
    verified="https://case-law.vlex.com/vid/musser-v-provencher-no-893471886; review granted: "
    "http://casetext.com/case/musser-v-provencher-2",
)
GURSEY = Authority(
    "Gursey, Schneider & Co. v. Wasser, Rosenson & Carter",
    "(2001) 90 Cal.App.4th 1367 (review granted)",
    court=CA,
    dated=D(2001, 7, 25),
    citable=False,
    verified="http://www.metnews.com/articles/2001/gurs0726.htm (an accountant may sue a law "
    "firm for indemnity, reported July 26, 2001 as decided 'yesterday'); review granted per "
    "../shared/LAW.md § 0.2, not confirmed here",
)
ALLSTATE = Authority(
    "Allstate Ins. Co. v. Superior Court",
    "(2007) 151 Cal.App.4th 1512 (review granted)",
    court=CA,
    dated=D(2007, 6, 14),
    citable=False,
    verified="https://cetient.com/case/2257136/allstate-ins-co-v-superior-court; review granted "
    "per ../shared/LAW.md § 0.3, not confirmed here (21st Century, its companion, was decided "
    "on review)",
)


def statute(
    code: str, section: str, *, dated: dt.date, verified: str, court: Court = Court.LEGISLATURE
) -> Authority:
    """A code section. ``dated`` is the earliest day a source read shows it in force (its
    operative date where the source gives one, else the date of a decision applying it):
    never later than the truth, so a matter is never told a section applied before it did
    only because the date is unknown, but it may be cited later than it could have been."""
    return Authority(
        code, f"§ {section}", court=court, dated=dated, citable=True, verified=verified
    )


CCP = "Code Civ. Proc."
CIV = "Civ. Code"
EVID = "Evid. Code"
CCP_367 = statute(
    CCP,
    "367",
    dated=D(2009, 1, 1),
    verified="text of the 2009 code: https://law.justia.com/codes/california/2009/ccp/"
    "367-369.5.html (an earlier date was not found)",
)
CCP_877 = statute(
    CCP,
    "877",
    dated=TECH_BILT.dated,
    verified="Tech-Bilt (1985) 38 Cal.3d 488, 494, applying section 877: "
    "https://www.lawpipe.com/California/Tech-Bilt_Inc_v_Woodward-Clyde_Associates.html",
)
CCP_877_6 = statute(
    CCP,
    "877.6",
    dated=TECH_BILT.dated,
    verified="enacted 1980 (IRM Corp. v. Carlson, quoted at https://trellis.law/ca/motion-type/"
    "motion-for-good-faith-settlement-ccp-877.6-318); applied by Tech-Bilt: "
    "https://case-law.vlex.com/vid/tech-bilt-inc-v-894407747",
)
CCP_1021_6 = statute(
    CCP,
    "1021.6",
    dated=BEAR_CREEK.dated,
    verified="applied by Bear Creek (1985): https://descrybe.ai/case-details/c2120020",
)
CCP_337 = statute(
    CCP,
    "337",
    dated=D(1944, 12, 31),
    verified="applied (subd. 1) to a written indemnity agreement by Globe Indemnity Co. v. "
    "Larkin (1944) 62 Cal.App.2d 891 (the year only): https://app.midpage.ai/document/globe-"
    "indemnity-co-v-larkin-5654545",
)
CCP_339 = statute(
    CCP,
    "339",
    dated=NEEL.dated,
    verified="applied by Neel (1971) to legal malpractice: https://app.midpage.ai/document/neel-v-"
    "magana-olney-levy-cathcart--gelfand-1396310",
)
CCP_340_6 = statute(
    CCP,
    "340.6",
    dated=D(1994, 6, 28),
    verified="text: http://law.onecle.com/california/civil-procedure/340.6.html; applied by "
    "Foxborough v. Van Atta (1994): http://law.justia.com/cases/california/court-of-appeal/4th/"
    "26/217.html (its enactment date was not found)",
)
CIV_1431_2 = statute(
    CIV,
    "1431.2",
    dated=D(1986, 6, 4),
    court=Court.ELECTORATE,
    verified="Proposition 51, effective June 4, 1986: http://www.kleinandwilson.com/Publications/"
    "Prop-51-and-the-House-that-Tech-Bilt.shtml",
)
CIV_3333_2 = statute(
    CIV,
    "3333.2",
    dated=WESTERN_STEAMSHIP.dated,
    verified="applied to partial equitable indemnity by Western Steamship (1994), whose "
    "opening reads 'Civil Code section 3333.2, limiting recovery of noneconomic damages': "
    + WESTERN_STEAMSHIP.verified,
)
CIV_2778 = statute(
    CIV,
    "2778",
    dated=D(1967, 7, 6),
    verified="text (enacted 1872): https://www.lawserver.com/law/state/california/codes/"
    "california_civil_code_2778; applied by Buchalter v. Levin (1967): "
    "https://e.casetext.com/case/buchalter-v-levin",
)
CIV_2860 = statute(
    CIV,
    "2860",
    dated=D(2000, 8, 9),
    verified="applied by San Gabriel Valley Water Co. v. Hartford (2000): "
    "http://law.justia.com/cases/california/court-of-appeal/4th/82/1230.html (enacted after "
    "Cumis, 1984; its date was not found)",
)
CIV_846 = statute(
    CIV,
    "846",
    dated=PRINCE.dated,
    verified="quoted by Prince (2009): https://case-law.vlex.com/vid/prince-v-pacific-gas-885801054",
)
EVID_958 = statute(
    EVID,
    "958",
    dated=D(2015, 1, 30),
    verified="applied by Anten (2015): https://law.justia.com/cases/california/court-of-appeal/"
    "2015/b258437m.html",
)
GOV_901 = statute(
    "Gov. Code",
    "901",
    dated=SHORTSTOP.dated,
    verified="its 1981 amendment (accrual of indemnity claims at service of the complaint) "
    "applied by State of California v. Superior Court (Shortstop) (1983): "
    "http://casetext.com/case/state-of-california-v-superior-court-12",
)
LAB_3864 = statute(
    "Lab. Code",
    "3864",
    dated=D(1985, 6, 6),
    verified="applied by City of Oakland v. Delcon Associates (1985): "
    "https://cetient.com/case/2158296/city-of-oakland-v-delcon-associates",
)


# --- Added with the wider case base (issue 14, items 4-6) ---------------------------------
# Each read with the `search` tool (pages corpus) at the address given; the scenario in
# tests/cases/ that rests on it quotes a short excerpt.
BORISSOFF = Authority(
    "Borissoff v. Taylor & Faust",
    "(2004) 33 Cal.4th 523",
    court=S,
    dated=D(2004, 7, 15),
    citable=True,
    verified="http://casetext.com/case/borissoff-v-taylor-faust",
)
GOODMAN_V_KENNEDY = Authority(
    "Goodman v. Kennedy",
    "(1976) 18 Cal.3d 335",
    court=S,
    dated=D(1976, 11, 29),
    citable=True,
    verified="https://scocal.stanford.edu/opinion/goodman-v-kennedy-27943",
)
UNIGARD = Authority(
    "Unigard Ins. Group v. O'Flaherty & Belgum",
    "(1995) 38 Cal.App.4th 1229",
    court=CA,
    dated=D(1995, 9, 29),
    citable=True,
    verified="https://case-law.vlex.com/vid/unigard-ins-group-v-885330327",
)
BAUM = Authority(
    "Baum v. Duckor, Spradling & Metzger",
    "(1999) 72 Cal.App.4th 54",
    court=CA,
    dated=D(1999, 5, 13),
    citable=True,
    verified="https://law.justia.com/cases/california/court-of-appeal/4th/72/54.html",
)
