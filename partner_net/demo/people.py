"""The demo's hand-written content: two groups and the people in them.

Kept apart from the loader so it reads like the directory it becomes. Ideal-client
profiles are written the way members write them (segments, triggers, outcomes), not
in the words a prospect would use, so the matcher has real work to do.

Phone numbers are from Ofcom's ranges reserved for drama (0117 496 0xxx, 07700 900xxx)
and web addresses end in ``.example``: nothing here reaches a real business.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import time


@dataclass(frozen=True)
class Profile:
    title: str
    industry: str
    segment: str
    area: str
    frustration: str
    triggers: str
    value: str
    keywords: str


@dataclass(frozen=True)
class Person:
    key: str
    name: str
    business: str
    category: str
    phone: str
    website: str
    bio: str
    talkable_difference: str
    referral_criteria: str
    profiles: tuple[Profile, ...]
    #: group key -> role ("member" or "organizer"); "former" means a deactivated membership.
    groups: dict[str, str] = field(default_factory=dict)

    @property
    def email(self) -> str:
        domain = self.website.removeprefix("https://").removeprefix("www.").strip("/")
        return f"{self.name.split()[0].lower()}@{domain}"


@dataclass(frozen=True)
class GroupSpec:
    key: str
    name: str
    slug: str
    meeting_weekday: int  # 0 = Monday
    meeting_time: time
    meeting_place: str
    timezone: str
    currency: str
    exclusive_categories: bool


HARBOUR = "harbour"
RIVERSIDE = "riverside"

GROUPS: tuple[GroupSpec, ...] = (
    GroupSpec(
        key=HARBOUR,
        name="Harbour City Partners",
        slug="harbour-city-partners",
        meeting_weekday=1,
        meeting_time=time(7, 0),
        meeting_place="The Quayside Hotel, Harbour Parade (Mariner Suite)",
        timezone="Europe/London",
        currency="GBP",
        exclusive_categories=True,
    ),
    GroupSpec(
        key=RIVERSIDE,
        name="Riverside Circle",
        slug="riverside-circle",
        meeting_weekday=3,
        meeting_time=time(12, 30),
        meeting_place="The Boathouse Kitchen, Wharf Street",
        timezone="Europe/London",
        currency="GBP",
        exclusive_categories=False,
    ),
)

M, ORG, FORMER = "member", "organizer", "former"

PEOPLE: tuple[Person, ...] = (
    Person(
        key="priya",
        name="Priya Raman",
        business="Raman & Co Chartered Accountants",
        category="Accountant",
        phone="0117 496 0101",
        website="https://ramanandco.example",
        bio="Chartered accountant (ACA) with twelve years in practice, the last seven running "
            "my own firm of six near the Docklands. I look after the year-end, tax and "
            "management accounts of owner-managed companies and like nothing better than a "
            "director who asks questions.",
        talkable_difference="Every client gets a one-page 'numbers that matter' report each "
                            "quarter and a named accountant who answers the phone. No "
                            "timesheets: a fixed monthly fee agreed before we start.",
        referral_criteria="I refer people who need a second pair of eyes on a lease, a hire, "
                          "a loan or a sale before they sign it.",
        profiles=(
            Profile(
                title="Owner-managed limited companies outgrowing their first accountant",
                industry="Trades, professional services, light manufacturing",
                segment="Turnover £500k–£5m, 5–40 staff, one or two directors",
                area="Harbour City and 30 miles around",
                frustration="Accounts arrive nine months after year-end; no forward view of "
                            "tax or cash; the current accountant is a sole practitioner who "
                            "is hard to reach.",
                triggers="Crossing the VAT threshold; a first corporation tax bill that came "
                         "as a shock; a bank asking for management accounts; taking on a "
                         "second director.",
                value="Quarterly management accounts and a tax forecast, so the director "
                      "decides on salary, dividends and investment with the numbers in front "
                      "of them.",
                keywords="management accounts, corporation tax, year-end, VAT, dividends, "
                         "limited company, cash-flow forecast",
            ),
            Profile(
                title="Independent hospitality operators with more than one site",
                industry="Hospitality: restaurants, bars, cafés",
                segment="2–6 sites, turnover £1m–£8m",
                area="Harbour City, Riverside, coastal towns",
                frustration="Gross margin differs site by site and nobody can say why; tronc "
                            "and service charge handled by spreadsheet.",
                triggers="Opening a further site; a landlord or lender asking for site-level "
                         "P&L; an HMRC enquiry into tronc.",
                value="Site-by-site profit and loss within ten days of month end, with food "
                      "and labour percentages the operations manager can act on.",
                keywords="hospitality accounts, site P&L, tronc, gross margin, multi-site, "
                         "labour cost",
            ),
        ),
        groups={HARBOUR: ORG, RIVERSIDE: M},
    ),
    Person(
        key="tom",
        name="Tom Ashworth",
        business="Ashworth Commercial Insurance",
        category="Commercial insurance broker",
        phone="0117 496 0102",
        website="https://ashworthcommercial.example",
        bio="Independent Chartered insurance broker. Twenty years placing cover for "
            "businesses with the specialist markets the comparison sites never reach.",
        talkable_difference="When a client has a claim, I handle it from the first phone "
                            "call to the cheque, and I visit the premises before renewal "
                            "every year rather than posting a questionnaire.",
        referral_criteria="I refer people whose business has just changed shape: new "
                          "premises, new vehicles, new staff or a new contract.",
        profiles=(
            Profile(
                title="Contractors and trades with employees on site",
                industry="Construction and building trades",
                segment="Limited companies, 3–50 operatives, some subcontracted labour",
                area="South West England",
                frustration="Main contractors demand £10m public liability and proof of "
                            "cover before work starts; policies renewed blind by an online "
                            "broker leave gaps for working at height or heat work.",
                triggers="Tendering for a first commercial contract; a main contractor's "
                         "pre-qualification questionnaire; a near miss on site; a first "
                         "van fleet.",
                value="One schedule that matches the contracts they sign, certificates "
                      "issued the same day, and a claims handler who knows their trade.",
                keywords="public liability, employers' liability, contractors all risks, "
                         "working at height, certificates of insurance, PQQ",
            ),
            Profile(
                title="Hospitality and leisure venues",
                industry="Restaurants, bars, hotels, event venues",
                segment="Independents and small groups, 1–8 sites",
                area="Harbour City and the coast",
                frustration="Business-interruption cover that did not pay out as expected; "
                            "premiums rising at each renewal with no explanation.",
                triggers="Signing a new lease; a kitchen fire or flood nearby; adding "
                         "late-night licensing or live events.",
                value="Business interruption set at the right indemnity period, "
                      "tested against their own figures, with a broker at the end of "
                      "the phone when something happens.",
                keywords="business interruption, property damage, licensed premises, "
                         "indemnity period, renewals, claims handling",
            ),
        ),
        groups={HARBOUR: ORG},
    ),
    Person(
        key="helen",
        name="Helen Price",
        business="Price Lomax Solicitors",
        category="Solicitor",
        phone="0117 496 0103",
        website="https://pricelomax.example",
        bio="Partner at a twelve-lawyer firm specialising in commercial property and company "
            "law for growing businesses. Previously in-house at a national retailer.",
        talkable_difference="Fixed fees quoted in writing before we start, and a lease "
                            "summary on a single page that tells you what you are really "
                            "signing up to.",
        referral_criteria="I refer people who are about to sign, buy, sell or fall out over "
                          "something with a value of more than a few thousand pounds.",
        profiles=(
            Profile(
                title="Businesses taking or renewing commercial leases",
                industry="Retail, hospitality, offices, light industrial",
                segment="SMEs, first or second premises, rent £15k–£150k a year",
                area="Harbour City and the wider county",
                frustration="Heads of terms agreed with the agent before anyone read the "
                            "repairing obligations or the break clause.",
                triggers="Viewing premises; heads of terms in hand; landlord proposing a "
                         "rent review; lease expiry within 18 months.",
                value="A lease they understand, with a break, a capped service charge and "
                      "a schedule of condition that limits dilapidations at the end.",
                keywords="commercial lease, heads of terms, break clause, dilapidations, "
                         "rent review, lease renewal, Landlord and Tenant Act",
            ),
            Profile(
                title="Shareholders planning a sale, buy-out or partner exit",
                industry="Owner-managed companies in any sector",
                segment="Enterprise value £1m–£15m",
                area="UK, based in the South West",
                frustration="No shareholders' agreement; a partner wants out and nobody "
                            "knows what their shares are worth or how to pay for them.",
                triggers="A director approaching retirement; an approach from a buyer or "
                         "competitor; a falling-out between shareholders.",
                value="A clean exit or sale on agreed terms, with warranties they can "
                      "live with and the tax structure settled early.",
                keywords="shareholders' agreement, management buy-out, company sale, "
                         "share purchase, due diligence, warranties, exit",
            ),
        ),
        groups={HARBOUR: M},
    ),
    Person(
        key="marcus",
        name="Marcus Bell",
        business="Bellwether IT",
        category="IT support",
        phone="0117 496 0104",
        website="https://bellwetherit.example",
        bio="Managed IT for small offices since 2011. A team of five engineers, all local, "
            "Microsoft 365 and Cyber Essentials certified.",
        talkable_difference="We answer the support line in under a minute, in person, and "
                            "guarantee an engineer on site within four hours for anything "
                            "that stops work.",
        referral_criteria="I refer people who are moving office, hiring, or have just had "
                          "a scare with data or a supplier.",
        profiles=(
            Profile(
                title="Professional practices with 10–60 desks",
                industry="Accountants, solicitors, surveyors, architects, agencies",
                segment="10–60 users, one or two offices, no in-house IT",
                area="Harbour City, Northgate, Westbay",
                frustration="IT looked after by a partner's relative or a one-person "
                            "contractor; no tested backup; unmanaged laptops.",
                triggers="A phishing email that got through; an insurer or client asking "
                         "for Cyber Essentials; an office move; a new starter waiting a "
                         "week for a laptop.",
                value="A fixed monthly cost, tested backups, patched devices and a "
                      "Cyber Essentials certificate within three months.",
                keywords="managed IT, Microsoft 365, Cyber Essentials, backup, helpdesk, "
                         "endpoint security, office move, phishing",
            ),
        ),
        groups={HARBOUR: M},
    ),
    Person(
        key="sofia",
        name="Sofia Marin",
        business="Tidemark Studio",
        category="Web designer",
        phone="0117 496 0105",
        website="https://tidemarkstudio.example",
        bio="Designer and developer running a two-person studio. We build fast, accessible "
            "websites for service businesses and look after them afterwards.",
        talkable_difference="We write nothing until we have interviewed three of your "
                            "customers, and every site we launch loads in under two seconds "
                            "on a phone.",
        referral_criteria="I refer people who are launching something new or embarrassed "
                          "by what Google shows about them.",
        profiles=(
            Profile(
                title="Service businesses whose website no longer wins work",
                industry="Trades, clinics, consultancies, professional services",
                segment="Owner-led, 2–30 staff, site more than five years old",
                area="UK-wide, most clients in the South West",
                frustration="Enquiries come from word of mouth only; the site cannot be "
                            "updated without the original developer; poor mobile experience.",
                triggers="A rebrand; a new service line; a competitor's new site; Google "
                         "Business Profile reviews rising but web enquiries flat.",
                value="A site that produces measurable enquiries, which the client can "
                      "edit themselves, with local search visibility.",
                keywords="website redesign, WordPress, local SEO, conversion, mobile-first, "
                         "accessibility, content management",
            ),
            Profile(
                title="Hospitality venues needing online bookings",
                industry="Restaurants, cafés, event venues",
                segment="Independents, 1–3 sites",
                area="Harbour City and the coast",
                frustration="Bookings taken by phone and Instagram messages; menus posted "
                            "as PDFs nobody can read on a phone.",
                triggers="Opening or relaunching a venue; a new menu; moving to a "
                         "booking platform.",
                value="A quick mobile site with table booking and menus that are easy to "
                      "update.",
                keywords="restaurant website, table booking integration, menus, "
                         "Google Business Profile, photography",
            ),
        ),
        groups={HARBOUR: M},
    ),
    Person(
        key="gareth",
        name="Gareth Evans",
        business="Quayside Print",
        category="Printer",
        phone="0117 496 0106",
        website="https://quaysideprint.example",
        bio="Third-generation commercial printer. Litho and digital presses under one roof "
            "on the Westbay trading estate, plus large-format for exhibitions.",
        talkable_difference="Same-day proofs, next-day delivery across the city, and we "
                            "store your artwork and stock so a reorder is one phone call.",
        referral_criteria="I refer people who are exhibiting, launching, rebranding or "
                          "opening new premises.",
        profiles=(
            Profile(
                title="Marketing leads at multi-site businesses",
                industry="Retail, hospitality, estate agency, education",
                segment="Marketing teams of 1–5 buying print monthly",
                area="South West England and Wales",
                frustration="Print managed across several suppliers; colour inconsistent "
                            "between runs; last-minute jobs missed.",
                triggers="A rebrand rollout; seasonal campaign; exhibition deadline; new "
                         "branch opening.",
                value="One supplier, consistent brand colour and delivery on the date "
                      "promised, with reorders from stored templates.",
                keywords="brochures, point of sale, exhibition graphics, litho, digital "
                         "print, brand consistency, large format",
            ),
        ),
        groups={HARBOUR: M},
    ),
    Person(
        key="ruby",
        name="Ruby Chen",
        business="Petal & Stem",
        category="Florist",
        phone="0117 496 0107",
        website="https://petalandstem.example",
        bio="Florist with a studio and shop in the Old Town. Weddings at weekends, "
            "corporate contracts during the week.",
        talkable_difference="Weekly displays for hotels and offices on a fixed contract, "
                            "changed every Monday before eight, with flowers that are "
                            "British-grown from May to October.",
        referral_criteria="I refer people who are opening, celebrating or saying thank you.",
        profiles=(
            Profile(
                title="Hotels, restaurants and offices with a front of house",
                industry="Hospitality, professional services, corporate offices",
                segment="Reception areas and dining rooms, 1–5 sites",
                area="Harbour City centre and Docklands",
                frustration="Arrangements that wilt by Thursday; supplier turns up during "
                            "service or opening hours.",
                triggers="A refurbishment; a new general manager; a venue preparing for "
                         "awards or inspections.",
                value="Fresh, on-brand displays every week on one monthly invoice, "
                      "installed outside trading hours.",
                keywords="contract flowers, reception displays, corporate floristry, "
                         "hotel lobby, weekly arrangements",
            ),
            Profile(
                title="Event planners and venues hosting weddings",
                industry="Events and weddings",
                segment="Venues hosting 20+ weddings a year; independent planners",
                area="Within 40 miles of Harbour City",
                frustration="Florists who cannot work to the venue's setup windows or "
                            "clear away on time.",
                triggers="A venue launching a wedding package; planner taking on a "
                         "new season of bookings.",
                value="A dependable recommended-supplier partner who knows the venue and "
                      "clears down the same night.",
                keywords="wedding florist, event flowers, recommended supplier, venue "
                         "styling, table centres",
            ),
        ),
        groups={HARBOUR: M, RIVERSIDE: M},
    ),
    Person(
        key="jamal",
        name="Jamal Idris",
        business="Saltbox Kitchen Catering",
        category="Caterer",
        phone="0117 496 0108",
        website="https://saltboxkitchen.example",
        bio="Chef for fifteen years in city restaurants before starting Saltbox. We cater "
            "for corporate events, launches and private dinners from a kitchen in the "
            "Docklands.",
        talkable_difference="Seasonal menus written for the event, not picked from a list, "
                            "and we take every dietary requirement from the guest list "
                            "ourselves so the host does not have to.",
        referral_criteria="I refer people who are planning an event, a launch or a team "
                          "day, or who have just opened a venue.",
        profiles=(
            Profile(
                title="Corporate event and office managers",
                industry="Corporate offices, professional services",
                segment="Companies of 50–500 staff holding regular events",
                area="Harbour City and the county",
                frustration="Sandwich platters for every occasion; caterers who get the "
                            "dietary requirements wrong.",
                triggers="A product launch; an annual conference; a client hospitality "
                         "programme; an office opening.",
                value="Food that makes the event memorable, handled from menu to clear-up "
                      "by one contact.",
                keywords="corporate catering, event catering, working lunches, canapés, "
                         "dietary requirements, launch events",
            ),
        ),
        groups={HARBOUR: M, RIVERSIDE: ORG},
    ),
    Person(
        key="leo",
        name="Leo Fischer",
        business="Tillwise EPOS",
        category="Restaurant POS supplier",
        phone="0117 496 0109",
        website="https://tillwise.example",
        bio="Former restaurant manager; I now supply and support point-of-sale systems for "
            "hospitality, with a small team of installers.",
        talkable_difference="We install overnight so you never close for a changeover, and "
                            "our support line is open until two in the morning because "
                            "that is when bars cash up.",
        referral_criteria="I refer people who are opening, refitting or taking over a "
                          "hospitality business.",
        profiles=(
            Profile(
                title="Independent restaurants and bars on legacy EPOS",
                industry="Hospitality",
                segment="1–5 sites, 40–200 covers, table service",
                area="South West England",
                frustration="Terminal downtime during service; card payments and till "
                            "not integrated; stock reports that do not match reality.",
                triggers="End of a hardware lease; a card-processing contract renewal; a "
                         "change of ownership; opening a second site.",
                value="Integrated ordering, payments and stock with kitchen display, "
                      "supported during trading hours.",
                keywords="EPOS, point of sale, kitchen display system, card terminals, "
                         "table ordering, stock control, hospitality technology",
            ),
            Profile(
                title="Cafés and quick-service counters",
                industry="Hospitality, food to go",
                segment="Single-site cafés and kiosks",
                area="Harbour City",
                frustration="Queues at peak; tablet tills that freeze; no data on best "
                            "sellers.",
                triggers="New café opening; adding click-and-collect; moving to cashless.",
                value="Faster service at the counter and daily sales figures on a phone.",
                keywords="café till, quick service, click and collect, contactless, "
                         "sales reporting",
            ),
        ),
        groups={HARBOUR: M, RIVERSIDE: M},
    ),
    Person(
        key="agnieszka",
        name="Agnieszka Nowak",
        business="Brightdock Commercial Cleaning",
        category="Commercial cleaner",
        phone="0117 496 0110",
        website="https://brightdock.example",
        bio="I started Brightdock with two colleagues in 2014; today we employ 45 "
            "cleaners, all paid the real Living Wage, across offices, clinics and kitchens.",
        talkable_difference="The same cleaning team every night, a supervisor who checks "
                            "every site weekly with a photo report, and a 24-hour "
                            "re-clean promise.",
        referral_criteria="I refer people who are moving premises or whose building "
                          "manager has just changed.",
        profiles=(
            Profile(
                title="Multi-occupancy offices and managed workspaces",
                industry="Commercial property, serviced offices",
                segment="5,000–50,000 sq ft, cleaned out of hours",
                area="Harbour City and Northgate",
                frustration="High turnover of contract cleaners; standards slip after the "
                            "first month; tenant complaints.",
                triggers="Contract retender; new facilities manager; tenants moving in "
                         "after refurbishment.",
                value="Consistent standards with a named supervisor and monthly audit, "
                      "fewer tenant complaints.",
                keywords="office cleaning, contract cleaning, facilities management, "
                         "janitorial, managed workspace, audits",
            ),
            Profile(
                title="Commercial kitchens needing deep cleans",
                industry="Hospitality, schools, care homes",
                segment="Kitchens cooking 100+ covers a day",
                area="Harbour City and the county",
                frustration="Extraction and behind-equipment areas missed; worried about "
                            "the environmental health inspection.",
                triggers="An EHO visit due or a poor food hygiene rating; insurer "
                         "requiring duct cleaning records.",
                value="Documented deep cleans scheduled around service, certificates for "
                      "the inspector and the insurer.",
                keywords="kitchen deep clean, extraction cleaning, food hygiene rating, "
                         "environmental health, TR19",
            ),
        ),
        groups={HARBOUR: M, RIVERSIDE: M},
    ),
    Person(
        key="dean",
        name="Dean Whitaker",
        business="Whitaker Electrical",
        category="Electrician",
        phone="0117 496 0111",
        website="https://whitakerelectrical.example",
        bio="NICEIC-approved electrical contractor with eight electricians. Commercial "
            "fit-outs, testing and EV charging.",
        talkable_difference="Testing done out of hours so nobody's computer goes off, "
                            "and a written report in plain English with a fixed price "
                            "for every remedial item.",
        referral_criteria="I refer people who are fitting out, extending or buying a "
                          "commercial building.",
        profiles=(
            Profile(
                title="Landlords and managing agents with compliance deadlines",
                industry="Commercial and residential lettings",
                segment="Portfolios of 10–200 units",
                area="Harbour City and the county",
                frustration="EICRs expiring unnoticed; contractors who find faults but "
                            "do not quote to fix them.",
                triggers="Letting-compliance audit; a new tenancy; an insurer's survey "
                         "listing electrical defects.",
                value="A compliance calendar, certificates on time and remedial work "
                      "priced upfront.",
                keywords="EICR, electrical testing, landlord compliance, PAT testing, "
                         "emergency lighting, remedial works",
            ),
            Profile(
                title="Businesses installing EV charging",
                industry="Offices, hotels, fleet operators",
                segment="Car parks of 5–100 spaces",
                area="South West England",
                frustration="Unsure what their supply can handle; confusing grant schemes.",
                triggers="Switching the company fleet to electric; planning conditions on "
                         "a new building; staff asking for workplace charging.",
                value="A load survey, the right chargers and any grant paperwork done.",
                keywords="EV charging, workplace charging, load management, OZEV grant, "
                         "electric fleet",
            ),
        ),
        groups={HARBOUR: M},
    ),
    Person(
        key="sam",
        name="Sam Okafor",
        business="Okafor Plumbing & Heating",
        category="Plumber",
        phone="0117 496 0112",
        website="https://okaforplumbing.example",
        bio="Gas Safe engineer with a team of four. Commercial plumbing, heating and "
            "water-hygiene work, with planned maintenance contracts.",
        talkable_difference="We send a photo of the problem and a fixed quote before we "
                            "touch anything, and our vans carry parts for the boilers we "
                            "maintain so most faults are fixed on the first visit.",
        referral_criteria="I refer people who own or manage buildings with more than one "
                          "bathroom or a commercial kitchen.",
        profiles=(
            Profile(
                title="Facilities managers of older commercial buildings",
                industry="Offices, schools, care homes",
                segment="Buildings with plant rooms and commercial boilers",
                area="Harbour City and Westbay",
                frustration="Reactive call-outs at premium rates; no maintenance "
                            "history; heating failures in winter.",
                triggers="Boiler past 15 years; a failed legionella risk assessment; a "
                         "leak causing damage below.",
                value="Planned maintenance that cuts emergency call-outs and keeps the "
                      "building compliant.",
                keywords="commercial heating, planned maintenance, legionella, Gas Safe, "
                         "boiler replacement, water hygiene",
            ),
        ),
        groups={HARBOUR: M},
    ),
    Person(
        key="callum",
        name="Callum Reid",
        business="Reid Roofing",
        category="Roofer",
        phone="0117 496 0113",
        website="https://reidroofing.example",
        bio="Roofing contractor with twelve roofers; flat roofs, industrial sheeting and "
            "heritage slate.",
        talkable_difference="A drone survey with photos of every defect before we quote, "
                            "and a 20-year insurance-backed guarantee on every new roof.",
        referral_criteria="I refer people who own, buy or manage buildings, especially "
                          "after a storm.",
        profiles=(
            Profile(
                title="Owners of industrial units and warehouses",
                industry="Logistics, manufacturing, trade counters",
                segment="Units 2,000–40,000 sq ft with profiled sheet roofs",
                area="Harbour City, M5 corridor",
                frustration="Leaks onto stock and machinery; patch repairs that fail "
                            "each winter; asbestos cement roofs nobody wants to touch.",
                triggers="Water damage after storms; dilapidations at lease end; buying "
                         "a unit with an old roof; insurer's risk report.",
                value="A roof that stays watertight, with an asbestos plan, a guarantee "
                      "and no disruption to operations.",
                keywords="industrial roofing, cut-edge corrosion, roof sheeting, "
                         "asbestos roof, flat roofing, roof survey, dilapidations",
            ),
            Profile(
                title="Managing agents of period and listed buildings",
                industry="Residential block management, heritage property",
                segment="Blocks of flats and Victorian terraces",
                area="Old Town and Clifton Heights",
                frustration="Conservation officers slowing approvals; contractors who "
                            "cannot work with natural slate and lead.",
                triggers="Section 20 consultation for major works; slipped slates "
                         "reported; scaffolding already up for other work.",
                value="Heritage-compliant repairs, priced for Section 20, done in one "
                      "scaffold visit.",
                keywords="slate roofing, lead work, listed buildings, conservation area, "
                         "Section 20, block management",
            ),
        ),
        groups={HARBOUR: M},
    ),
    Person(
        key="nadia",
        name="Nadia Hussain",
        business="Keystone Mortgages",
        category="Mortgage broker",
        phone="0117 496 0114",
        website="https://keystonemortgages.example",
        bio="Whole-of-market mortgage adviser for nine years, specialising in the cases "
            "high-street lenders turn down.",
        talkable_difference="I specialise in the self-employed: I read two years of "
                            "accounts before I approach a lender, so clients hear yes "
                            "or no in days, not weeks.",
        referral_criteria="I refer people who are buying, moving, separating or starting "
                          "to invest in property.",
        profiles=(
            Profile(
                title="Self-employed and company directors buying a home",
                industry="Business owners, contractors, freelancers",
                segment="Less than three years' accounts, or income taken as dividends",
                area="UK, appointments in Harbour City",
                frustration="Turned down by their own bank despite a healthy business; "
                            "lenders who only look at salary.",
                triggers="A business owner starting to look at houses; a fixed rate "
                         "ending within six months; a director switching to dividends.",
                value="The right lender first time, using retained profits and "
                      "dividends, with an agreement in principle in 48 hours.",
                keywords="self-employed mortgage, director's mortgage, remortgage, "
                         "agreement in principle, complex income",
            ),
            Profile(
                title="Landlords growing a buy-to-let portfolio",
                industry="Residential property investment",
                segment="Portfolio landlords with 4+ mortgaged properties, often in a "
                        "limited company",
                area="South West England",
                frustration="Stress tests blocking new purchases; lenders asking for a "
                            "full portfolio schedule every time.",
                triggers="Moving properties into a company; refinancing after a "
                         "refurbishment; a rate rise hurting cash flow.",
                value="Limited-company buy-to-let finance that keeps the portfolio "
                      "growing and cash flow positive.",
                keywords="buy-to-let, portfolio landlord, limited company mortgage, "
                         "refinance, bridging",
            ),
        ),
        groups={HARBOUR: M},
    ),
    Person(
        key="oliver",
        name="Oliver Grant",
        business="Grant Residential",
        category="Estate agent",
        phone="0117 496 0115",
        website="https://grantresidential.example",
        bio="Independent estate and letting agent in the Old Town, family-run since 1998.",
        talkable_difference="Every vendor has one negotiator from valuation to "
                            "completion, and we chase the chain weekly with written "
                            "updates so sales do not fall through.",
        referral_criteria="I refer people who are moving, downsizing, dealing with an "
                          "estate or letting out a property for the first time.",
        profiles=(
            Profile(
                title="Homeowners selling family houses",
                industry="Residential sales",
                segment="Houses £350k–£1.2m, often downsizing",
                area="Old Town, Clifton Heights, Westbay",
                frustration="Online agents who listed it and disappeared; sales stuck in "
                            "the chain for months.",
                triggers="Children leaving home; probate granted; relocating for work; "
                         "a divorce settlement.",
                value="A sale that completes at a strong price, with a negotiator who "
                      "manages the chain.",
                keywords="house sale, valuation, downsizing, probate property, chain "
                         "management, sales progression",
            ),
            Profile(
                title="Accidental and first-time landlords",
                industry="Residential lettings",
                segment="1–3 properties, no letting experience",
                area="Harbour City",
                frustration="Bewildered by compliance rules; worried about tenant "
                            "referencing and deposits.",
                triggers="Inheriting a property; moving in with a partner and keeping a "
                         "flat; posted abroad.",
                value="A fully managed let that meets every legal requirement.",
                keywords="letting, property management, tenant referencing, deposit "
                         "protection, landlord compliance",
            ),
        ),
        groups={HARBOUR: M},
    ),
    Person(
        key="fiona",
        name="Fiona MacLeod",
        business="Lighthouse Wealth Planning",
        category="Financial planner",
        phone="0117 496 0116",
        website="https://lighthousewealth.example",
        bio="Chartered financial planner. I help business owners and families plan for "
            "retirement, pay less tax and pass wealth on.",
        talkable_difference="Every client gets a lifetime cash-flow plan that shows, "
                            "year by year, when they can stop working; I charge a flat "
                            "fee, not a percentage of their money.",
        referral_criteria="I refer people who are selling a business, retiring, "
                          "inheriting or worried about care costs.",
        profiles=(
            Profile(
                title="Business owners approaching an exit",
                industry="Owner-managed companies",
                segment="Directors aged 50–65, company worth £1m+",
                area="South West England",
                frustration="All their wealth is tied up in the company; no idea how "
                            "much they need to stop working.",
                triggers="Thinking of selling within five years; a buyer's approach; "
                         "extracting profits through pension contributions.",
                value="Clarity on their number, a tax-efficient extraction strategy and "
                      "a plan for the sale proceeds.",
                keywords="retirement planning, exit planning, pension contributions, "
                         "business asset disposal relief, cash-flow modelling",
            ),
            Profile(
                title="Families handling an inheritance",
                industry="Private clients",
                segment="Estates of £500k–£5m",
                area="Harbour City and the county",
                frustration="Inheritance tax bills they did not plan for; siblings "
                            "disagreeing on what to do.",
                triggers="A parent going into care; probate granted; gifting to "
                         "grandchildren.",
                value="An inheritance-tax plan and investments set up to match the "
                      "family's wishes.",
                keywords="inheritance tax, estate planning, trusts, gifting, "
                         "care fees planning",
            ),
        ),
        groups={HARBOUR: M},
    ),
    Person(
        key="ben",
        name="Ben Adeyemi",
        business="Portside Physio",
        category="Physiotherapist",
        phone="0117 496 0117",
        website="https://portsidephysio.example",
        bio="HCPC-registered physiotherapist; clinic of four near the station plus "
            "on-site sessions at workplaces.",
        talkable_difference="Appointments within 48 hours, evening and 7am slots, and "
                            "we visit workplaces to fix the desk or the lifting task "
                            "that caused the injury.",
        referral_criteria="I refer people who spend all day at a desk, on their feet or "
                          "on a ladder, and who mention aches.",
        profiles=(
            Profile(
                title="Employers with manual-handling teams",
                industry="Logistics, construction, care, hospitality kitchens",
                segment="20–300 staff with physical roles",
                area="Harbour City and Westbay",
                frustration="Musculoskeletal absence; long NHS waits keeping staff off "
                            "work.",
                triggers="Rising sickness absence; an injury at work; a health-and-"
                         "safety review.",
                value="Fast-track physiotherapy and workstation assessments that cut "
                      "days lost to back and joint problems.",
                keywords="occupational health, musculoskeletal, workplace physio, "
                         "manual handling, sickness absence, DSE assessment",
            ),
            Profile(
                title="Office workers and runners with recurring pain",
                industry="Private patients",
                segment="Adults 25–60, desk-based or active",
                area="Harbour City centre",
                frustration="Neck and back pain that keeps returning; sports injuries "
                            "that stop training.",
                triggers="Training for a marathon; a new home-office setup; physio "
                         "covered by a new health-insurance policy.",
                value="Diagnosis and a rehab plan that keeps them working and training.",
                keywords="sports injury, back pain, rehabilitation, private physio, "
                         "health insurance",
            ),
        ),
        groups={HARBOUR: M},
    ),
    Person(
        key="isla",
        name="Isla Thompson",
        business="Isla Thompson Photography",
        category="Photographer",
        phone="07700 900118",
        website="https://islathompson.example",
        bio="Commercial photographer: headshots, team photography, interiors and "
            "products, with a studio at the old sail loft.",
        talkable_difference="Headshots for a whole team in one morning with a mobile "
                            "studio, edited images delivered in 48 hours, in one "
                            "consistent style.",
        referral_criteria="I refer people who are launching a website, a brochure, a "
                          "product or a new team.",
        profiles=(
            Profile(
                title="Professional firms refreshing their people pages",
                industry="Law, accountancy, estate agency, consulting",
                segment="10–200 staff",
                area="South West England",
                frustration="Mismatched headshots taken on phones against different "
                            "walls.",
                triggers="A website redesign; new partners or hires; a rebrand.",
                value="A consistent set of professional portraits, with new starters "
                      "matched later.",
                keywords="corporate headshots, team photography, brand photography, "
                         "website images, LinkedIn profile",
            ),
            Profile(
                title="Interior designers, architects and hospitality venues",
                industry="Design, property, hospitality",
                segment="Projects to showcase",
                area="Within 60 miles",
                frustration="Beautiful projects documented badly.",
                triggers="Project completion; an awards entry; a venue opening.",
                value="Interior and architectural photography that wins the next project.",
                keywords="interior photography, architectural photography, venue "
                         "photography, portfolio",
            ),
        ),
        groups={HARBOUR: M},
    ),
    Person(
        key="ravi",
        name="Ravi Patel",
        business="Signal Signs",
        category="Signage maker",
        phone="0117 496 0119",
        website="https://signalsigns.example",
        bio="Sign-maker and installer: shopfronts, illuminated signs, vehicle graphics and "
            "wayfinding.",
        talkable_difference="We draw up a photo mock-up of the sign on your building "
                            "before you pay a penny and handle the advertisement "
                            "consent with the council.",
        referral_criteria="I refer people who are opening, moving, rebranding or buying "
                          "vehicles.",
        profiles=(
            Profile(
                title="Businesses opening or rebranding premises",
                industry="Retail, hospitality, clinics, trade counters",
                segment="Single sites and small chains",
                area="South West England",
                frustration="Signage left to the last week before opening; planning "
                            "refused for an illuminated sign.",
                triggers="Lease signed; rebrand agreed; new fit-out under way.",
                value="A storefront that is seen from the street, installed and "
                      "consented on time.",
                keywords="shopfront signage, illuminated signs, advertisement consent, "
                         "fascia, wayfinding",
            ),
            Profile(
                title="Fleet operators wanting branded vehicles",
                industry="Trades, logistics, service companies",
                segment="3–60 vans",
                area="Harbour City and the region",
                frustration="Inconsistent livery across the fleet; wraps damaging "
                            "leased vans' paintwork.",
                triggers="New vans on lease; rebrand; vans returning at end of lease.",
                value="Consistent, removable livery that protects lease return value.",
                keywords="vehicle graphics, van wraps, fleet livery, removable vinyl",
            ),
        ),
        groups={HARBOUR: M},
    ),
    Person(
        key="laura",
        name="Laura Bennett",
        business="Clearwater HR",
        category="HR consultant",
        phone="0117 496 0120",
        website="https://clearwaterhr.example",
        bio="CIPD-qualified HR consultant; an outsourced HR department for companies "
            "without one.",
        talkable_difference="A retained HR adviser for a fixed monthly fee, who "
                            "writes the contracts and handbook in the first month and "
                            "picks up the phone for every tricky conversation.",
        referral_criteria="I refer people who are hiring their tenth employee or dealing "
                          "with a difficult one.",
        profiles=(
            Profile(
                title="Growing companies without an HR function",
                industry="Any sector",
                segment="10–150 staff, managed by the owner or office manager",
                area="UK, based in Harbour City",
                frustration="Out-of-date contracts; no handbook; managers avoiding "
                            "performance conversations.",
                triggers="A grievance or disciplinary; a tribunal claim threatened; a "
                         "restructure; rapid hiring.",
                value="Compliant documents, confident managers and fewer costly "
                      "disputes.",
                keywords="outsourced HR, employment contracts, staff handbook, "
                         "disciplinary, grievance, restructure, redundancy",
            ),
        ),
        groups={HARBOUR: M},
    ),
    Person(
        key="emma",
        name="Emma Doyle",
        business="Doyle Bookkeeping",
        category="Bookkeeper",
        phone="0117 496 0121",
        website="https://doylebookkeeping.example",
        bio="AAT-qualified bookkeeper and Xero adviser with a team of three.",
        talkable_difference="Books reconciled every week, not every quarter, and a "
                            "Monday-morning email of who owes you money.",
        referral_criteria="I refer people whose paperwork is in carrier bags or whose "
                          "accountant has just told them off.",
        profiles=(
            Profile(
                title="Small businesses moving off spreadsheets",
                industry="Trades, retail, hospitality, creative",
                segment="Turnover £100k–£2m, owner doing the books at night",
                area="Harbour City and remote",
                frustration="Evenings lost to receipts; VAT returns filed late; no idea "
                            "who has paid.",
                triggers="VAT registration; Making Tax Digital deadline; a penalty "
                         "letter; hiring a first employee.",
                value="Up-to-date books in cloud software and credit control that "
                      "improves cash flow.",
                keywords="bookkeeping, Xero, Making Tax Digital, VAT returns, credit "
                         "control, bank reconciliation",
            ),
        ),
        groups={HARBOUR: M, RIVERSIDE: M},
    ),
    Person(
        key="richard",
        name="Richard Hale",
        business="Hale Estates",
        category="Commercial landlord",
        phone="0117 496 0122",
        website="https://haleestates.example",
        bio="Family company owning and managing 140 workshops, studios and small offices "
            "across three estates on the harbour.",
        talkable_difference="Easy-in, easy-out licences from one month with no "
                            "solicitor needed, and room to move up a size on the same "
                            "estate as the business grows.",
        referral_criteria="I refer people whose business has outgrown the spare room, "
                          "or is outgrowing its unit.",
        profiles=(
            Profile(
                title="Start-ups and trades needing their first premises",
                industry="Makers, trades, e-commerce, creative studios",
                segment="1–10 people, 200–2,000 sq ft",
                area="Harbour City docks",
                frustration="Long leases and personal guarantees for a business that may "
                            "double in a year.",
                triggers="Stock taking over the garage; a first employee; needing a "
                         "trade counter or loading bay.",
                value="Flexible space on simple terms, with room to grow on site.",
                keywords="workshop to let, small business units, flexible lease, "
                         "studio space, light industrial, trade counter",
            ),
        ),
        groups={HARBOUR: M},
    ),
    Person(
        key="grace",
        name="Grace Osei",
        business="Momentum Business Coaching",
        category="Business coach",
        phone="0117 496 0123",
        website="https://momentumcoaching.example",
        bio="Built and sold a logistics company; now I coach owners who want their "
            "business to run without them.",
        talkable_difference="A 90-day plan on one page and a weekly 30-minute "
                            "accountability call; if we miss the first quarter's "
                            "target, the next quarter is free.",
        referral_criteria="I refer people who say they are working all hours, or that "
                          "they cannot find good people.",
        profiles=(
            Profile(
                title="Owner-managers stuck doing everything",
                industry="Service businesses and trades",
                segment="Turnover £300k–£3m, 5–40 staff",
                area="UK, sessions in Harbour City and online",
                frustration="Working 60-hour weeks; growth has stalled; team waits for "
                            "the owner to decide everything.",
                triggers="Missing a family event for work; losing a key employee; "
                         "profit falling while turnover rises.",
                value="A business with a plan, a management team and an owner who can "
                      "take a holiday.",
                keywords="business coaching, growth strategy, leadership, delegation, "
                         "accountability, planning",
            ),
        ),
        groups={HARBOUR: M},
    ),
    Person(
        key="chloe",
        name="Chloe Martin",
        business="Studio Linden Interiors",
        category="Interior designer",
        phone="0117 496 0124",
        website="https://studiolinden.example",
        bio="Commercial interior designer; workplaces, clinics and hospitality spaces.",
        talkable_difference="We design from a week of watching how the space is "
                            "actually used, and we project-manage the trades so the "
                            "client has one contact.",
        referral_criteria="I refer people who are moving, expanding or about to "
                          "refurbish.",
        profiles=(
            Profile(
                title="Companies redesigning the office for hybrid work",
                industry="Professional services, tech",
                segment="20–200 staff, 3,000–30,000 sq ft",
                area="South West England",
                frustration="Half-empty office Monday and Friday, no meeting rooms "
                            "mid-week; staff not coming in.",
                triggers="Lease event; headcount change; new leadership asking to get "
                         "people back to the office.",
                value="A workplace people choose to come to, delivered on budget.",
                keywords="office design, workplace strategy, hybrid working, fit-out, "
                         "space planning",
            ),
            Profile(
                title="Restaurants, bars and boutique hotels",
                industry="Hospitality",
                segment="Independent operators, new sites or refurbishments",
                area="Harbour City and the coast",
                frustration="Tired interiors losing custom to new openings.",
                triggers="New lease; refurbishment budget approved; rebrand.",
                value="A distinctive space that photographs well and works for service.",
                keywords="hospitality interiors, restaurant design, hotel refurbishment, "
                         "lighting design",
            ),
        ),
        groups={HARBOUR: M},
    ),
    Person(
        key="kieran",
        name="Kieran Walsh",
        business="Harbour Fleet Leasing",
        category="Van and fleet leasing",
        phone="0117 496 0125",
        website="https://harbourfleet.example",
        bio="Independent vehicle-leasing broker for businesses; vans, pickups and company "
            "cars from every major funder.",
        talkable_difference="Fully maintained contracts with a courtesy van the same day "
                            "if yours is off the road, and we collect it for servicing "
                            "from your yard.",
        referral_criteria="I refer people who are taking on staff who drive, or whose "
                          "vans are getting old.",
        profiles=(
            Profile(
                title="Trades and service companies running vans",
                industry="Construction, facilities, deliveries, field service",
                segment="3–50 light commercial vehicles",
                area="UK, based in Harbour City",
                frustration="Old vans breaking down and costing jobs; capital tied up in "
                            "vehicles.",
                triggers="A major repair bill; winning a contract that needs more "
                         "vehicles; clean-air zone charges.",
                value="Reliable vans on a fixed monthly cost, with downtime covered.",
                keywords="van leasing, contract hire, fleet management, electric vans, "
                         "maintenance package, clean air zone",
            ),
        ),
        groups={HARBOUR: M},
    ),
    Person(
        key="hannah",
        name="Hannah Brooks",
        business="Anchor Payroll Bureau",
        category="Payroll bureau",
        phone="0117 496 0126",
        website="https://anchorpayroll.example",
        bio="Payroll bureau running weekly and monthly payrolls for 180 employers.",
        talkable_difference="We take the whole payroll and pension job off your desk, "
                            "with a named payroll officer, and have never missed a pay "
                            "day in eleven years.",
        referral_criteria="I refer people who pay staff and dread the end of the month.",
        profiles=(
            Profile(
                title="Employers with hourly-paid and shift staff",
                industry="Hospitality, care, retail, cleaning",
                segment="15–400 employees, weekly or fortnightly pay",
                area="UK",
                frustration="Timesheets, holiday pay and tronc calculations eat days; "
                            "pension auto-enrolment errors.",
                triggers="Rapid hiring; payroll person leaving; a Pensions Regulator "
                         "letter; HMRC penalty.",
                value="Accurate pay every time, RTI and pension submissions done, "
                      "payslips online.",
                keywords="payroll bureau, auto-enrolment, RTI, holiday pay, tronc, "
                         "timesheets, payslips",
            ),
        ),
        groups={HARBOUR: M},
    ),
    Person(
        key="mike",
        name="Mike Duffy",
        business="Sentinel Security Systems",
        category="Security systems installer",
        phone="0117 496 0127",
        website="https://sentinelsecurity.example",
        bio="NSI Gold-approved installer of intruder alarms, CCTV and access control; "
            "fifteen engineers.",
        talkable_difference="Remote-monitored systems with a 30-minute keyholder "
                            "response, and CCTV the owner can check from a phone.",
        referral_criteria="I refer people who have just had a break-in, a new site or "
                          "an insurer's survey.",
        profiles=(
            Profile(
                title="Commercial premises with high-value stock",
                industry="Warehousing, retail, trade counters, workshops",
                segment="Sites holding stock or tools worth £50k+",
                area="South West England",
                frustration="Insurer demanding a monitored alarm; false alarms; CCTV "
                            "that never catches a face.",
                triggers="A burglary or attempted break-in nearby; an insurer's risk "
                         "requirement; moving into new premises.",
                value="Insurer-approved security, fewer false alarms and evidence that "
                      "stands up.",
                keywords="intruder alarm, CCTV, access control, monitored alarm, "
                         "NSI Gold, keyholding",
            ),
        ),
        groups={HARBOUR: M},
    ),
    Person(
        key="tariq",
        name="Tariq Aziz",
        business="Clearpest Pest Control",
        category="Pest control",
        phone="0117 496 0128",
        website="https://clearpest.example",
        bio="BPCA-certified pest-control technician running a team of five; contracts "
            "for food businesses and landlords.",
        talkable_difference="Discreet unmarked vans, visits outside opening hours and "
                            "a digital log ready for the environmental health officer.",
        referral_criteria="I refer people who handle food, store goods or let property.",
        profiles=(
            Profile(
                title="Food businesses needing a pest-control contract",
                industry="Restaurants, takeaways, food production",
                segment="Kitchens and food stores",
                area="Harbour City and the county",
                frustration="A poor hygiene rating; droppings found during service; "
                            "no paperwork for the inspector.",
                triggers="EHO inspection due; a sighting; a new site opening.",
                value="Routine inspections with documentation that satisfies inspectors "
                      "and insurers.",
                keywords="pest control contract, rodent control, food hygiene, EHO, "
                         "proofing, integrated pest management",
            ),
        ),
        groups={HARBOUR: M},
    ),
    Person(
        key="josh",
        name="Josh Carter",
        business="Keyline Locksmiths",
        category="Locksmith",
        phone="07700 900129",
        website="https://keylinelocks.example",
        bio="Master Locksmiths Association member; commercial locks, master-key systems "
            "and emergency call-outs.",
        talkable_difference="Master-key systems with a registered key that cannot be "
                            "copied without the client's card, and a 45-minute emergency "
                            "response across the city.",
        referral_criteria="I refer people who are moving into premises, losing staff or "
                          "have been broken into.",
        profiles=(
            Profile(
                title="Offices and managed buildings with many key holders",
                industry="Commercial property, schools, clinics",
                segment="Buildings with 20+ doors and changing occupants",
                area="Harbour City",
                frustration="Nobody knows who holds which keys; changing locks every "
                            "time someone leaves.",
                triggers="A dismissal of a key holder; taking a new lease; an audit.",
                value="A restricted master-key system with a key register.",
                keywords="master key system, restricted keys, commercial locks, "
                         "key control, lock change",
            ),
        ),
        groups={HARBOUR: M},
    ),
    Person(
        key="alice",
        name="Alice Moreau",
        business="Plain Words Copywriting",
        category="Copywriter",
        phone="07700 900130",
        website="https://plainwords.example",
        bio="Former newspaper journalist turned copywriter; websites, case studies, "
            "proposals and tender responses for B2B companies.",
        talkable_difference="I interview your best customers and write in their words, "
                            "so the copy sounds like the people you want more of.",
        referral_criteria="I refer people who have a new website, a tender or a launch "
                          "coming up.",
        profiles=(
            Profile(
                title="B2B firms writing tenders and proposals",
                industry="Construction, facilities, professional services",
                segment="Companies bidding for public and corporate contracts",
                area="UK, remote",
                frustration="Tenders lost on quality score; bids written overnight by "
                            "the MD.",
                triggers="A framework opening; a lost tender with feedback; a new bid "
                         "manager.",
                value="Bids that score higher on quality, with reusable case studies.",
                keywords="bid writing, tender responses, case studies, proposals, "
                         "quality score, framework",
            ),
            Profile(
                title="Specialist firms with websites written by engineers",
                industry="Technical services, manufacturing, IT",
                segment="10–100 staff",
                area="UK",
                frustration="Website describes features, not outcomes; nobody "
                            "understands what they do.",
                triggers="A website rebuild; a new sales director; entering a new market.",
                value="Clear messaging that brings better-qualified enquiries.",
                keywords="website copy, messaging, B2B content, SEO copywriting, "
                         "brand voice",
            ),
        ),
        groups={HARBOUR: M},
    ),
    # A former member: her seat went to Sofia, so the category repeats only inactively.
    Person(
        key="nick",
        name="Nicola Shaw",
        business="Shaw Digital",
        category="Web designer",
        phone="0117 496 0131",
        website="https://shawdigital.example",
        bio="Web developer who left the group when she took a full-time role.",
        talkable_difference="Custom web applications for small firms.",
        referral_criteria="I refer people who need something built.",
        profiles=(
            Profile(
                title="Small firms needing bespoke web tools",
                industry="Professional services",
                segment="5–50 staff",
                area="Remote",
                frustration="Off-the-shelf software that does not fit their process.",
                triggers="A spreadsheet that has become a system.",
                value="A simple tool that fits how they work.",
                keywords="web application, bespoke software, automation",
            ),
        ),
        groups={HARBOUR: FORMER},
    ),
    # Riverside Circle only.
    Person(
        key="marta",
        name="Marta Silva",
        business="Riverside Cellars",
        category="Wine merchant",
        phone="0117 496 0132",
        website="https://riversidecellars.example",
        bio="Wine merchant and importer supplying restaurants and corporate gifting.",
        talkable_difference="Wine lists built with the chef, staff trained to sell "
                            "them, and small-grower wines no supermarket stocks.",
        referral_criteria="I refer people who open, run or supply restaurants and bars.",
        profiles=(
            Profile(
                title="Independent restaurants building a wine list",
                industry="Hospitality",
                segment="Restaurants of 40–150 covers",
                area="Harbour City and the coast",
                frustration="Wine list chosen by a distributor on volume deals; low "
                            "margin on wine sales.",
                triggers="New menu; new sommelier or GM; opening.",
                value="A list that sells, with staff who recommend confidently.",
                keywords="wine list, on-trade supply, sommelier training, margin",
            ),
            Profile(
                title="Companies sending client gifts",
                industry="Professional services",
                segment="Firms with 50+ clients to thank",
                area="UK delivery",
                frustration="Generic hampers that nobody remembers.",
                triggers="Christmas planning from September; closing a big deal.",
                value="Memorable, branded gifts delivered on time.",
                keywords="corporate gifts, client gifting, hampers",
            ),
        ),
        groups={RIVERSIDE: M},
    ),
    Person(
        key="zoe",
        name="Zoe Campbell",
        business="Ledgerlight Bookkeeping",
        category="Bookkeeper",
        phone="0117 496 0133",
        website="https://ledgerlight.example",
        bio="Bookkeeper specialising in hospitality: stock, tips and supplier invoices.",
        talkable_difference="Weekly gross-profit figures for kitchens, taken straight "
                            "from supplier invoices and the till.",
        referral_criteria="I refer people who run kitchens and hate paperwork.",
        profiles=(
            Profile(
                title="Restaurants and cafés drowning in supplier invoices",
                industry="Hospitality",
                segment="1–3 sites",
                area="Harbour City",
                frustration="Food cost unknown until the accountant's year-end.",
                triggers="A price rise from a main supplier; margins falling.",
                value="Weekly food-cost percentage and invoices matched automatically.",
                keywords="hospitality bookkeeping, food cost, supplier invoices, "
                         "gross profit",
            ),
        ),
        groups={RIVERSIDE: M},
    ),
)

#: The account the demo tells you to sign in with: organizer of one group, member of both.
DEMO_SIGN_IN = "priya"
DEMO_PASSWORD = "harbour-demo-2024"
