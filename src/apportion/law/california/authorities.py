"""Every authority the California rulebook cites, once, with its full citation.

Citations come from ../shared/LAW.md (its table of authorities). A rule cites
``AUTHORITY.at("pinpoint", "short quote")``. Never add one without a real source.
"""

from __future__ import annotations

from dataclasses import dataclass

from apportion.engine import Citation


@dataclass(frozen=True)
class Authority:
    name: str
    cite: str
    citable: bool = True

    def at(self, pinpoint: str | None = None, quote: str | None = None) -> Citation:
        if not self.citable:
            raise ValueError(f"{self.name} is not citable as precedent")
        return Citation(f"{self.name} {self.cite}", pinpoint, quote)

    @property
    def whole(self) -> Citation:
        return self.at()


MUSSER = Authority("Musser v. Provencher", "(2002) 28 Cal.4th 274")
BECK = Authority("Beck v. Wecht", "(2002) 28 Cal.4th 289")
AMA = Authority("American Motorcycle Assn. v. Superior Court", "(1978) 20 Cal.3d 578")
WESTERN_STEAMSHIP = Authority(
    "Western Steamship Lines, Inc. v. San Pedro Peninsula Hosp.", "(1994) 8 Cal.4th 100"
)
EL_WHITE = Authority("E. L. White, Inc. v. City of Huntington Beach", "(1978) 21 Cal.3d 497")
PRINCE = Authority("Prince v. Pacific Gas & Electric Co.", "(2009) 45 Cal.4th 1151")
BAY_DEVELOPMENT = Authority("Bay Development, Ltd. v. Superior Court", "(1990) 50 Cal.3d 1012")
BEAR_CREEK = Authority(
    "Bear Creek Planning Com. v. Title Ins. & Trust Co.", "(1985) 164 Cal.App.3d 1227"
)
FAR_WEST = Authority("Far West Financial Corp. v. D & S Co.", "(1988) 46 Cal.3d 796")
TECH_BILT = Authority("Tech-Bilt, Inc. v. Woodward-Clyde & Associates", "(1985) 38 Cal.3d 488")
GACKSTETTER = Authority("Gackstetter v. Frawley", "(2006) 135 Cal.App.4th 1257")
WITT = Authority("Witt v. Jackson", "(1961) 57 Cal.2d 57")
EVANGELATOS = Authority("Evangelatos v. Superior Court", "(1988) 44 Cal.3d 1188")
LI_YELLOW_CAB = Authority("Li v. Yellow Cab Co.", "(1975) 13 Cal.3d 804")
HELD = Authority("Held v. Arant", "(1977) 67 Cal.App.3d 748")
GIBSON_DUNN = Authority("Gibson, Dunn & Crutcher v. Superior Court", "(1979) 94 Cal.App.3d 347")
GOLDFISHER = Authority("Goldfisher v. Superior Court", "(1982) 133 Cal.App.3d 12")
PARKER = Authority("Parker v. Morton", "(1981) 117 Cal.App.3d 751")
HOLLAND = Authority("Holland v. Thacher", "(1988) 199 Cal.App.3d 924")
AUSTIN = Authority("Austin v. Superior Court", "(1999) 72 Cal.App.4th 1126")
COPENBARGER = Authority("Copenbarger v. International Ins. Co.", "(1996) 46 Cal.App.4th 961")
LEWIS = Authority("Lewis v. Purvin", "(1989) 208 Cal.App.3d 1208")
CROUSE = Authority("Crouse v. Brobeck, Phleger & Harrison", "(1998) 67 Cal.App.4th 1509")
KROLL = Authority("Kroll & Tract v. Paris & Paris", "(1999) 72 Cal.App.4th 1537")
CUMIS = Authority(
    "San Diego Navy Fed. Credit Union v. Cumis Ins. Society, Inc.", "(1984) 162 Cal.App.3d 358"
)
SHAFFERY = Authority(
    "Shaffery v. Wilson, Elser, Moskowitz, Edelman & Dicker", "(2000) 82 Cal.App.4th 768"
)
FORENSIS = Authority(
    "Forensis Group, Inc. v. Frantz, Townsend & Foldenauer", "(2005) 130 Cal.App.4th 14"
)
SAUNDERS = Authority("Joseph A. Saunders, P.C. v. Weissburg & Aronson", "(1999) 74 Cal.App.4th 869")
POLLACK = Authority("Pollack v. Lytle", "(1981) 120 Cal.App.3d 931")
MUNOZ = Authority("Munoz v. Davis", "(1983) 141 Cal.App.3d 420")
BFGC = Authority(
    "BFGC Architects Planners, Inc. v. Forcum/Mackey Construction, Inc.",
    "(2004) 119 Cal.App.4th 848",
)
PRENTICE = Authority("Prentice v. North American Title Guaranty Corp.", "(1963) 59 Cal.2d 618")
GORMAN = Authority("Gorman v. Tassajara Development Corp.", "(2009) 178 Cal.App.4th 44")
FIREMANS_FUND_MARYLAND = Authority(
    "Fireman's Fund Ins. Co. v. Maryland Casualty Co.", "(1998) 65 Cal.App.4th 1279"
)
SAPIANO = Authority("Sapiano v. Williamsburg Nat. Ins. Co.", "(1994) 28 Cal.App.4th 533")
SAMURA = Authority("Samura v. Kaiser Foundation Health Plan, Inc.", "(1993) 17 Cal.App.4th 1284")
PROGRESSIVE_WEST = Authority(
    "Progressive West Ins. Co. v. Superior Court", "(2005) 135 Cal.App.4th 263"
)
ALLSTATE = Authority("Allstate Ins. Co. v. Superior Court", "(2007) 151 Cal.App.4th 1512")
GOODLEY = Authority("Goodley v. Wank & Wank, Inc.", "(1976) 62 Cal.App.3d 389")
JACKSON = Authority("Jackson v. Rogers & Wells", "(1989) 210 Cal.App.3d 336")
KRACHT = Authority("Kracht v. Perrin, Gartland & Doyle", "(1990) 219 Cal.App.3d 1019")
FIREMANS_FUND_MCDONALD = Authority(
    "Fireman's Fund Ins. Co. v. McDonald, Hecht & Solberg", "(1994) 30 Cal.App.4th 1373"
)
CURTIS = Authority("Curtis v. Kellogg & Andelson", "(1999) 73 Cal.App.4th 492")
WHITE_MOUNTAINS = Authority(
    "White Mountains Reinsurance Co. of America v. Borton Petrini, LLP",
    "(2013) 221 Cal.App.4th 890",
)
PEOPLE_EX_REL_DOT = Authority(
    "People ex rel. Dept. of Transportation v. Superior Court", "(1980) 26 Cal.3d 744"
)
POSTLEY = Authority("Postley v. Harvey", "(1984) 153 Cal.App.3d 280")
CENTEX = Authority("Centex Homes v. Superior Court", "(2013) 214 Cal.App.4th 1090")
VALLEY_CIRCLE = Authority("Valley Circle Estates v. VTN Consolidated, Inc.", "(1983) 33 Cal.3d 604")
LEE_V_HANLEY = Authority("Lee v. Hanley", "(2015) 61 Cal.4th 1225")
JOCER = Authority("Jocer Enterprises, Inc. v. Price", "(2010) 183 Cal.App.4th 559")
ANTEN = Authority("Anten v. Superior Court", "(2015) 233 Cal.App.4th 1254")
# The Court of Appeal opinions below were superseded by grants of review: procedural
# history only, never precedent (LAW.md § 0.2).
MUSSER_COURT_OF_APPEAL = Authority(
    "Musser v. Provencher", "(2001) 90 Cal.App.4th 545 (review granted)", citable=False
)
GURSEY = Authority(
    "Gursey, Schneider & Co. v. Wasser, Rosenson & Carter",
    "(2001) 90 Cal.App.4th 1367 (review granted)",
    citable=False,
)


def statute(code: str, section: str) -> Authority:
    return Authority(code, f"§ {section}")


CCP = "Code Civ. Proc."
CIV = "Civ. Code"
EVID = "Evid. Code"
CCP_367 = statute(CCP, "367")
CCP_877 = statute(CCP, "877")
CCP_877_6 = statute(CCP, "877.6")
CCP_1021_6 = statute(CCP, "1021.6")
CCP_337 = statute(CCP, "337")
CCP_339 = statute(CCP, "339")
CCP_340_6 = statute(CCP, "340.6")
CIV_1431_2 = statute(CIV, "1431.2")
CIV_2778 = statute(CIV, "2778")
CIV_2860 = statute(CIV, "2860")
CIV_846 = statute(CIV, "846")
EVID_912 = statute(EVID, "912")
EVID_954 = statute(EVID, "954")
EVID_958 = statute(EVID, "958")
GOV_901 = statute("Gov. Code", "901")
LAB_3864 = statute("Lab. Code", "3864")
