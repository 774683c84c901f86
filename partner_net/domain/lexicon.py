"""Everyday words for problems, mapped to the trades that solve them.

People describe a prospect's need in the words of the problem ("water coming through
the ceiling after the gale"), members describe themselves in the words of their trade
("roofing contractor, flat roofs, slate"). A keyword matcher cannot bridge the two, so
this lexicon does: each :class:`Concept` lists the *cues* a customer uses when they
need that kind of help, and the *terms* a member of that trade uses in a profile.
When a need contains a cue, the matcher looks for the concept's terms in the profiles.

It is written from what customers of each trade say, for trades in general (more than
any one group has), not from any benchmark sentence. Cues are words or short phrases;
the matcher stems both sides, so "leaking" finds the cue "leak". Keep cues specific
to the trade: a word every trade hears ("urgent", "quote", "staff") would only add
noise. A cue may belong to several concepts ("leak" is roofing and plumbing); the
profiles then decide.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Concept:
    key: str
    label: str  # how the matcher names it to a person: "a roofing problem"
    terms: tuple[str, ...]  # words a member of the trade uses about themselves
    cues: tuple[str, ...]  # words and phrases a customer uses about the problem


def _split(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(",") if part.strip())


def concept(key: str, label: str, terms: str, cues: str) -> Concept:
    return Concept(key, label, _split(terms), _split(cues))


CONCEPTS: tuple[Concept, ...] = (
    concept(
        "roofing", "roofing",
        "roof, roofer, roofing, slate, flat roof, guttering, leadwork",
        "damp, leak, leaking, drip, dripping, gale, storm, tile, tiles, slate, slates, "
        "gutter, gutters, downpipe, chimney, flashing, loft, attic, skylight, moss, felt, "
        "ridge, soffit, rain, rain gets in, roof, lead, flat roof, roof tiles, ceiling",
    ),
    concept(
        "plumbing", "plumbing and heating",
        "plumber, plumbing, heating, boiler, gas safe, water, legionella",
        "boiler, radiator, radiators, no hot water, hot water, heating, central heating, "
        "pipe, pipes, burst, burst pipe, leak, leaking, toilet, loo, flush, sink, tap, "
        "taps, drain, blocked, shower, bathroom, cistern, water pressure, flooded, flood, "
        "gas smell, thermostat, water heater, stone cold, pipes bang, water leak, dripping "
        "tap, cold radiators, no heating",
    ),
    concept(
        "electrical", "electrical work",
        "electrician, electrical, wiring, testing, EV charging, charging, lighting",
        "lights, tripping, trips, fuse, fuse box, socket, sockets, plug, sparks, power "
        "cut, no power, wiring, rewire, flickering, electric shock, electric car, car "
        "charger, charge point, electric vehicle, ev, solar panels, safety certificate, "
        "wired, wire, wired in, plug points, power points, electrics, outlet, circuit, "
        "trip switch",
    ),
    concept(
        "building", "building work",
        "builder, building, construction, extension, renovation",
        "extension, knock through, crack, cracks, subsidence, foundations, brickwork, "
        "render, plaster, plastering, loft conversion, garage conversion",
    ),
    concept(
        "carpentry", "joinery",
        "carpenter, joiner, joinery, fitted furniture",
        "skirting, shelves, shelving, wardrobes, staircase, floorboards, window frames, "
        "sash",
    ),
    concept(
        "decorating", "decorating",
        "painter, decorator, decorating",
        "repaint, painting, wallpaper, peeling",
    ),
    concept(
        "locks", "locks and keys",
        "locksmith, locks, keys, master key, lock change, key control",
        "locked out, lock, locks, key, keys, spare key, lost keys, door won't open, "
        "jammed, change the locks, key holder, keyholder, padlock, one key, every door, "
        "master key, keys cut",
    ),
    concept(
        "security", "security systems",
        "security, alarm, intruder alarm, CCTV, access control, monitored alarm",
        "break-in, broken into, burglary, burgled, burglar, theft, stolen, robbed, "
        "thieves, intruder, vandal, vandalism, cameras, camera, cctv, alarm, alarms, door "
        "entry, fob, fobs, shoplifting, shoplifters, nicking, nicked, pinching, thieving, "
        "stealing, steal, at night, security",
    ),
    concept(
        "pests", "pests",
        "pest control, pest, rodent, proofing",
        "rat, rats, mouse, mice, droppings, vermin, rodents, cockroach, cockroaches, "
        "wasps, wasp nest, ants, bed bugs, fleas, pigeons, moths, infestation, nest, "
        "flies, bugs, pest, pests, squirrels",
    ),
    concept(
        "cleaning", "cleaning",
        "cleaning, cleaner, cleaners, contract cleaning, deep clean, janitorial",
        "filthy, dirty, mess, messy, grime, grease, greasy, mucky, dust, dusty, hoover, "
        "hoovering, mop, windows cleaned, cleaners, cleaning, deep clean, end of tenancy "
        "clean, carpets cleaned, grubby, stained, smelly, disgusting, disgrace, scruffy, "
        "hygiene, clean",
    ),
    concept(
        "gardening", "gardens and grounds",
        "gardener, landscaping, grounds maintenance",
        "garden, lawn, hedge, hedges, overgrown, weeds, trees, tree surgeon, patio, fence, "
        "fencing",
    ),
    concept(
        "interiors", "interior design",
        "interior design, interior designer, interiors, office design, fit-out, "
        "refurbishment, space planning, restaurant design",
        "dated, old-fashioned, shabby, makeover, revamp, layout, redesign, redecorate, "
        "refurb, refurbish, decor, furniture, hot desks, hot desking, open plan, meeting "
        "rooms, colour scheme, feel, modern, modernise, calmer, look and feel, atmosphere, "
        "ambience, tired, new look, design",
    ),
    concept(
        "premises", "space to rent",
        "workshop to let, units, unit, studio space, premises, flexible lease, commercial "
        "landlord, small business units, trade counter",
        "workshop, unit, units, studio, yard, garage, spare room, somewhere to work, work "
        "from, working from home, move out of the house, storage space, outgrown, "
        "outgrowing, rent a space, office space, warehouse space, lock-up, premises, room, "
        "out of room, running out of room, more room, more space, space, place of their "
        "own, industrial estate, trading estate",
    ),
    concept(
        "mortgage", "mortgages",
        "mortgage, mortgages, remortgage, lender, buy-to-let, mortgage broker",
        "mortgage, remortgage, fixed rate, fixed deal, borrow, borrowing, lend, lender, "
        "bank, buy a house, buy a home, first home, first flat, deposit, monthly payments, "
        "repayments, interest rate, equity, buy to let, btl, first-time buyer, first time "
        "buyer, afford a house",
    ),
    concept(
        "estate", "selling or letting a home",
        "estate agent, house sale, valuation, letting, lettings, property management, "
        "tenant, downsizing",
        "sell up, on the market, downsize, downsizing, valuation, what's it worth, "
        "viewings, buyers, rent out, letting, tenants, tenant, landlord, flat, house, "
        "home, chain, sale fell through, moving house, move house, relocating, sell, "
        "selling, sale, letting agent, relocate, move abroad, property",
    ),
    concept(
        "wealth", "financial planning",
        "financial planner, financial planning, retirement planning, pension, inheritance "
        "tax, estate planning, investments",
        "retire, retiring, retirement, pension, pensions, savings, invest, investing, nest "
        "egg, inheritance, inheritance tax, inherit, dies, passes away, will, death "
        "duties, care home fees, care fees, grandchildren, lump sum, windfall, money from "
        "the sale, proceeds, estate planning, investments, financial advice, financial "
        "adviser",
    ),
    concept(
        "insurance", "insurance",
        "insurance, insurance broker, cover, policy, public liability, liability, business "
        "interruption, claims, renewal, premiums",
        "policy, premium, premiums, renewal, renewals, insurer, insurers, insured, "
        "insurance, cover, claim, claims, certificate, liability, excess, payout, didn't "
        "pay out, won't pay out, underinsured, accident on site, insure, underwriter, no "
        "cover, loss adjuster, fire damage",
    ),
    concept(
        "legal", "legal matters",
        "solicitor, legal, lease, commercial lease, shareholders' agreement, contract, "
        "company sale, buy-out, dispute",
        "small print, lease, contract, contracts, agreement, lawyer, lawyers, legal, sue, "
        "sued, court, dispute, fallen out, falling out, buy out, bought out, shares, "
        "shareholder, partnership, break clause, terms, will, probate, sign for, before "
        "signing, rent review, rent increase, rights, allowed to, legally, eviction, "
        "evict, debt recovery, trademark, partnership agreement, conveyancing, solicitor",
    ),
    concept(
        "accounts", "accounts and tax",
        "accountant, accounts, tax, corporation tax, year-end, management accounts, "
        "dividends, profit and loss",
        "tax bill, tax return, taxes, tax, corporation tax, year end, accounts, "
        "accountant, salary or dividends, dividends, limited company, ltd, profit, "
        "profits, loss, losses, margins, hmrc, revenue, salary, pay himself, pay herself, "
        "pay yourself, self assessment, tax year, expenses, capital gains, cash flow, "
        "cashflow",
    ),
    concept(
        "bookkeeping", "bookkeeping",
        "bookkeeping, bookkeeper, xero, VAT returns, credit control, reconciliation",
        "receipts, paperwork, invoices, invoice, unpaid invoices, chasing payment, chase "
        "payment, late payers, owed money, bank statements, vat, vat return, books, "
        "spreadsheet, quickbooks, sage, xero, bin bag, carrier bag, shoebox, sort it out, "
        "bookkeeper, reconcile, bookkeeping",
    ),
    concept(
        "payroll", "payroll",
        "payroll, payroll bureau, payslips, pension auto-enrolment, holiday pay, RTI, "
        "timesheets",
        "wages, pay day, payday, payslip, payslips, holiday pay, overtime, shifts, shift "
        "workers, hourly, timesheets, tips, tronc, paye, auto-enrolment, workplace "
        "pension, sick pay, maternity pay, paid wrong, pay, pension contributions, staff "
        "pay",
    ),
    concept(
        "hr", "staff and HR",
        "HR, human resources, employment contracts, staff handbook, disciplinary, "
        "grievance, redundancy",
        "employee, employees, staff, member of staff, sack, sacking, dismiss, dismissal, "
        "warning, disciplinary, grievance, tribunal, contract, contracts, handbook, "
        "redundancy, redundancies, restructure, sickness, off sick, bullying, hiring, "
        "recruit, recruiting, complaint, formal complaint, supervisor, employment, "
        "absence, let go, staff problem, hr, probation, appraisal",
    ),
    concept(
        "it", "IT",
        "IT support, managed IT, helpdesk, backup, cyber security, Microsoft 365, network, "
        "phishing",
        "computer, computers, laptop, laptops, pc, server, emails, email, outlook, wifi, "
        "wi-fi, internet, network, virus, hacked, hackers, hacker, scam email, phishing, "
        "ransomware, passwords, backup, backups, cloud, office 365, microsoft, tech "
        "support, cyber, software, onedrive, sharepoint, log in, login, new starter, slow "
        "computer, tech, technology, printer driver",
    ),
    concept(
        "web", "websites",
        "website, web design, web designer, WordPress, SEO, online booking, table booking",
        "website, web site, web page, google, search results, book online, booking online, "
        "online bookings, booking system, online shop, domain, homepage, landing page, "
        "seo, web, pages, web pages, update the site, google maps, google reviews, "
        "ecommerce, enquiries online, online booking",
    ),
    concept(
        "copy", "writing",
        "copywriter, copywriting, bid writing, tenders, case studies, proposals, website "
        "copy, messaging",
        "tender, tenders, bid, bids, bidding, framework, proposal, proposals, jargon, "
        "brochure text, blog, newsletter, case study, copy, wording, rewrite, rewriting, "
        "reads like, tone of voice, messaging, proofread, copywriter",
    ),
    concept(
        "photo", "photography",
        "photographer, photography, headshots, team photography, interior photography",
        "photos, photo, pictures, picture, photographs, headshot, headshots, portraits, "
        "shoot, photoshoot, product shots, images, shot, photographed, photographer, "
        "portrait",
    ),
    concept(
        "print", "printing",
        "printer, print, printing, brochures, leaflets, large format, exhibition graphics",
        "leaflets, flyers, brochures, brochure, prospectus, business cards, banners, "
        "banner, posters, poster, booklets, catalogue, printed, printing, exhibition, "
        "pop-up stand, roller banner, stationery, print, flyer, order of service, "
        "invitations, labels, packaging, menus printed, print run",
    ),
    concept(
        "signs", "signs",
        "signage, signs, sign maker, shopfront, illuminated signs, vehicle graphics, van "
        "wraps",
        "sign, signs, over the door, above the door, shop front, shopfront, lettering, "
        "logo on, van wrap, wrap, livery, stickers, fascia, a-board, neon, letters, big "
        "letters, front of the building, illuminated, lit, lit up, see it from the road, "
        "signage",
    ),
    concept(
        "pos", "tills and card payments",
        "EPOS, point of sale, till, card terminals, kitchen display, stock control",
        "till, tills, card machine, card machines, card reader, contactless, takes cards, "
        "ordering system, cash up, cashing up, stock count, stock control, stocktake, "
        "epos, tap to pay, kitchen tickets",
    ),
    concept(
        "fleet", "vans and vehicles",
        "van leasing, fleet, vans, vehicles, contract hire, fleet management",
        "van, vans, vehicle, vehicles, lorry, pickup, pickups, company car, company cars, "
        "breakdown, breakdowns, mot, off the road, mileage, clean air zone, ulez, electric "
        "van, old vans, lease, leasing, fleet",
    ),
    concept(
        "flowers", "flowers",
        "florist, flowers, floristry, wedding florist, arrangements, displays",
        "flowers, bouquet, bouquets, wedding, funeral, wreath, buttonholes, table centres, "
        "centrepieces, plants, valentine's, mother's day, anniversary, blooms, roses, "
        "lilies, arrangement, arrangements, hand-tied, greenery",
    ),
    concept(
        "catering", "food for events",
        "caterer, catering, event catering, corporate catering, canapés, menus",
        "food, lunch, buffet, christmas party, canapes, dinner, vegan, vegetarian, "
        "gluten-free, gluten free, dietary, allergies, hog roast, wedding breakfast, "
        "nibbles, drinks, canapés, party, event, catering, bbq, barbecue, finger food, "
        "menu, hosting, christmas do, office party",
    ),
    concept(
        "physio", "aches and injuries",
        "physiotherapist, physiotherapy, physio, back pain, sports injury, rehabilitation",
        "back, bad back, back pain, neck, shoulder, knee, ankle, hip, aches, ache, aching, "
        "pain, sore, sprained, pulled a muscle, injury, injured, limping, stiff, posture, "
        "sciatica, hurting, hurt, injuries, shoulders, lifting, strain, strained, physio, "
        "my back, his back, her back",
    ),
    concept(
        "coaching", "running the business",
        "business coach, coaching, growth, leadership, delegation, accountability, "
        "planning",
        "all hours, long hours, burnt out, burnout, overwhelmed, stuck, plateau, can't "
        "switch off, no time, grow, growing, growth, strategy, decide everything, "
        "bottleneck, delegate, delegating, micromanage, can't let go, plan, business plan, "
        "coach, mentor",
    ),
    concept(
        "dental", "teeth",
        "dentist, dental",
        "tooth, teeth, toothache, filling, braces, gums",
    ),
    concept(
        "vehicle_repair", "car repairs",
        "mechanic, garage, car repairs, servicing",
        "car won't start, brakes, clutch, exhaust, engine light",
    ),
    concept(
        "travel", "travel",
        "travel agent, travel, holidays",
        "flights, honeymoon, cruise, group travel",
    ),
)

BY_KEY: dict[str, Concept] = {c.key: c for c in CONCEPTS}
