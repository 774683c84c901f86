"""Needs for the matcher benchmark, as prospects and members say them out loud.

Each need names the category of the member of the demo group "Harbour City Partners"
(:mod:`partner_net.demo.people`) who should come first. They are written the way a
customer talks over coffee, not in the words of the profiles: nobody says "managed IT"
or "business interruption cover", they say the server died or the premium went up.

Two halves, one need per member in each. ``TUNE`` is the half the lexicon and weights
were tuned on; ``HELD_OUT`` was written at the same time and not looked at while
tuning, so its score is the honest one.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Need:
    text: str
    category: str  # the demo member's category, exactly as in people.py


TUNE: tuple[Need, ...] = (
    Need("my sister's building firm got a tax bill she wasn't expecting and her accountant "
         "takes months to reply", "Accountant"),
    Need("the taco place's policy went up forty percent", "Commercial insurance broker"),
    Need("my client is about to sign for a shop unit and nobody has read the small print",
         "Solicitor"),
    Need("the whole office lost a day because nobody could get at their emails after the "
         "server died", "IT support"),
    Need("her salon's site looks awful on a phone and nobody can find it on google",
         "Web designer"),
    Need("they need a thousand leaflets and some banners for a trade show next month",
         "Printer"),
    Need("the hotel wants something fresh and pretty in the lobby every week", "Florist"),
    Need("we've got a sixty-person launch party and want food that isn't just sandwiches",
         "Caterer"),
    Need("the card machine at the pub keeps crashing on friday nights",
         "Restaurant POS supplier"),
    Need("the offices upstairs are filthy and the last lot never turned up",
         "Commercial cleaner"),
    Need("lights keep tripping in the workshop and a socket went bang yesterday",
         "Electrician"),
    Need("the boiler at the care home packed up and the residents are freezing", "Plumber"),
    Need("there's a damp patch over the kids' beds since the gale", "Roofer"),
    Need("he's self-employed and the bank won't lend him enough to buy a house",
         "Mortgage broker"),
    Need("my parents want to sell the family home and move somewhere smaller",
         "Estate agent"),
    Need("he wants to know if he can afford to stop working at sixty", "Financial planner"),
    Need("my back's been killing me since I started working from the kitchen table",
         "Physiotherapist"),
    Need("we need decent pictures of the whole team for the new website, ours are selfies",
         "Photographer"),
    Need("the new barber shop has nothing over the door saying who they are",
         "Signage maker"),
    Need("one of her staff keeps turning up late and rude and she doesn't know how to let "
         "him go properly", "HR consultant"),
    Need("he does his receipts on a sunday night from a shoebox and is always late with "
         "his VAT", "Bookkeeper"),
    Need("his online shop has taken over the garage and he needs somewhere small to work "
         "from", "Commercial landlord"),
    Need("she's working every weekend and the business still isn't growing",
         "Business coach"),
    Need("the office is half empty most days and the layout doesn't work for the team "
         "anymore", "Interior designer"),
    Need("his vans keep breaking down and he's losing jobs over it", "Van and fleet leasing"),
    Need("the woman who does their wages is leaving and nobody else knows how",
         "Payroll bureau"),
    Need("someone broke into the warehouse at the weekend and the cameras caught nothing",
         "Security systems installer"),
    Need("the chef saw a rat by the bins behind the kitchen", "Pest control"),
    Need("they let the office manager go and she still has keys to everything", "Locksmith"),
    Need("they keep losing council contracts and think their bid paperwork reads badly",
         "Copywriter"),
)

#: A second tuning batch, written after the first round of tuning showed the lexicon
#: fitting the first batch much better than the held-out half. Also tuned on.
TUNE_MORE: tuple[Need, ...] = (
    Need("the plumber I use wants to know if he should pay himself a salary or take it out "
         "of the company some other way", "Accountant"),
    Need("a kitchen fire closed the restaurant for a month and the insurers are dragging "
         "their feet", "Commercial insurance broker"),
    Need("the landlord wants to put the rent up and my friend isn't sure he's allowed to",
         "Solicitor"),
    Need("every new starter waits a week for a laptop and their passwords are on post-it "
         "notes", "IT support"),
    Need("the yoga studio's pages haven't been touched since 2015 and they can't change "
         "anything themselves", "Web designer"),
    Need("the estate agents want five hundred glossy property booklets by Friday",
         "Printer"),
    Need("the funeral is on Thursday and the family want white lilies and a wreath",
         "Florist"),
    Need("the accountancy firm is hosting a client evening and wants nibbles and drinks "
         "served", "Caterer"),
    Need("the bar can't tell how much stock they sold versus what went missing",
         "Restaurant POS supplier"),
    Need("the GP surgery's waiting room is grubby and the toilets are a disgrace",
         "Commercial cleaner"),
    Need("the new bakery needs the ovens wired in and more plug points", "Electrician"),
    Need("the radiators upstairs in the school are stone cold and the pipes bang",
         "Plumber"),
    Need("the church hall roof has bits of lead missing and the gutters overflow",
         "Roofer"),
    Need("a couple I know want to buy their first flat but only have a small deposit",
         "Mortgage broker"),
    Need("they've been offered a job abroad and need to sell up quickly", "Estate agent"),
    Need("he's selling his company next year and has no idea what to do with the money",
         "Financial planner"),
    Need("the warehouse lads keep hurting their shoulders lifting boxes", "Physiotherapist"),
    Need("the architect wants her finished barn conversion shot for an award entry",
         "Photographer"),
    Need("the gym wants big letters on the front of the building so people see it from "
         "the road", "Signage maker"),
    Need("someone has raised a formal complaint about their supervisor and the owner is "
         "panicking", "HR consultant"),
    Need("her accountant sent back a bin bag of paperwork and told her to sort it out",
         "Bookkeeper"),
    Need("the candle maker is running out of room at home and wants a little place on an "
         "estate", "Commercial landlord"),
    Need("the owner feels stuck, the team waits for him to decide everything",
         "Business coach"),
    Need("the dental clinic wants the reception to feel calmer and more modern",
         "Interior designer"),
    Need("the electrician's vans are ten years old and fail their MOT every year",
         "Van and fleet leasing"),
    Need("the restaurant keeps getting the tips split wrong and the waiters are angry",
         "Payroll bureau"),
    Need("someone keeps nicking tools from the building site at night",
         "Security systems installer"),
    Need("there's a wasps' nest under the eaves by the café's front door", "Pest control"),
    Need("staff keep losing their keys and they want one key that opens every door",
         "Locksmith"),
    Need("the new brochure is full of jargon and reads like a manual", "Copywriter"),
)

HELD_OUT: tuple[Need, ...] = (
    Need("the café group owner says one of her three places loses money and she can't "
         "tell which", "Accountant"),
    Need("a scaffolder I know got asked by a big builder for proof he's covered before he "
         "can start", "Commercial insurance broker"),
    Need("two brothers who run a garage together have fallen out and one wants to be "
         "bought out", "Solicitor"),
    Need("the dental practice's receptionist clicked a dodgy link and now they're worried "
         "about hackers", "IT support"),
    Need("the new bistro wants people to book tables online instead of ringing up",
         "Web designer"),
    Need("the school wants its prospectus done properly this year, glossy, a few hundred "
         "copies", "Printer"),
    Need("my niece is getting married in June and still has nobody doing the bouquets",
         "Florist"),
    Need("the law firm's summer do needs someone to feed 120 people, some vegan and "
         "gluten-free", "Caterer"),
    Need("the coffee shop's till is ancient and the queue goes out the door at lunchtime",
         "Restaurant POS supplier"),
    Need("the kitchen extractor hood is caked in grease and the inspector is coming",
         "Commercial cleaner"),
    Need("the hotel wants chargers in the car park for guests' electric cars", "Electrician"),
    Need("water is coming through the ceiling from the toilets on the floor above",
         "Plumber"),
    Need("some tiles blew off the warehouse in the storm and rain is dripping onto the "
         "stock", "Roofer"),
    Need("their fixed rate runs out in the spring and the payments are going to jump",
         "Mortgage broker"),
    Need("she inherited her gran's flat and wants to rent it out but doesn't know where to "
         "start", "Estate agent"),
    Need("mum's worried the kids will lose half the house to the taxman when she dies",
         "Financial planner"),
    Need("twisted my knee training for the half marathon and can't run", "Physiotherapist"),
    Need("the boutique hotel just finished its refurb and wants proper pictures of the "
         "rooms", "Photographer"),
    Need("the new bakery wants its name lit up on the front of the building",
         "Signage maker"),
    Need("they've got fifteen employees and nobody has a proper contract", "HR consultant"),
    Need("half her customers haven't paid their invoices and she's lost track of who owes "
         "what", "Bookkeeper"),
    Need("a furniture maker needs a workshop to rent but can't commit for years",
         "Commercial landlord"),
    Need("he can't go on holiday because nothing happens unless he's there",
         "Business coach"),
    Need("the restaurant looks tired and dated and they want a whole new look",
         "Interior designer"),
    Need("they just won a contract and need four more vans without buying them outright",
         "Van and fleet leasing"),
    Need("the care agency keeps getting holiday pay wrong for the night shift staff",
         "Payroll bureau"),
    Need("the insurer says the jeweller needs a proper alarm before they'll renew",
         "Security systems installer"),
    Need("there are mouse droppings in the storeroom of the bakery", "Pest control"),
    Need("locked out of the shop this morning and the key snapped in the door",
         "Locksmith"),
    Need("nobody understands what their engineering firm actually does from reading the "
         "website", "Copywriter"),
)

ALL: tuple[Need, ...] = TUNE + TUNE_MORE + HELD_OUT
