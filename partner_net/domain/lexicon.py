"""Everyday words for problems, mapped to the trades that solve them.

People describe a prospect's need in the words of the problem ("water coming through
the ceiling after the gale"), members describe themselves in the words of their trade
("roofing contractor, flat roofs, slate"). A keyword matcher cannot bridge the two, so
this lexicon does: each :class:`Concept` lists the *cues* a customer uses when they
need that kind of help, and the *terms* a member of that trade uses in a profile.
When a need contains a cue, the matcher looks for the concept's terms in the profiles.

It is written from what customers of each trade say, for trades in general (more than
any one group has), not from any benchmark sentence: the problems, symptoms,
situations and objects of the trade. Cues are words or short phrases; the matcher
stems both sides, so "leaking" finds the cue "leak", and a phrase cue counts more
than a word. Keep cues specific to the trade: a word every trade hears ("urgent",
"quote", "staff") would only add noise. A word that often means something else
("back", "site", "space", "house") goes in ``weak``: it still points to the trade, but
counts for less than a real cue. A cue may belong to several concepts ("leak" is
roofing and plumbing); it then counts for less in each, and the profiles decide.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Concept:
    key: str
    label: str  # how the matcher names it to a person: "a roofing problem"
    terms: tuple[str, ...]  # words a member of the trade uses about themselves
    cues: tuple[str, ...]  # words and phrases a customer uses about the problem
    weak: tuple[str, ...] = ()  # cues that often mean something else: they count less


def _split(text: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(part.strip() for part in text.split(",") if part.strip()))


def concept(key: str, label: str, terms: str, cues: str, weak: str = "") -> Concept:
    return Concept(key, label, _split(terms), _split(cues), _split(weak))


CONCEPTS: tuple[Concept, ...] = (
    concept(
        "roofing", "roofing",
        "roof, roofer, roofing, slate, flat roof, guttering, leadwork",
        "roof, roofs, leaky roof, roof leak, leaking roof, damp, "
        "leak, leaking, leaks, drip, dripping, drips, bucket, buckets, water "
        "coming in, water getting in, rain gets in, rain coming in, water through the "
        "ceiling, stain on the ceiling, ceiling stain, brown stain, ceiling, gale, gales, "
        "storm, storms, storm damage, high winds, wind, blown off, blew off, hail, heavy "
        "rain, rain, rainwater, tile, tiles, roof tiles, loose tiles, missing tiles, ridge "
        "tiles, slate, slates, slipped slates, missing slates, gutter, gutters, guttering, "
        "overflowing gutters, blocked gutters, downpipe, downpipes, chimney, chimney stack, "
        "flashing, lead, leadwork, lead flashing, flat roof, felt, felt roof, rubber roof, "
        "asphalt, loft, attic, skylight, skylights, velux, roof light, dormer, moss, "
        "lichen, ridge, soffit, soffits, sagging roof, roof sheets, corrugated, cladding, "
        "rusty roof, asbestos roof, scaffolding",
        "roofer, eaves, overflow, overflowing",
    ),
    concept(
        "plumbing", "plumbing and heating",
        "plumber, plumbing, heating, boiler, gas safe, water, legionella",
        "boiler, boilers, combi, boiler service, boiler broke, boiler packed up, radiator, "
        "radiators, cold radiators, bleed the radiators, no hot water, hot water, "
        "lukewarm, heating, central heating, no heating, heating not working, underfloor "
        "heating, thermostat, pipe, pipes, pipework, burst, burst pipe, frozen pipes, "
        "pipes bang, banging pipes, noisy pipes, leak, leaking, leaks, water leak, leaking "
        "pipe, dripping tap, dripping, toilet, toilets, loo, loos, urinal, urinals, flush, "
        "cistern, blocked toilet, sink, sinks, basin, tap, taps, drain, drains, blocked "
        "drain, blocked, drains slowly, sewage, shower, showers, bath, bathroom, "
        "bathrooms, wet room, water pressure, low pressure, no water, flooded, flood, "
        "flooding, stopcock, valve, water tank, cylinder, immersion, "
        "water heater, stone cold, gas smell, smell gas, gas leak, gas safety, gas "
        "certificate, gas, dishwasher plumbed, washing machine, limescale",
        "plumber, freezing, cold, water, ceiling",
    ),
    concept(
        "electrical", "electrical work",
        "electrician, electrical, wiring, testing, EV charging, charging, lighting",
        "electrics, electrical, electric, lights, light fittings, lighting, "
        "flickering, flickering lights, lights flicker, downlights, spotlights, emergency "
        "lighting, outside lights, tripping, trips, tripped, trip switch, "
        "fuse, fuses, blown fuse, fuse box, fuse board, consumer unit, breaker, circuit "
        "breaker, rcd, circuit, circuits, socket, sockets, plug socket, plug sockets, "
        "plug, plugs, plug points, power points, outlet, outlets, extension leads, sparks, "
        "sparking, burning smell, buzzing, power cut, no power, lost power, power, "
        "wiring, wired, wire, wires, wired in, rewire, rewiring, cable, cables, electric "
        "shock, shock, got a shock, safety certificate, electrical certificate, "
        "electrical safety, eicr, pat test, pat testing, electric car, electric cars, car "
        "charger, car charging, charge point, charging point, charging points, charger, "
        "chargers, electric vehicle, ev, solar panels, solar, battery storage, oven, "
        "ovens, cooker, hob, three phase, extractor fan, heaters",
        "electrician, charging, bang",
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
        "locked out, lock, locks, lock broken, broken lock, lock jammed, stiff lock, key, "
        "keys, spare key, spare keys, lost key, lost keys, lost their keys, lost the "
        "keys, keys stolen, key snapped, snapped key, key stuck, keys cut, cut a key, "
        "copy of the key, copies of the keys, keys copied, door won't open, door won't "
        "lock, won't lock, can't lock, can't get in, jammed, change the locks, new locks, "
        "lock change, key holder, key holders, keyholder, padlock, padlocks, deadlock, "
        "mortice, euro cylinder, lock snapping, door handle, keyless, key safe, master "
        "key, one key, every door, took the keys, kept "
        "the keys, keys back, set of keys, who has keys",
        "locksmith, door, doors, back door, front door",
    ),
    concept(
        "security", "security systems",
        "security, alarm, intruder alarm, CCTV, access control, monitored alarm",
        "break-in, break in, broke in, broken into, burglary, burgled, burglar, burglars, "
        "theft, thefts, stolen, stole, robbed, robbery, thieves, thief, intruder, "
        "intruders, trespassers, vandal, vandals, vandalism, vandalised, graffiti, ram "
        "raid, smashed, smashed window, window smashed, forced entry, forced the door, "
        "crowbar, shutters, roller shutters, cameras, camera, security cameras, cctv, "
        "footage, caught on camera, blind spots, floodlights, security lights, motion "
        "sensor, sensors, alarm, alarms, burglar alarm, alarm going off, false alarms, "
        "alarm system, monitored, door entry, intercom, fob, fobs, key fob, swipe card, "
        "swipe cards, access control, who comes and goes, panic button, lone worker, "
        "shoplifting, shoplifters, nicking, nicked, pinching, thieving, stealing, steal, "
        "tools stolen, stock stolen, at night, overnight, security, antisocial",
        "gates, gate, yard",
    ),
    concept(
        "pests", "pests",
        "pest control, pest, rodent, proofing",
        "rat, rats, mouse, mice, droppings, mouse droppings, rat droppings, gnawed, "
        "chewed, nibbled, scratching, scratching noises, noises in the ceiling, squeaking, "
        "vermin, rodent, rodents, cockroach, cockroaches, roaches, beetles, weevils, "
        "insects, flies, fruit flies, ants, wasps, wasp, wasp nest, wasps nest, hornets, "
        "bees, nest, nests, nesting, pigeons, pigeon, gulls, seagulls, bird droppings, "
        "bird spikes, bird netting, squirrels, foxes, moths, clothes moths, bed bugs, "
        "bedbugs, bites, fleas, silverfish, infestation, infested, crawling, creepy "
        "crawlies, traps, poison, bait, exterminator, pest, pests, pest control",
        "birds, holes, environmental health, eho",
    ),
    concept(
        "cleaning", "cleaning",
        "cleaning, cleaner, cleaners, contract cleaning, deep clean, janitorial",
        "filthy, dirty, dirt, mess, messy, untidy, grime, grimy, grease, greasy, mucky, "
        "grubby, dust, dusty, cobwebs, stains, stained, sticky, smelly, smells, stinks, "
        "stinking, odour, disgusting, disgrace, scruffy, hoover, hoovering, vacuum, "
        "vacuuming, mop, mopping, polish, sanitise, disinfect, germs, hygiene, hygiene "
        "rating, food hygiene, bins overflowing, never emptied, rubbish, litter, "
        "windows cleaned, window cleaning, carpets cleaned, carpet cleaning, carpets, "
        "washrooms, deep clean, spring clean, clean up, end of tenancy clean, after the "
        "builders, builders dust, cleaning, clean, spotless, tidy",
        "cleaner, cleaners, bins, toilets, kitchen, inspection, environmental health",
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
        "dated, old-fashioned, shabby, drab, tired, makeover, revamp, facelift, refresh, "
        "do up, done up, redo, redone, new look, whole new look, look and feel, feel, "
        "vibe, atmosphere, ambience, mood, cosy, luxurious, luxury, upmarket, stylish, "
        "layout, floor plan, open plan, reconfigure, redesign, redecorate, refurb, "
        "refurbish, refurbishment, fit out, fit-out, decor, furniture, furnishing, "
        "furnish, soft furnishings, fabrics, colour scheme, colours, hot desks, hot "
        "desking, hybrid, hybrid working, desks, fewer desks, meeting rooms, meeting "
        "spaces, breakout space, breakout area, booths, quiet room, cramped, cluttered, "
        "acoustics, echo, echoey, modern, modernise, calmer, interior, interiors, "
        "design",
        "interior designer, dark, gloomy, reception, lobby, look, looks, style",
    ),
    concept(
        "premises", "space to rent",
        "workshop to let, units, unit, studio space, premises, flexible lease, commercial "
        "landlord, small business units, trade counter",
        "outgrown, outgrowing, outgrow, too small, no room, out of room, running out of "
        "room, out of space, running out of space, more room, more space, bigger place, "
        "somewhere bigger, somewhere to work, work from, working from home, from home, "
        "move out of the house, spare room, back bedroom, garden shed, shed, lock-up, "
        "lockup, storage space, store stock, warehouse space, office space, desk space, "
        "small unit, industrial unit, light industrial, loading bay, roller door, trade "
        "counter, studio space, premises, first premises, place of their own, rent a "
        "space, rent a unit, to let, short lease, flexible lease, industrial estate, "
        "trading estate, business park, move into",
        "workshop, unit, units, studio, yard, garage, room, space, storage, estate, "
        "warehouse, somewhere",
    ),
    concept(
        "mortgage", "mortgages",
        "mortgage, mortgages, remortgage, lender, buy-to-let, mortgage broker",
        "mortgage, mortgages, remortgage, remortgaging, home loan, fixed rate, fixed "
        "deal, fixed rate ending, tracker, variable rate, interest rate, interest rates, "
        "rate rise, rates going up, borrow, borrowing, how much can they borrow, lend, "
        "lending, lender, lenders, turned down, declined, refused, deposit, "
        "buy a house, buying a house, buy a home, buying a home, buy a "
        "flat, first home, first house, first flat, first-time buyer, first time buyer, "
        "first time buyers, afford a house, house hunting, found a house, offer accepted, "
        "agreement in principle, decision in principle, monthly payments, repayments, "
        "equity, release equity, buy to let, btl, second property, portfolio, bad credit, "
        "credit score, credit history, affordability, bridging, bridging loan",
        "bank, self-employed, income, payments, jump, flat, house, home",
    ),
    concept(
        "estate", "selling or letting a home",
        "estate agent, house sale, valuation, letting, lettings, property management, "
        "tenant, downsizing",
        "sell up, selling up, sell the house, selling the house, sell their house, sell "
        "the flat, on the market, put it on the market, asking "
        "price, what's it worth, how much it's worth, worth, value the house, valuation, "
        "valued, viewings, viewing, buyers, chain, sale fell through, fell through, "
        "completion, for sale, downsize, downsizing, smaller place, "
        "moving house, move house, moving home, relocate, relocating, move abroad, moving "
        "abroad, emigrating, divorce, separating, split up, probate, passed "
        "away, empty house, parents' house, mum's house, dad's house, rent "
        "out, rent it out, let out, letting, lettings, tenants, tenant, "
        "find tenants, accidental landlord, landlord, rent collection, property "
        "management, sell, selling, sale",
        "estate agent, letting agent, house, flat, home, property, moving, move, market, "
        "offer, sold, died",
    ),
    concept(
        "wealth", "financial planning",
        "financial planner, financial planning, retirement planning, pension, inheritance "
        "tax, estate planning, investments",
        "retire, retiring, retirement, retired, give up work, wind down, "
        "pension, pensions, pension pot, state pension, annuity, drawdown, savings, nest "
        "egg, invest, investing, investment, investments, isa, isas, stocks and shares, "
        "lump sum, windfall, inheritance, inheritance tax, inherit, inherited, leave "
        "money to, pass on, grandchildren, gifting, gifts, trust, trusts, make a will, "
        "write a will, care home, care home fees, care fees, care costs, nursing home, "
        "dies, passes away, death duties, money from the sale, proceeds, "
        "selling the business, sold "
        "the business, cash in the bank, financial advice, financial adviser, wealth, "
        "afford to retire, enough to live on, estate planning",
        "money, save, later life, future",
    ),
    concept(
        "insurance", "insurance",
        "insurance, insurance broker, cover, policy, public liability, liability, business "
        "interruption, claims, renewal, premiums",
        "insurance, insure, insured, insurer, insurers, insurance company, policy, "
        "policies, premium, premiums, renewal, renewals, renewal price, doubled, "
        "not covered, no cover, underinsured, uninsured, claim, claims, "
        "claiming, made a claim, claim rejected, won't pay out, didn't pay out, refused to "
        "pay, pay out, payout, loss adjuster, excess, public liability, employers "
        "liability, liability, professional indemnity, indemnity, business interruption, "
        "closed for, fire, fire damage, flood damage, storm damage, slipped, slipped on, "
        "tripped over, accident, accident on site, compensation, certificate of "
        "insurance, proof of cover, underwriter",
        "broker, cover, covered, covering, certificate, fire, flood, threatening to claim, sued",
    ),
    concept(
        "legal", "legal matters",
        "solicitor, legal, lease, commercial lease, shareholders' agreement, contract, "
        "company sale, buy-out, dispute",
        "legal, legally, legal advice, contract, "
        "contracts, agreement, agreements, small print, terms, terms and conditions, sign "
        "for, before signing, before they sign, lease, leases, new lease, ten year lease, "
        "break clause, rent review, rent increase, dilapidations, heads "
        "of terms, dispute, disputes, fall out, fallen out, falling out, partner wants "
        "out, buy out, bought out, buyout, shares, shareholder, shareholders, "
        "partnership, partnership agreement, company sale, due diligence, sue, sued, "
        "suing, court, small claims, letter before action, owes money, won't pay, refuse "
        "to pay, debt, debts, debt recovery, chase a debt, copyright, trademark, "
        "intellectual property, copied, breach, breach of contract, rights, allowed to, "
        "eviction, evict, conveyancing, probate, a will, power of attorney",
        "solicitor, solicitors, lawyer, lawyers, sign, signing, checked, read, letters, "
        "rent",
    ),
    concept(
        "accounts", "accounts and tax",
        "accountant, accounts, tax, corporation tax, year-end, management accounts, "
        "dividends, profit and loss",
        "accounts, annual accounts, tax, taxes, tax bill, tax "
        "return, tax returns, tax year, self assessment, corporation tax, hmrc, taxman, "
        "tax man, revenue, year end, filing, companies house, limited company, gone "
        "limited, go limited, ltd, sole trader, dividends, salary or dividends, pay "
        "himself, pay herself, pay yourself, drawings, profit, profits, loss, losses, made "
        "a loss, margins, cash flow, cashflow, forecast, budget, expenses, capital gains, "
        "r&d tax credits, tax investigation, owe tax, how much tax, tax efficient, "
        "management accounts, numbers",
        "accountant, accountants, turnover, penalty, self-employed, money, owes",
    ),
    concept(
        "bookkeeping", "bookkeeping",
        "bookkeeping, bookkeeper, xero, VAT returns, credit control, reconciliation",
        "books, bookkeeping, receipts, receipt, paperwork, invoices, invoice, "
        "invoicing, unpaid invoices, chasing payment, chase payment, chasing invoices, "
        "owed money, customers owe, who owes, owe him, owe her, late payers, late "
        "payment, credit control, bank statements, reconcile, reconciling, spreadsheet, "
        "spreadsheets, quickbooks, sage, xero, vat, vat return, vat returns, making tax "
        "digital, mtd, carrier bag, bin bag, shoebox, shoe box, drawer full, piles of "
        "paperwork, sort it out, admin, bills, petty cash, keep track, what she spent, "
        "what he spent, spending",
        "bookkeeper, owe, owes, mess, deadline",
    ),
    concept(
        "payroll", "payroll",
        "payroll, payroll bureau, payslips, pension auto-enrolment, holiday pay, RTI, "
        "timesheets",
        "wages, wage, pay day, payday, paid late, paid wrong, paid the wrong, wrong "
        "amount, underpaid, overpaid, paying staff, pay the staff, payslip, payslips, "
        "p60, p45, p11d, paye, rti, national insurance, tax code, holiday pay, sick pay, "
        "ssp, maternity pay, paternity pay, overtime, shifts, shift workers, hourly, "
        "hourly rate, minimum wage, living wage, timesheets, clocking in, tips, tronc, "
        "service charge, auto-enrolment, auto enrolment, workplace pension, pension "
        "contributions, pensions regulator, payroll, staff pay, does the wages, runs the "
        "wages, end of the month, seasonal staff, casual staff",
        "pay, paid, paying, maternity, pension",
    ),
    concept(
        "hr", "staff and HR",
        "HR, human resources, employment contracts, staff handbook, disciplinary, "
        "grievance, redundancy",
        "employee, employees, member of staff, members of staff, team member, worker, "
        "workers, sack, sacked, sacking, fire him, fire her, let go, "
        "dismiss, dismissed, dismissal, unfair dismissal, warning, written warning, "
        "disciplinary, grievance, complaint, formal complaint, tribunal, employment "
        "tribunal, contract of employment, employment contract, employment contracts, no "
        "contracts, handbook, staff handbook, redundancy, redundancies, restructure, "
        "sickness, off sick, long-term sick, absence, lateness, "
        "attitude, rude, misconduct, bullying, harassment, discrimination, not speaking, "
        "conflict, underperforming, performance, probation, appraisal, appraisals, "
        "hiring, recruit, recruiting, recruitment, first employee, first employees, "
        "taking on staff, right to work, flexible working, resigned, notice, supervisor, "
        "employment, staff problem, hr",
        "staff, team, late, contracts, contract, manager, boss",
    ),
    concept(
        "it", "IT",
        "IT support, managed IT, helpdesk, backup, cyber security, Microsoft 365, network, "
        "phishing",
        "computer, computers, pc, pcs, laptop, laptops, mac, server, servers, network, "
        "wifi, wi-fi, internet, broadband, keeps dropping, drops out, email, emails, "
        "outlook, inbox, spam, scam email, dodgy email, phishing, hacked, hack, hackers, "
        "hacker, virus, viruses, malware, ransomware, password, passwords, log in, login, "
        "two factor, microsoft, office 365, microsoft 365, teams, onedrive, sharepoint, "
        "cloud, backup, backups, no backup, lost files, files, data, data breach, cyber, "
        "cyber essentials, tech, tech support, it support, helpdesk, technology, new "
        "starter, slow computer, blue screen, software, updates, phone "
        "system, printer driver",
        "printer, printers, crashed, crashing, slow, screen",
    ),
    concept(
        "web", "websites",
        "website, web design, web designer, WordPress, SEO, online booking, table booking",
        "website, websites, web site, web page, web pages, webpage, homepage, landing "
        "page, google, search results, show up on google, ranking, "
        "rankings, seo, book online, booking online, online bookings, online booking, "
        "booking system, booking form, contact form, enquiry form, online shop, "
        "ecommerce, sell online, shopify, wordpress, wix, squarespace, domain, domain "
        "name, hosting, google maps, google reviews, mobile friendly, on "
        "mobiles, loads slowly, broken links, update the site, enquiries online, online "
        "presence, web, app",
        "web designer, site, pages, online, mobile, search, phone",
    ),
    concept(
        "copy", "writing",
        "copywriter, copywriting, bid writing, tenders, case studies, proposals, website "
        "copy, messaging",
        "tender, tenders, bid, bids, bidding, pitch, framework, proposal, proposals, rfp, "
        "pqq, case study, case studies, about us, about page, product descriptions, "
        "jargon, waffle, brochure text, blog, blogs, articles, newsletter, newsletters, "
        "copy, wording, words, rewrite, rewriting, write, writing, written, reads like, "
        "sounds like, tone, tone of voice, messaging, proofread, "
        "proofreading, grammar, typos, spelling mistakes, press release, slogan, tagline, "
        "linkedin posts, copywriting",
        "copywriter, boring, dull, text, content, manual",
    ),
    concept(
        "photo", "photography",
        "photographer, photography, headshots, team photography, interior photography",
        "photos, photo, pictures, picture, pics, photographs, photograph, photography, "
        "headshot, headshots, portraits, portrait, profile photo, profile photos, profile "
        "picture, team photo, staff photos, selfies, selfie, shoot, photoshoot, product "
        "shots, product photos, food photos, shots, shot, images, stock photos, blurry, "
        "grainy, drone footage, photographed",
        "photographer, image, awards, dark",
    ),
    concept(
        "print", "printing",
        "printer, print, printing, brochures, leaflets, large format, exhibition graphics",
        "leaflets, leaflet, flyers, flyer, brochures, brochure, prospectus, business "
        "cards, letterheads, compliment slips, banners, banner, roller banner, pull-up "
        "banner, posters, poster, booklets, booklet, catalogue, catalogues, programmes, "
        "programme, printed, printing, print, print run, reprint, exhibition, exhibition "
        "stand, pop-up stand, stationery, order of service, invitations, "
        "invites, postcards, calendars, christmas cards, vouchers, tickets, labels, "
        "packaging, menus printed, glossy, large format, artwork, proofs",
        "menus, menu, stickers, copies, cards",
    ),
    concept(
        "signs", "signs",
        "signage, signs, sign maker, shopfront, illuminated signs, vehicle graphics, van "
        "wraps",
        "sign, signs, signage, shop sign, new sign, sign outside, over the door, above "
        "the door, name outside, name above, shop front, shopfront, fascia, lettering, "
        "letters, big letters, logo on, logo on the wall, logo all over, vinyl, window "
        "vinyl, window graphics, frosting, van wrap, wrap, wraps, livery, stickers, "
        "a-board, pavement sign, hanging sign, illuminated, lit, lit up, light up sign, "
        "neon, totem, wayfinding, directional signs, from the street, see "
        "it from the road, front of the building, signage",
        "logo, outside, noticed, visible, street, road",
    ),
    concept(
        "pos", "tills and card payments",
        "EPOS, POS, point of sale, till, card terminals, kitchen display, stock control",
        "till, tills, till system, epos, pos, point of sale, card machine, card machines, "
        "card reader, card terminal, card payments, contactless, chip and pin, tap to "
        "pay, apple pay, takes cards, cashless, receipt printer, cash up, cashing up, end "
        "of day, takings, sales figures, stock control, stock levels, stocktake, stock "
        "count, wastage, table ordering, order at the table, order from their phones, qr "
        "code, click and collect, kitchen screen, kitchen display, kitchen tickets, orders "
        "lost, orders getting lost, split the bill, bar tabs, queue at the bar, ordering "
        "system, payments failing",
        "stock, crashing, crashes, freezes, orders, missing",
    ),
    concept(
        "fleet", "vans and vehicles",
        "van leasing, fleet, vans, vehicles, contract hire, fleet management",
        "van, vans, vehicle, vehicles, fleet, lorry, lorries, truck, trucks, pickup, "
        "pickups, minibus, company car, company cars, car allowance, leasing, contract "
        "hire, van hire, broken down, breakdown, breakdowns, "
        "off the road, in the garage, repair bill, repair bills, mot, mots, tyres, "
        "mileage, high mileage, old vans, new vans, more vans, extra vans, electric vans, "
        "diesel, diesel vans, clean air zone, ulez, emissions, fuel, fuel costs, "
        "courier, delivery vans, telematics",
        "lease, hire, repairs, service, servicing, drivers",
    ),
    concept(
        "flowers", "flowers",
        "florist, flowers, floristry, wedding florist, arrangements, displays",
        "flowers, flower, floral, bouquet, bouquets, bunch of flowers, posy, "
        "arrangement, arrangements, fresh flowers, wreath, wreaths, funeral, funeral "
        "flowers, sympathy, buttonholes, corsages, table centres, centrepieces, flower "
        "wall, greenery, foliage, plants, potted plants, roses, lilies, tulips, peonies, "
        "sunflowers, orchids, valentine's, mother's day, anniversary, get well, send "
        "flowers, blooms, hand-tied, something pretty",
        "florist, wedding, bride, display, displays, birthday, lobby, reception, fresh, pretty",
    ),
    concept(
        "catering", "food for events",
        "caterer, catering, event catering, corporate catering, canapés, menus",
        "food, feed, lunch, lunches, working lunch, sandwiches, buffet, platters, "
        "canapes, canapés, nibbles, finger food, bowl food, street food, hog roast, bbq, "
        "barbecue, dinner, gala dinner, awards dinner, three course, sit-down meal, "
        "breakfast meeting, afternoon tea, drinks reception, drinks, waiting "
        "staff, serving staff, dietary, dietary requirements, vegan, vegetarian, halal, "
        "kosher, gluten-free, gluten free, allergies, allergy, party, christmas party, "
        "christmas do, office party, wedding breakfast, christening, "
        "birthday party, team day, away day, catering, cater, hosting, menu",
        "caterer, waiters, event, events, guests, conference, wake, cake, served",
    ),
    concept(
        "physio", "aches and injuries",
        "physiotherapist, physiotherapy, physio, back pain, sports injury, rehabilitation",
        "bad back, back pain, lower back, my back, his back, her back, their backs, back "
        "went, put his back out, put her back out, putting their backs out, slipped "
        "disc, sciatica, trapped nerve, neck, stiff neck, neck pain, shoulder, shoulders, "
        "frozen shoulder, knee, knees, ankle, ankles, hip, hips, wrist, elbow, tennis "
        "elbow, hamstring, calf, groin, achilles, tendon, tendonitis, ligament, sprain, "
        "sprained, strain, strained, pulled a muscle, pulled muscle, torn, twisted, "
        "twisted ankle, rolled ankle, injury, injuries, injured, hurt, hurts, hurting, "
        "pain, painful, aches, ache, aching, sore, stiff, stiffness, can't bend, can't "
        "lift, limping, limp, posture, hunched, hunching, rsi, repetitive strain, sitting "
        "all day, runner, runners, marathon, football, sports injury, after the op, after "
        "surgery, hip replacement, knee replacement, rehab, mobility, massage, "
        "sports massage, lifting, heavy lifting, manual handling",
        "physio, back, backs, desk, operation, recovery, running, gym",
    ),
    concept(
        "coaching", "running the business",
        "business coach, coaching, growth, leadership, delegation, accountability, "
        "planning",
        "all hours, long hours, burnt out, burnout, burned out, overwhelmed, exhausted, "
        "knackered, seven days a week, never sees, no time, no "
        "life, can't switch off, stuck, plateau, flatlining, not growing, "
        "grow, growing, growth, scale, scaling, double turnover, targets, goals, vision, "
        "direction, strategy, plan, business plan, priorities, focus, accountability, "
        "delegate, delegating, delegation, can't delegate, micromanage, micromanaging, "
        "does everything himself, does everything herself, doing everything, decide "
        "everything, bottleneck, control freak, can't let go, leadership, leader, "
        "managers leaving, management team, step up, confidence, mindset, motivation, "
        "coaching, sounding board, next level, work life balance, "
        "work-life balance",
        "coach, mentor, stress, stressed, turnover, managers, weekend, kids",
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
