"""Fresh everyday-language needs for the "who fits this prospect" matcher: a held-out test set.

Written blind on 2026-11-23: without seeing the matcher, its lexicon, its embeddings or the
other benchmark needs; only the demo directory (``partner_net/demo/people.py``) was read.
Each need is phrased the way a customer or friend actually talks to a member of a networking
group (the situation or symptom, not the trade or the profile's keywords) and is paired with
the ``category`` of the one active member of "Harbour City Partners" who serves it best.

This is a held-out set. Never use it for tuning: do not adjust the matcher, the lexicon,
synonyms, weights or thresholds to make these pass. Only measure against it.
"""

from __future__ import annotations

FRESH_NEEDS: tuple[tuple[str, str], ...] = (
    # Roofer
    (
        "Every time it pours we're putting buckets out in the warehouse and the pallets by the "
        "back wall get soaked from above.",
        "Roofer",
    ),
    (
        "A few of the old slates off our terrace ended up in next door's garden after Sunday's "
        "wind.",
        "Roofer",
    ),
    # Plumber
    (
        "The radiators at the office have been stone cold all week and the thing in the "
        "cupboard keeps flashing a red light.",
        "Plumber",
    ),
    (
        "Water keeps dripping through the ceiling of the shop from the loo in the flat upstairs.",
        "Plumber",
    ),
    # Electrician
    (
        "Half the sockets in our unit cut out whenever the kettle and the heater are on at the "
        "same time.",
        "Electrician",
    ),
    (
        "We've swapped two of the sales team's cars for battery ones and there's nowhere at "
        "the office to top them up overnight.",
        "Electrician",
    ),
    # Accountant
    (
        "The company's first tax bill nearly floored me, I had no idea it was coming or how "
        "much to put aside.",
        "Accountant",
    ),
    (
        "Our three cafés take about the same money but one barely makes anything and nobody "
        "can tell me why.",
        "Accountant",
    ),
    # Bookkeeper
    (
        "I'm up till midnight every Sunday with a shoebox of receipts and honestly couldn't "
        "tell you which customers have paid me.",
        "Bookkeeper",
    ),
    (
        "Three customers owe me about eight grand between them and I never get round to "
        "chasing them.",
        "Bookkeeper",
    ),
    # Payroll bureau
    (
        "The woman who sorts everyone's wages is leaving next month and nobody else knows how "
        "to do it.",
        "Payroll bureau",
    ),
    (
        "We got a warning letter saying our weekly-paid bar staff weren't signed up to the "
        "workplace pension and we've been getting their deductions wrong.",
        "Payroll bureau",
    ),
    # HR consultant
    (
        "One of my lads keeps turning up late and mouthy and I don't know how to handle it "
        "without ending up in front of a judge.",
        "HR consultant",
    ),
    (
        "We've grown to fourteen people and not one of them has anything in writing about "
        "their job.",
        "HR consultant",
    ),
    # Business coach
    (
        "I'm doing seventy hours a week, missed my daughter's sports day again, and the team "
        "won't decide anything without me.",
        "Business coach",
    ),
    (
        "Sales have doubled in three years but I'm more knackered than ever and can't see "
        "where the firm is heading.",
        "Business coach",
    ),
    # Solicitor
    (
        "The landlord's agent sent over the paperwork for the new shop and wants it signed by "
        "Friday, and I don't understand half of it.",
        "Solicitor",
    ),
    (
        "My business partner wants out and we never agreed anything on paper about what "
        "happens to his half.",
        "Solicitor",
    ),
    # Commercial insurance broker
    (
        "The main contractor won't let my lads on site until I can prove we're covered for "
        "ten million if somebody gets hurt.",
        "Commercial insurance broker",
    ),
    (
        "We had a flood in the kitchen last spring and the policy paid out a fraction of what "
        "we lost while we were shut.",
        "Commercial insurance broker",
    ),
    # IT support
    (
        "Someone in accounts clicked a dodgy link in an email and now we're all scared to "
        "open anything.",
        "IT support",
    ),
    (
        "My nephew used to look after the office computers but he's off at uni and nothing "
        "gets saved anywhere if the server dies.",
        "IT support",
    ),
    # Web designer
    (
        "When you look us up on your phone our site is a mess, and the only bloke who could "
        "change it has moved to Australia.",
        "Web designer",
    ),
    # Copywriter
    (
        "We keep losing council bids and the feedback always says our written answers were weak.",
        "Copywriter",
    ),
    (
        "Our techies wrote the words on our site and nobody outside the industry has a clue "
        "what we actually do.",
        "Copywriter",
    ),
    # Photographer
    (
        "Our team page is a jumble of holiday selfies and passport-style snaps against "
        "different walls.",
        "Photographer",
    ),
    # Printer
    (
        "We've got a trade show in three weeks and nothing to put on the stand: banners, "
        "leaflets, the lot.",
        "Printer",
    ),
    ("Our leaflets come back a different shade of blue every time we reorder them.", "Printer"),
    # Signage maker
    (
        "We're opening the new shop in a month and there's nothing above the door telling "
        "people who we are.",
        "Signage maker",
    ),
    (
        "Five new vans are arriving plain white and I want our name and number down the side "
        "of them.",
        "Signage maker",
    ),
    # Van and fleet leasing
    (
        "The old Transit broke down again and we lost two jobs this week waiting on the "
        "garage; I'm sick of owning these things.",
        "Van and fleet leasing",
    ),
    (
        "We've won a contract that needs three more drivers on the road and I don't want to "
        "sink forty grand into buying vehicles.",
        "Van and fleet leasing",
    ),
    # Security systems installer
    (
        "The unit next door got broken into last weekend and I want something that rings "
        "through to a real person if anyone gets into ours at night.",
        "Security systems installer",
    ),
    # Locksmith
    (
        "We sacked a manager last week and he walked off with the only spare set for the back "
        "door.",
        "Locksmith",
    ),
    (
        "There must be forty keys floating round our building and nobody knows who's got which.",
        "Locksmith",
    ),
    # Pest control
    (
        "The chef found droppings behind the fridge the day before the council inspector is due.",
        "Pest control",
    ),
    (
        "Something's been scratching in the loft of the flats we rent out and the tenants are "
        "freaking out.",
        "Pest control",
    ),
    # Commercial cleaner
    (
        "The crew who do our offices after hours is different every fortnight and half the "
        "time the bins are still full and the kitchen's grubby in the morning.",
        "Commercial cleaner",
    ),
    # Caterer
    (
        "We've got forty clients coming in for the big unveiling and I don't want another tray of "
        "curling sandwiches, plus three vegans and a nut allergy.",
        "Caterer",
    ),
    # Florist
    (
        "The entrance hall of our hotel looks bare and the display we get goes brown by Wednesday.",
        "Florist",
    ),
    (
        "My sister's getting married in June and still needs someone to do her bouquet and "
        "something pretty for each table.",
        "Florist",
    ),
    # Restaurant POS supplier
    (
        "Our tills freeze on a Saturday night and the thing you tap cards on doesn't talk to "
        "them, so we end up adding orders up by hand.",
        "Restaurant POS supplier",
    ),
    (
        "The queue at my coffee kiosk goes out the door at eight because the tablet we ring "
        "orders through keeps crashing.",
        "Restaurant POS supplier",
    ),
    # Interior designer
    (
        "Since everyone works from home Mondays and Fridays our office is a ghost town, then "
        "midweek there's nowhere to sit or meet.",
        "Interior designer",
    ),
    # Commercial landlord
    (
        "The stock for my online shop has taken over the garage and my wife wants the car "
        "back in there.",
        "Commercial landlord",
    ),
    # Mortgage broker
    (
        "I've run my own company for two years and pay myself mostly in dividends, and the "
        "bank laughed when I asked about buying a house.",
        "Mortgage broker",
    ),
    # Estate agent
    (
        "The kids have all left and the four-bed feels daft now; we'd like to sell up and "
        "find something smaller near the sea.",
        "Estate agent",
    ),
    # Financial planner
    (
        "I'd love to stop working at sixty but I've no idea whether we'll actually have "
        "enough to live on.",
        "Financial planner",
    ),
    # Physiotherapist
    (
        "My back's been killing me ever since I started working from the kitchen table.",
        "Physiotherapist",
    ),
    (
        "Three of our warehouse lads are off with bad backs and the NHS wait is months.",
        "Physiotherapist",
    ),
)
