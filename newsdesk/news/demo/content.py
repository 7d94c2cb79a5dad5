"""Demo content for The Newsdesk Times: sections, authors, agencies and articles.

Everything here is fictional. People, companies, clubs, quotations and events are invented for
demonstration; real cities, provinces and countries appear only as settings. Pure data plus a small
self-check, ``validate()``; ``loader.py`` turns it into pages.
"""

import re

SECTIONS = [
    {
        "slug": "south-africa",
        "title": "South Africa",
        "intro": "News from across the country, from city councils and classrooms to courts and clinics.",
        "children": [
            {
                "slug": "gauteng",
                "title": "Gauteng",
                "intro": "Johannesburg, Pretoria, Ekurhuleni and the towns of the economic heartland.",
                "children": [],
            },
            {
                "slug": "western-cape",
                "title": "Western Cape",
                "intro": "Cape Town, the Winelands, the Garden Route and the West Coast.",
                "children": [],
            },
            {
                "slug": "kwazulu-natal",
                "title": "KwaZulu-Natal",
                "intro": "Durban, Pietermaritzburg and the province's coast, midlands and rural north.",
                "children": [],
            },
        ],
    },
    {
        "slug": "politics",
        "title": "Politics",
        "intro": "Parliament, parties, coalitions and the decisions that shape public life.",
        "children": [],
    },
    {
        "slug": "world",
        "title": "World",
        "intro": "Diplomacy, conflict and change around the globe, with a South African perspective.",
        "children": [
            {
                "slug": "africa",
                "title": "Africa",
                "intro": "Reporting from across the continent on trade, politics, farming and technology.",
                "children": [],
            },
            {
                "slug": "europe",
                "title": "Europe",
                "intro": "The European Union, its member states and their ties with southern Africa.",
                "children": [],
            },
        ],
    },
    {
        "slug": "business",
        "title": "Business",
        "intro": "Companies, jobs, trade and the economy, explained for readers and investors alike.",
        "children": [
            {
                "slug": "markets",
                "title": "Markets",
                "intro": "Shares, bonds, the rand and interest rates, with daily coverage of the JSE.",
                "children": [],
            },
        ],
    },
    {
        "slug": "sport",
        "title": "Sport",
        "intro": "Results, analysis and stories from the fields, tracks and stadiums.",
        "children": [
            {
                "slug": "rugby",
                "title": "Rugby",
                "intro": "Test rugby, the club competition and the schools game.",
                "children": [],
            },
            {
                "slug": "cricket",
                "title": "Cricket",
                "intro": "Tests, white-ball cricket and the domestic game.",
                "children": [],
            },
        ],
    },
    {
        "slug": "science",
        "title": "Science",
        "intro": "Research, health, space and the environment, from South African laboratories and beyond.",
        "children": [],
    },
    {
        "slug": "opinion",
        "title": "Opinion",
        "intro": "Argument and analysis from our writers; the views expressed are their own.",
        "children": [],
    },
]

AUTHORS = [
    {
        "slug": "thandi-mokoena",
        "name": "Thandi Mokoena",
        "role": "Political correspondent",
        "bio": (
            "Thandi Mokoena covers Parliament, party politics and local government "
            "from Cape Town and Johannesburg. She has reported on four national "
            "elections and writes a fortnightly column on coalition politics."
        ),
    },
    {
        "slug": "ayesha-parker",
        "name": "Ayesha Parker",
        "role": "Business and markets editor",
        "bio": (
            "Ayesha Parker leads the business desk and writes about companies, "
            "monetary policy and the JSE. Before joining The Newsdesk Times she "
            "spent eight years as an economics reporter in Johannesburg and London."
        ),
    },
    {
        "slug": "kagiso-molefe",
        "name": "Kagiso Molefe",
        "role": "Gauteng and courts reporter",
        "bio": (
            "Kagiso Molefe reports on the province's metros, its infrastructure and "
            "the cases heard in its high courts. He studied law before switching to "
            "journalism and is based in Johannesburg."
        ),
    },
    {
        "slug": "ruan-oosthuizen",
        "name": "Ruan Oosthuizen",
        "role": "Sports writer",
        "bio": (
            "Ruan Oosthuizen writes about rugby, cricket and football, from Test "
            "matches to school fields. He played club rugby in Bloemfontein and has "
            "covered three Rugby World Cups."
        ),
    },
    {
        "slug": "naledi-mahlangu",
        "name": "Naledi Mahlangu",
        "role": "Science and environment correspondent",
        "bio": (
            "Naledi Mahlangu reports on health, climate, weather and research across "
            "southern Africa. She holds a master's degree in environmental science "
            "and is based in Cape Town."
        ),
    },
    {
        "slug": "claire-fourie",
        "name": "Claire Fourie",
        "role": "Foreign editor",
        "bio": (
            "Claire Fourie edits the world pages and writes about diplomacy, trade "
            "and Europe's relations with Africa. She was previously the paper's "
            "correspondent in Brussels."
        ),
    },
    {
        "slug": "tendai-mutasa",
        "name": "Tendai Mutasa",
        "role": "Africa correspondent",
        "bio": (
            "Tendai Mutasa covers politics, economics and agriculture across the "
            "continent from his base in Harare. He has reported from more than 20 "
            "African countries."
        ),
    },
    {
        "slug": "farah-jacobs",
        "name": "Farah Jacobs",
        "role": "Cape Town correspondent",
        "bio": (
            "Farah Jacobs writes about the Western Cape, from water and housing in "
            "Cape Town to farming and tourism in the Winelands. She grew up in "
            "Mitchells Plain and joined the paper as a trainee."
        ),
    },
    {
        "slug": "lwazi-zungu",
        "name": "Lwazi Zungu",
        "role": "Durban correspondent",
        "bio": (
            "Lwazi Zungu reports on KwaZulu-Natal, with a focus on the port, local "
            "government and rural communities. He has worked in newsrooms in Durban "
            "and Pietermaritzburg for 12 years."
        ),
    },
]

AGENCIES = ["Southern Wire Service", "Continental Newswire"]

ARTICLES = [
    # --- South Africa ---
    {
        "slug": "fuel-price-cut-eases-pressure-on-commuters",
        "section": "south-africa",
        "headline": "Fuel price cut of R1.12 a litre brings relief to taxi operators and commuters",
        "standfirst": (
            "Petrol and diesel prices fall from midnight after a firmer rand and "
            "softer oil prices, though economists warn that the relief may be "
            "short-lived."
        ),
        "authors": [],
        "agency": "Southern Wire Service",
        "dateline": "Pretoria",
        "hours_ago": 5,
        "topics": ["Energy", "Transport", "Economy"],
        "premium": False,
        "image": {
            "caption": "A minibus taxi fills up at a service station on the East Rand.",
            "credit": "Pieter Kruger/Southern Wire Service",
            "palette": 5,
        },
        "body": [
            (
                "paragraph",
                (
                    "Motorists will pay less at the pump from midnight after the energy "
                    "department confirmed a cut of R1.12 a litre for 95 unleaded petrol in "
                    "inland provinces and a slightly smaller reduction for diesel. The "
                    "adjustment follows several weeks in which the rand traded more strongly "
                    "against the dollar and international oil prices drifted lower."
                ),
            ),
            (
                "paragraph",
                (
                    "The department said the over-recovery on petrol had averaged just over "
                    "R1 a litre during the review period, with the remainder of the cut "
                    "reflecting lower freight and insurance costs for imported fuel. "
                    "Illuminating paraffin will fall by 94 cents a litre, which officials "
                    "said would help households that still rely on it for cooking and "
                    "heating."
                ),
            ),
            ("subheading", "Taxi operators welcome the cut"),
            (
                "paragraph",
                (
                    "Minibus taxi associations, whose members carry millions of commuters "
                    "every working day, said the decrease would ease pressure on fares that "
                    "have risen sharply over the past two years. An official from a Gauteng "
                    "taxi council said operators would not immediately lower fares but would "
                    "hold off on increases planned for the new year."
                ),
            ),
            (
                "quote",
                {
                    "text": (
                        "Every rand we save on diesel is a rand we do not have to ask commuters "
                        "to find. This gives us breathing room, but it is not yet a solution."
                    ),
                    "attribution": "Mpho Radebe, secretary of a Gauteng taxi council",
                },
            ),
            ("subheading", "Economists urge caution"),
            (
                "paragraph",
                (
                    "Economists cautioned that the relief could prove temporary. Refilwe "
                    "Masondo, chief economist at Meridian Asset Partners, said the fuel "
                    "price remained vulnerable to currency swings and to supply disruptions "
                    "in the Middle East. She added that the cut would nonetheless shave a "
                    "little off the inflation rate when the next figures were published."
                ),
            ),
            ("related", "rand-firms-after-inflation-data"),
            (
                "paragraph",
                (
                    "The next adjustment is due early next month. The department said it "
                    "would continue to publish daily over- and under-recovery figures so "
                    "that consumers and businesses could anticipate changes, a practice "
                    "introduced last year after complaints that large swings had caught "
                    "transport firms off guard."
                ),
            ),
        ],
    },
    {
        "slug": "matric-exam-marking-centres-expanded",
        "section": "south-africa",
        "headline": "Education department adds 40 marking centres to speed up release of matric results",
        "standfirst": (
            "More than 45,000 markers will assess scripts at 180 centres nationally, "
            "with officials promising tighter security after last year's "
            "leaked-paper scare."
        ),
        "authors": ["thandi-mokoena"],
        "agency": "",
        "dateline": "Pretoria",
        "hours_ago": 54,
        "topics": ["Education"],
        "premium": False,
        "image": {
            "caption": "Candidates write a mathematics paper at a school hall in Pretoria.",
            "credit": "Mandla Sithole/The Newsdesk Times",
            "palette": 1,
        },
        "body": [
            (
                "paragraph",
                (
                    "The basic education department will open 40 additional marking centres "
                    "this year in an effort to release national senior certificate results a "
                    "week earlier than usual. Officials told a briefing in Pretoria that "
                    "more than 45,000 teachers had been appointed as markers, of whom about "
                    "a fifth would be taking part for the first time."
                ),
            ),
            (
                "paragraph",
                (
                    "Director-general Nomsa Khanyile said the expansion would reduce the "
                    "distances markers travel and allow scripts to be processed closer to "
                    "the schools where they were written. Each centre will have a chief "
                    "marker and an internal moderator, and provincial officials will make "
                    "unannounced visits throughout the marking period."
                ),
            ),
            ("subheading", "Security measures tightened"),
            (
                "paragraph",
                (
                    "The department said it had strengthened the handling of question papers "
                    "after last year's incident, in which photographs of a mathematics paper "
                    "circulated on social media hours before candidates sat the exam. Papers "
                    "are now stored in sealed containers fitted with tracking devices, and "
                    "officials described the system as “the most secure we have ever run”."
                ),
            ),
            (
                "quote",
                {
                    "text": (
                        "We owe it to every candidate to make sure that the results they receive "
                        "are credible. A certificate is only worth what the public believes it "
                        "is worth."
                    ),
                    "attribution": "Nomsa Khanyile, director-general of basic education",
                },
            ),
            ("subheading", "Unions raise concerns over pay"),
            (
                "paragraph",
                (
                    "Teacher unions broadly supported the changes but raised concerns about "
                    "marking rates, which they said had not kept pace with inflation. A "
                    "union spokesperson said markers were paid per script and that longer, "
                    "more complex papers in subjects such as history and English took "
                    "considerably more time to assess."
                ),
            ),
            (
                "paragraph",
                (
                    "Results are expected to be published in the second week of January. "
                    "Candidates will again be able to obtain their results by text message "
                    "and through an online portal, and the department said it would release "
                    "provincial pass rates on the same day as the national figure."
                ),
            ),
        ],
    },
    {
        "slug": "weather-service-warns-of-severe-thunderstorms",
        "section": "south-africa",
        "headline": "Orange level warning issued as severe thunderstorms and hail head for the interior",
        "standfirst": (
            "Forecasters expect damaging winds, large hail and localised flooding "
            "across Gauteng, Mpumalanga and the Free State over the next 36 hours."
        ),
        "authors": ["naledi-mahlangu"],
        "agency": "",
        "dateline": "Johannesburg",
        "hours_ago": 2,
        "topics": ["Weather", "Climate"],
        "premium": False,
        "image": {
            "caption": "Storm clouds gather over the southern suburbs of Johannesburg.",
            "credit": "Jessica Adams/The Newsdesk Times",
            "palette": 7,
        },
        "body": [
            (
                "paragraph",
                (
                    "The national weather service has issued an orange level 6 warning for "
                    "severe thunderstorms over parts of Gauteng, Mpumalanga and the eastern "
                    "Free State, saying that a cold front moving in from the south-west "
                    "would meet warm, moist air over the interior. Storms are expected to "
                    "develop from early afternoon and could persist well into the evening."
                ),
            ),
            (
                "paragraph",
                (
                    "Forecasters warned of large hail, strong and gusty winds, and heavy "
                    "downpours that could lead to flash flooding of roads, low-lying areas "
                    "and informal settlements. Motorists have been urged to avoid crossing "
                    "flooded bridges and to reduce speed on major highways, where visibility "
                    "may drop sharply during storms."
                ),
            ),
            ("subheading", "Disaster teams on standby"),
            (
                "paragraph",
                (
                    "Provincial disaster management centres said teams had been placed on "
                    "standby and that emergency shelters had been identified in several "
                    "municipalities. Residents living near rivers and streams were advised "
                    "to move valuables to higher ground and to keep mobile phones charged in "
                    "case of power cuts."
                ),
            ),
            (
                "quote",
                {
                    "text": (
                        "These are fast-moving systems and conditions can change within minutes. "
                        "We ask people to take the warnings seriously and not to wait until "
                        "water is at their door."
                    ),
                    "attribution": "Kabelo Motaung, spokesperson for the Gauteng disaster management centre",
                },
            ),
            ("related", "pietermaritzburg-flood-repairs-behind-schedule"),
            ("subheading", "Cooler weekend ahead"),
            (
                "paragraph",
                (
                    "The weather service said temperatures would drop by up to ten degrees "
                    "behind the front, with cooler and more settled conditions expected by "
                    "the weekend. Farmers in the eastern Free State, who had been waiting "
                    "for rain before planting summer crops, said they welcomed the moisture "
                    "but feared hail damage to early plantings."
                ),
            ),
            (
                "paragraph",
                (
                    "Residents can follow updated warnings on the weather service's website "
                    "and mobile application. The service said it would issue impact-based "
                    "warnings at least twice a day while the system remained over the "
                    "country, and urged people to share them with elderly neighbours and "
                    "relatives who may not use smartphones."
                ),
            ),
        ],
    },
    # --- Gauteng ---
    {
        "slug": "metro-council-approves-water-budget",
        "section": "south-africa/gauteng",
        "headline": "Metro council approves R2.1bn plan to fix leaking water mains",
        "standfirst": (
            "Johannesburg councillors back a three-year programme to replace ageing "
            "pipes after figures showed that nearly 40% of the city's treated water "
            "is lost before it reaches a tap."
        ),
        "authors": ["kagiso-molefe"],
        "agency": "",
        "dateline": "Johannesburg",
        "hours_ago": 3,
        "topics": ["Water", "Local government"],
        "premium": False,
        "image": {
            "caption": "Workers repair a burst water main in Melville.",
            "credit": "Bheki Nkosi/The Newsdesk Times",
            "palette": 0,
        },
        "body": [
            (
                "paragraph",
                (
                    "Johannesburg's council has approved a R2.1bn programme to replace "
                    "ageing water mains across the city, after a debate in which councillors "
                    "from all parties agreed that leaks had become one of the most pressing "
                    "problems facing residents. The plan will be funded through a mix of "
                    "municipal borrowing, national infrastructure grants and savings from "
                    "other capital projects."
                ),
            ),
            (
                "paragraph",
                (
                    "According to figures tabled at the meeting, close to 40% of the water "
                    "the city buys and treats is lost through burst pipes, faulty meters and "
                    "illegal connections. Some of the pipes in older suburbs were laid more "
                    "than 80 years ago and have reached the end of their working life, "
                    "engineers told councillors."
                ),
            ),
            ("subheading", "Priority suburbs identified"),
            (
                "paragraph",
                (
                    "The first phase will focus on suburbs that have suffered repeated "
                    "outages, including parts of Soweto, Melville and Alexandra. Contractors "
                    "will be required to complete work street by street and to restore roads "
                    "and pavements within a fortnight of finishing each section, a condition "
                    "added after residents complained about trenches left open for months."
                ),
            ),
            (
                "quote",
                {
                    "text": (
                        "Every litre that leaks out of a broken pipe is a litre we have already "
                        "paid for. Fixing the network is the cheapest new water source this city "
                        "has."
                    ),
                    "attribution": (
                        "Lerato Sebego, member of the mayoral committee for environment and infrastructure"
                    ),
                },
            ),
            ("subheading", "Opposition calls for oversight"),
            (
                "paragraph",
                (
                    "Opposition councillors supported the budget but called for a dedicated "
                    "oversight committee to monitor spending and contractor performance. One "
                    "councillor said previous repair programmes had been undermined by "
                    "delays in procurement and by contractors who failed to finish on time, "
                    "and asked that progress reports be published every quarter."
                ),
            ),
            ("related", "high-court-reserves-judgment-in-tender-case"),
            (
                "paragraph",
                (
                    "The city said tenders for the first phase would be advertised within "
                    "six weeks. Residents will be notified at least 48 hours before planned "
                    "interruptions, and the utility has promised to send water tankers to "
                    "affected areas during longer shutdowns."
                ),
            ),
        ],
    },
    {
        "slug": "tshwane-bus-rapid-transit-route-opens",
        "section": "south-africa/gauteng",
        "headline": "New rapid bus route links Mamelodi to Pretoria city centre in under 40 minutes",
        "standfirst": (
            "The 18km corridor, built over four years at a cost of R1.4bn, is "
            "expected to carry 25,000 passengers a day once all of its stations are "
            "open."
        ),
        "authors": ["kagiso-molefe"],
        "agency": "",
        "dateline": "Pretoria",
        "hours_ago": 52,
        "topics": ["Transport", "Local government"],
        "premium": False,
        "image": {
            "caption": "Passengers board a bus at one of the new stations in Mamelodi.",
            "credit": "Mandla Sithole/The Newsdesk Times",
            "palette": 3,
        },
        "body": [
            (
                "paragraph",
                (
                    "A new bus rapid transit route connecting Mamelodi to the Pretoria city "
                    "centre opened to passengers this week, with officials promising a "
                    "journey time of under 40 minutes during peak hours. The 18km corridor "
                    "runs along dedicated lanes for most of its length and includes 14 "
                    "stations, of which 11 are now operational."
                ),
            ),
            (
                "paragraph",
                (
                    "The project, which cost R1.4bn and took four years to complete, was "
                    "delayed by disputes with contractors and by the relocation of "
                    "underground services. City officials said the remaining three stations "
                    "would open before the end of the financial year, once accessibility "
                    "ramps and ticketing machines had been installed."
                ),
            ),
            ("subheading", "Fares and ticketing"),
            (
                "paragraph",
                (
                    "Passengers will pay a distance-based fare starting at R12, using a "
                    "rechargeable card that can be topped up at stations and participating "
                    "retailers. Pensioners and learners in school uniform will receive a 40% "
                    "discount, and the city is offering free trial trips during the first "
                    "week to encourage residents to try the service."
                ),
            ),
            (
                "quote",
                {
                    "text": (
                        "For many people in Mamelodi, getting to work has meant two taxis and "
                        "well over an hour each way. This route gives them back time with their "
                        "families."
                    ),
                    "attribution": "Pieter Venter, member of the mayoral committee for roads and transport",
                },
            ),
            (
                "paragraph",
                (
                    "Taxi operators on the corridor had previously objected to the project, "
                    "arguing that it would take away their passengers. The city said it had "
                    "reached an agreement under which affected operators were offered shares "
                    "in the company that runs the buses, and that several former taxi "
                    "drivers had been trained to drive the new vehicles."
                ),
            ),
            ("subheading", "Safety and security"),
            (
                "paragraph",
                (
                    "Security guards will be stationed at every station, and the buses are "
                    "fitted with cameras monitored from a central control room. Commuter "
                    "groups welcomed the measures but said lighting along the walkways to "
                    "some stations remained poor, and asked the city to prioritise "
                    "improvements before winter."
                ),
            ),
        ],
    },
    {
        "slug": "high-court-reserves-judgment-in-tender-case",
        "section": "south-africa/gauteng",
        "headline": "High court reserves judgment in R480m road-maintenance tender dispute",
        "standfirst": (
            "A losing bidder claims the metro's evaluation panel ignored its lower "
            "price and changed the scoring rules after bids had closed."
        ),
        "authors": ["kagiso-molefe"],
        "agency": "",
        "dateline": "Johannesburg",
        "hours_ago": 20,
        "topics": ["Courts", "Local government"],
        "premium": False,
        "image": {
            "caption": "The high court building in central Johannesburg.",
            "credit": "Bheki Nkosi/The Newsdesk Times",
            "palette": 4,
        },
        "body": [
            (
                "paragraph",
                (
                    "The high court in Johannesburg has reserved judgment in a dispute over "
                    "a R480m road-maintenance contract, after two days of argument in which "
                    "a losing bidder accused the metro's evaluation panel of moving the "
                    "goalposts once bids had been opened. The contract covers resurfacing "
                    "and pothole repairs on more than 300km of roads."
                ),
            ),
            (
                "paragraph",
                (
                    "Mabena Civils, a Johannesburg construction firm, wants the court to set "
                    "aside the award of the contract to Ridgeback Infrastructure and to "
                    "order that the tender be evaluated again. Its counsel told the court "
                    "that Mabena's bid was about R37m cheaper and that the company had "
                    "scored higher on the original technical criteria."
                ),
            ),
            ("subheading", "Scoring rules at issue"),
            (
                "paragraph",
                (
                    "At the centre of the case is a change to the scoring rules made three "
                    "weeks after the closing date. Mabena argues that the panel introduced "
                    "extra weight for equipment ownership, a criterion not mentioned in the "
                    "tender documents, which it says favoured the winning bidder. The metro "
                    "denies this and says the change merely clarified existing requirements."
                ),
            ),
            (
                "quote",
                {
                    "text": (
                        "A tender is a promise to every bidder that the rules will be the same "
                        "at the end as they were at the beginning. That promise was broken."
                    ),
                    "attribution": "Thabo Lekota SC, counsel for Mabena Civils",
                },
            ),
            (
                "paragraph",
                (
                    "Counsel for the metro argued that the application should be dismissed "
                    "because work had already started on several roads, and that setting "
                    "aside the contract would cause further delays for residents. He said "
                    "the evaluation had been reviewed by the municipality's bid adjudication "
                    "committee and that no irregularity had been found."
                ),
            ),
            ("subheading", "Work continues in the meantime"),
            (
                "paragraph",
                (
                    "Ridgeback Infrastructure, which filed papers supporting the metro, said "
                    "it had employed 230 workers on the contract and would continue with "
                    "repairs unless the court ruled otherwise. Judge Anele Mthethwa said she "
                    "would deliver judgment as soon as possible, given the public interest "
                    "in the matter."
                ),
            ),
            ("related", "metro-council-approves-water-budget"),
        ],
    },
    {
        "slug": "soweto-clinics-extend-opening-hours",
        "section": "south-africa/gauteng",
        "headline": "Soweto clinics extend opening hours in pilot to cut queues",
        "standfirst": (
            "Five community health centres will stay open until 9pm on weekdays and "
            "open on Saturdays for six months, with officials watching whether the "
            "change eases pressure on hospitals."
        ),
        "authors": ["naledi-mahlangu"],
        "agency": "",
        "dateline": "Soweto",
        "hours_ago": 120,
        "topics": ["Health", "Local government"],
        "premium": False,
        "image": {
            "caption": "Patients wait outside a clinic in Orlando East on the first evening of the pilot.",
            "credit": "Nosipho Mthembu/The Newsdesk Times",
            "palette": 2,
        },
        "body": [
            (
                "paragraph",
                (
                    "Five clinics in Soweto will remain open until 9pm on weekdays and offer "
                    "a morning service on Saturdays under a six-month pilot launched by the "
                    "Gauteng health department. Officials said the extended hours were meant "
                    "to serve working patients who could not attend during the day, and to "
                    "reduce the number of people arriving at hospital emergency units with "
                    "minor complaints."
                ),
            ),
            (
                "paragraph",
                (
                    "The department has appointed 62 additional nurses and 12 doctors for "
                    "the pilot, most of them on fixed-term contracts. Patients collecting "
                    "chronic medication for conditions such as hypertension, diabetes and "
                    "HIV will be able to do so in the evening, and a booking system will "
                    "allow them to choose a time slot by text message."
                ),
            ),
            ("subheading", "Patients welcome the change"),
            (
                "paragraph",
                (
                    "At one clinic in Orlando East on the first evening of the pilot, "
                    "patients said the change would save them from taking unpaid leave. A "
                    "security guard who works shifts in Sandton said he had previously "
                    "queued from 5am to collect his monthly medication and often arrived "
                    "late for work as a result."
                ),
            ),
            (
                "quote",
                {
                    "text": (
                        "The clinic is the front door of the health system. If that door is only "
                        "open while people are at work, we should not be surprised when they go "
                        "straight to hospital."
                    ),
                    "attribution": "Dr Zodwa Maseko, district health manager",
                },
            ),
            (
                "paragraph",
                (
                    "Health unions supported the pilot in principle but said staff safety "
                    "had to be guaranteed, particularly for nurses travelling home late at "
                    "night. The department said it would provide transport for staff on "
                    "evening shifts and had increased security at each of the five sites."
                ),
            ),
            ("subheading", "Evaluation to follow"),
            (
                "paragraph",
                (
                    "Researchers from a local university will track waiting times, patient "
                    "numbers and hospital admissions in the area during the pilot. If the "
                    "results are positive, the department said, extended hours could be "
                    "introduced at a further 30 clinics in the province next year, subject "
                    "to funding."
                ),
            ),
        ],
    },
    # --- Western Cape ---
    {
        "slug": "cape-town-dam-levels-winter-rainfall",
        "section": "south-africa/western-cape",
        "headline": "Western Cape dams reach 92% after wettest winter in a decade",
        "standfirst": (
            "Storage levels are the highest since before the 2018 drought, but "
            "officials warn that rapid population growth means residents should not "
            "abandon water-saving habits."
        ),
        "authors": ["farah-jacobs"],
        "agency": "",
        "dateline": "Cape Town",
        "hours_ago": 70,
        "topics": ["Water", "Weather"],
        "premium": False,
        "image": {
            "caption": "Water spills over the wall of a full dam in the Boland.",
            "credit": "Yusuf Davids/The Newsdesk Times",
            "palette": 7,
        },
        "body": [
            (
                "paragraph",
                (
                    "Dams supplying Cape Town and surrounding towns are 92% full, according "
                    "to the latest figures from the national water department, following the "
                    "wettest winter the region has recorded in more than ten years. The "
                    "largest reservoir in the system is close to capacity for the first time "
                    "since before the severe drought that brought the city close to turning "
                    "off its taps in 2018."
                ),
            ),
            (
                "paragraph",
                (
                    "Rainfall at several weather stations in the Boland and Overberg "
                    "exceeded the long-term average by more than 30%, as a series of cold "
                    "fronts brought heavy downpours and snow on the higher mountains. "
                    "Farmers in the region said the rains had replenished groundwater that "
                    "had been depleted during several dry years."
                ),
            ),
            ("subheading", "Restrictions remain off the table"),
            (
                "paragraph",
                (
                    "The city said there were no plans to reintroduce water restrictions but "
                    "urged residents to keep using water sparingly. Officials noted that the "
                    "metro's population has grown by an estimated 400,000 people since the "
                    "drought, and that new sources, including groundwater schemes and a "
                    "desalination plant, were needed to secure supply for the long term."
                ),
            ),
            (
                "quote",
                {
                    "text": (
                        "Full dams are good news, but they are not a reason to forget what we "
                        "learnt during the drought. The climate is becoming less predictable, "
                        "not more."
                    ),
                    "attribution": "Shireen Abrahams, mayoral committee member for water and sanitation",
                },
            ),
            ("related", "opinion-cities-must-fix-water-before-growth"),
            ("subheading", "A drier future"),
            (
                "paragraph",
                (
                    "Water experts said the region's reliance on rain-fed surface dams "
                    "remained a vulnerability. A hydrologist at a Stellenbosch research "
                    "institute said that while recent winters had been wet, climate models "
                    "pointed to a gradual decline in average rainfall over the south-western "
                    "Cape in the coming decades."
                ),
            ),
            (
                "paragraph",
                (
                    "The city's water tariffs are set to rise by 7.5% from July, below the "
                    "increases of previous years. Officials said the revenue would fund pipe "
                    "replacement, pressure management and new water-treatment capacity, and "
                    "that the city's free basic allocation for poorer households would not "
                    "change."
                ),
            ),
        ],
    },
    {
        "slug": "winemakers-look-to-new-export-markets",
        "section": "south-africa/western-cape",
        "headline": "Winemakers look to West Africa and Asia as exports to traditional markets stall",
        "standfirst": (
            "Cellars in the Cape Winelands are targeting buyers in Nigeria, Ghana "
            "and Vietnam, with industry figures showing a 14% rise in shipments "
            "outside Europe."
        ),
        "authors": ["farah-jacobs"],
        "agency": "",
        "dateline": "Stellenbosch",
        "hours_ago": 160,
        "topics": ["Agriculture", "Trade"],
        "premium": False,
        "image": {
            "caption": "Harvested grapes arrive at a cellar outside Stellenbosch.",
            "credit": "Anneke du Toit/The Newsdesk Times",
            "palette": 3,
        },
        "body": [
            (
                "paragraph",
                (
                    "Wine producers in the Western Cape are increasingly turning to markets "
                    "in West Africa and Asia as demand in traditional European destinations "
                    "flattens. Figures released by an industry body this week show that "
                    "bottled exports to countries outside Europe rose by 14% over the past "
                    "year, led by Nigeria, Ghana and Vietnam."
                ),
            ),
            (
                "paragraph",
                (
                    "At a family-owned cellar outside Stellenbosch, export manager Danie "
                    "Rossouw said the business now sent almost a third of its wine to "
                    "African buyers, compared with less than a tenth five years ago. He said "
                    "hotel and restaurant groups in Lagos and Accra had become important "
                    "customers, particularly for sparkling wines and chenin blanc."
                ),
            ),
            ("subheading", "Logistics remain a hurdle"),
            (
                "paragraph",
                (
                    "Producers said shipping costs and slow port clearance remained "
                    "obstacles to growth on the continent. Some cellars have begun combining "
                    "shipments with other exporters to fill containers and cut costs, while "
                    "others are working with distributors who can handle customs and storage "
                    "in destination countries."
                ),
            ),
            (
                "quote",
                {
                    "text": (
                        "Ten years ago, nobody in our industry talked about Africa as a market. "
                        "Now it is the first question our board asks."
                    ),
                    "attribution": "Danie Rossouw, export manager",
                },
            ),
            ("related", "eu-south-africa-citrus-dispute"),
            ("subheading", "Tourism adds to the picture"),
            (
                "paragraph",
                (
                    "Wine tourism has also recovered strongly, with estates in the Winelands "
                    "reporting visitor numbers above pre-pandemic levels. Several producers "
                    "said cellar-door sales and restaurants now accounted for a significant "
                    "share of revenue, helping to cushion them against volatile export "
                    "prices."
                ),
            ),
            (
                "paragraph",
                (
                    "Industry representatives said they would lead a trade delegation to "
                    "Lagos and Ho Chi Minh City early next year. They have also asked "
                    "government to prioritise wine in future trade negotiations and to help "
                    "smaller producers meet labelling and certification requirements in new "
                    "markets."
                ),
            ),
        ],
    },
    {
        "slug": "garden-route-wildfire-contained",
        "section": "south-africa/western-cape",
        "headline": "Garden Route wildfire contained after three days as residents return home",
        "standfirst": (
            "Firefighters and aerial crews brought the blaze near George under "
            "control overnight, though more than 1,800 hectares of fynbos and "
            "plantations were burnt."
        ),
        "authors": [],
        "agency": "Southern Wire Service",
        "dateline": "George",
        "hours_ago": 12,
        "topics": ["Weather", "Climate"],
        "premium": False,
        "image": {
            "caption": "A helicopter collects water from a farm dam during the firefighting operation.",
            "credit": "Lindiwe Baloyi/Southern Wire Service",
            "palette": 4,
        },
        "body": [
            (
                "paragraph",
                (
                    "A wildfire that burnt for three days in the mountains above George has "
                    "been contained, the Garden Route district's fire services said, "
                    "allowing hundreds of evacuated residents to return to their homes. "
                    "Crews worked through the night to extinguish hotspots along the fire "
                    "line, helped by cooler temperatures and a shift in the wind."
                ),
            ),
            (
                "paragraph",
                (
                    "The fire burnt an estimated 1,800 hectares of fynbos and commercial "
                    "pine plantations. Four houses and several outbuildings were damaged on "
                    "smallholdings on the edge of the town, but no serious injuries were "
                    "reported. Two firefighters were treated for smoke inhalation and "
                    "released from hospital."
                ),
            ),
            ("subheading", "Aircraft play key role"),
            (
                "paragraph",
                (
                    "Helicopters and spotter planes carried out more than 200 water drops "
                    "during the operation, drawing water from farm dams and the nearby "
                    "coastline. Fire officials said strong, dry berg winds had driven the "
                    "fire rapidly down the slopes on the second day, forcing the evacuation "
                    "of two residential areas."
                ),
            ),
            (
                "quote",
                {
                    "text": (
                        "The crews on the ground and in the air did exceptional work in very "
                        "difficult conditions. We are grateful that, this time, nobody lost "
                        "their life."
                    ),
                    "attribution": "Johan Pretorius, chief fire officer for the Garden Route district",
                },
            ),
            (
                "paragraph",
                (
                    "The cause of the fire is under investigation. Officials said it "
                    "appeared to have started near a hiking trail and asked anyone with "
                    "information to come forward. A ban on open fires in the district will "
                    "remain in place until further notice, and hiking trails in the area "
                    "will stay closed."
                ),
            ),
            (
                "paragraph",
                (
                    "Ecologists noted that fynbos depends on periodic fires to regenerate, "
                    "but said that fires occurring too frequently, or burning at very high "
                    "intensity, could damage the ecosystem and harm threatened plant species "
                    "found nowhere else in the world. Botanists plan to survey the burnt "
                    "slopes over the coming months."
                ),
            ),
        ],
    },
    # --- KwaZulu-Natal ---
    {
        "slug": "durban-port-congestion-eases",
        "section": "south-africa/kwazulu-natal",
        "headline": "Durban port congestion eases as new cranes cut waiting times for ships",
        "standfirst": (
            "Vessels now wait an average of three days to berth at the container "
            "terminal, down from nine days earlier in the year, according to the "
            "port authority."
        ),
        "authors": ["lwazi-zungu"],
        "agency": "",
        "dateline": "Durban",
        "hours_ago": 50,
        "topics": ["Trade", "Transport"],
        "premium": False,
        "image": {
            "caption": "Container ships at anchor off the Durban coastline.",
            "credit": "Sanele Mkhwanazi/The Newsdesk Times",
            "palette": 0,
        },
        "body": [
            (
                "paragraph",
                (
                    "Congestion at Durban's main container terminal has eased significantly "
                    "after the arrival of new ship-to-shore cranes and changes to working "
                    "shifts, the port authority said. Vessels are now waiting an average of "
                    "three days for a berth, compared with nine days at the start of the "
                    "year, when queues of ships stretched along the coast."
                ),
            ),
            (
                "paragraph",
                (
                    "The authority has commissioned six new cranes and more than 40 straddle "
                    "carriers over the past eight months, replacing equipment that "
                    "frequently broke down. It has also introduced a booking system for "
                    "trucks collecting containers, which has shortened the queues on the "
                    "roads leading into the port."
                ),
            ),
            ("subheading", "Exporters cautiously optimistic"),
            (
                "paragraph",
                (
                    "Exporters of fruit, vehicles and chemicals said the improvement was "
                    "noticeable but that reliability remained their main concern. A "
                    "representative of a citrus exporters' association said growers had lost "
                    "millions of rand in previous seasons when fruit spoiled while waiting "
                    "to be loaded."
                ),
            ),
            (
                "quote",
                {
                    "text": (
                        "We are seeing better numbers week after week. The test will be whether "
                        "the port can hold that performance through the peak season."
                    ),
                    "attribution": "Ravi Naidoo, chairperson of a KwaZulu-Natal exporters' forum",
                },
            ),
            ("related", "eu-south-africa-citrus-dispute"),
            ("subheading", "Private partner to join"),
            (
                "paragraph",
                (
                    "The port authority is in the final stages of selecting a private "
                    "operator to co-manage one of the terminals under a 25-year concession. "
                    "Officials said the partnership would bring new investment and "
                    "expertise, while the state would retain ownership of the land and "
                    "infrastructure."
                ),
            ),
            (
                "paragraph",
                (
                    "Shipping lines said they would review the surcharges imposed on cargo "
                    "to Durban during the period of heavy congestion. One line said it had "
                    "already reduced its congestion fee and would remove it altogether if "
                    "waiting times stayed below three days for two consecutive months."
                ),
            ),
        ],
    },
    {
        "slug": "pietermaritzburg-flood-repairs-behind-schedule",
        "section": "south-africa/kwazulu-natal",
        "headline": "Pietermaritzburg flood repairs running a year behind schedule, auditors find",
        "standfirst": (
            "A report tabled in the provincial legislature says only 40% of damaged "
            "roads and bridges around the city have been rebuilt, with delays blamed "
            "on procurement and staff shortages."
        ),
        "authors": ["lwazi-zungu"],
        "agency": "",
        "dateline": "Pietermaritzburg",
        "hours_ago": 90,
        "topics": ["Local government", "Weather"],
        "premium": False,
        "image": {
            "caption": "Residents cross a river on a temporary footbridge outside Pietermaritzburg.",
            "credit": "Sanele Mkhwanazi/The Newsdesk Times",
            "palette": 5,
        },
        "body": [
            (
                "paragraph",
                (
                    "Repairs to roads, bridges and stormwater drains damaged by floods in "
                    "and around Pietermaritzburg are running about a year behind schedule, "
                    "according to a report tabled in the KwaZulu-Natal legislature. The "
                    "report found that only 40% of the damaged infrastructure had been "
                    "rebuilt, although most of the money allocated for the work had already "
                    "been committed."
                ),
            ),
            (
                "paragraph",
                (
                    "The auditors identified lengthy delays in appointing contractors, a "
                    "shortage of qualified engineers in the municipality and poor "
                    "coordination between provincial and local departments. In several cases "
                    "contracts had been awarded, but work had not started because designs "
                    "had not been approved."
                ),
            ),
            ("subheading", "Communities still cut off"),
            (
                "paragraph",
                (
                    "Residents of several rural settlements on the outskirts of the city "
                    "said they still relied on temporary crossings that become impassable "
                    "after heavy rain. Learners in one area have to walk an extra six "
                    "kilometres to school when the river is high, according to a community "
                    "leader who addressed the legislature's portfolio committee."
                ),
            ),
            (
                "quote",
                {
                    "text": (
                        "We were told the bridge would be rebuilt in six months. Two rainy "
                        "seasons have passed and our children are still crossing the river on "
                        "foot."
                    ),
                    "attribution": "Sibusiso Mkhize, ward committee member",
                },
            ),
            ("subheading", "Municipality promises faster progress"),
            (
                "paragraph",
                (
                    "The municipality said it had appointed a dedicated project management "
                    "unit and expected to complete most of the outstanding work within 12 "
                    "months. A spokesperson said the scale of the damage had been "
                    "unprecedented and that the municipality had also had to respond to "
                    "further storm damage since the floods."
                ),
            ),
            ("related", "weather-service-warns-of-severe-thunderstorms"),
            (
                "paragraph",
                (
                    "Members of the portfolio committee asked the provincial treasury to "
                    "consider taking over management of the remaining projects if the "
                    "municipality failed to meet its new deadlines. The committee will "
                    "receive a progress report in three months and said it would visit the "
                    "worst-affected settlements before then."
                ),
            ),
        ],
    },
    {
        "slug": "sugar-cane-growers-seek-relief",
        "section": "south-africa/kwazulu-natal",
        "headline": "Sugar cane growers seek relief as cheap imports and levy weigh on small farms",
        "standfirst": (
            "Small-scale growers on the north coast say rising costs and falling "
            "prices threaten thousands of rural jobs, and want changes to the tax on "
            "sugary drinks."
        ),
        "authors": ["lwazi-zungu"],
        "agency": "",
        "dateline": "KwaDukuza",
        "hours_ago": 220,
        "topics": ["Agriculture", "Economy"],
        "premium": False,
        "image": {
            "caption": "Cane fields on KwaZulu-Natal's north coast ahead of the harvest.",
            "credit": "Sanele Mkhwanazi/The Newsdesk Times",
            "palette": 6,
        },
        "body": [
            (
                "paragraph",
                (
                    "Small-scale sugar cane growers on KwaZulu-Natal's north coast have "
                    "called for urgent support from government, saying a combination of "
                    "cheap imports, rising input costs and the tax on sugary drinks has "
                    "pushed many of them close to ruin. Growers' representatives met "
                    "provincial officials in KwaDukuza this week to present a list of "
                    "demands."
                ),
            ),
            (
                "paragraph",
                (
                    "They want the levy on sugar-sweetened beverages to be frozen for three "
                    "years, stronger tariffs on imported sugar and help with the cost of "
                    "fertiliser and diesel. About 20,000 small growers supply cane to mills "
                    "in the province, many of them farming plots of less than ten hectares."
                ),
            ),
            ("subheading", "Diversification proposed"),
            (
                "paragraph",
                (
                    "Agricultural economists said the industry would need to diversify if it "
                    "was to survive in the long term. Options under discussion include "
                    "producing ethanol for blending with petrol, generating electricity from "
                    "cane fibre at mills and supplying sugar for sustainable aviation fuel, "
                    "though each would require significant investment."
                ),
            ),
            (
                "quote",
                {
                    "text": (
                        "Cane has fed families here for four generations. We are not asking for "
                        "charity, only for a fair chance to compete."
                    ),
                    "attribution": "Thulani Gumede, chairperson of a north coast growers' association",
                },
            ),
            (
                "paragraph",
                (
                    "Health advocates defended the levy, saying it had reduced sugar "
                    "consumption and that its revenue supported public health programmes. "
                    "They suggested that part of the revenue could instead be used to help "
                    "growers move into other crops, such as macadamia nuts and vegetables "
                    "for local markets."
                ),
            ),
            (
                "paragraph",
                (
                    "Provincial officials said they would take the proposals to the national "
                    "agriculture and trade departments. A joint task team is expected to "
                    "report back within two months, and growers said they would consider "
                    "protest action if there was no response by the start of the next "
                    "crushing season."
                ),
            ),
        ],
    },
    # --- Politics ---
    {
        "slug": "coalition-talks-collapse-in-metro",
        "section": "politics",
        "headline": "Coalition talks collapse in Ekurhuleni as parties fail to agree on mayoral candidate",
        "standfirst": (
            "A council meeting to elect a new mayor is adjourned for a second time "
            "after the largest party and two smaller partners could not settle on a "
            "candidate or a share of portfolios."
        ),
        "authors": ["thandi-mokoena"],
        "agency": "",
        "dateline": "Germiston",
        "hours_ago": 8,
        "topics": ["Elections", "Local government"],
        "premium": False,
        "image": {
            "caption": "Councillors leave the chamber after the meeting was adjourned.",
            "credit": "Jessica Adams/The Newsdesk Times",
            "palette": 1,
        },
        "body": [
            (
                "paragraph",
                (
                    "Negotiations to form a new governing coalition in Ekurhuleni collapsed "
                    "late last night after the three parties involved failed to agree on who "
                    "should become mayor. A special council meeting convened to elect the "
                    "city's leadership was adjourned for the second time in a fortnight, "
                    "leaving the metro without an executive mayor."
                ),
            ),
            (
                "paragraph",
                (
                    "The Progressive Alliance, which holds the largest number of seats but "
                    "not a majority, had proposed its caucus leader, Bongani Tshabalala, for "
                    "the post. Its two prospective partners, the People's Civic Movement and "
                    "the United Ratepayers Front, insisted on a candidate from outside the "
                    "largest party and demanded control of the finance portfolio."
                ),
            ),
            ("subheading", "Services not affected, city says"),
            (
                "paragraph",
                (
                    "The city manager said in a statement that basic services, including "
                    "water, electricity and refuse removal, would continue as normal and "
                    "that officials had delegated authority to approve routine spending. "
                    "However, he warned that major decisions, such as adopting an "
                    "adjustments budget, could not be taken until a mayor was elected."
                ),
            ),
            (
                "quote",
                {
                    "text": (
                        "We have been negotiating in good faith for three weeks. We will not "
                        "sign an agreement that gives a party with eight seats a veto over the "
                        "entire city."
                    ),
                    "attribution": "Bongani Tshabalala, Progressive Alliance caucus leader",
                },
            ),
            ("subheading", "Province may intervene"),
            (
                "paragraph",
                (
                    "The provincial department of cooperative governance said it was "
                    "monitoring the situation and reminded councillors that the law required "
                    "a mayor to be elected within a set period. If the deadlock continued, "
                    "the department could ask for the council to be dissolved and a "
                    "by-election called, a step analysts said all parties were keen to "
                    "avoid."
                ),
            ),
            ("related", "opinion-coalition-government-needs-rules"),
            (
                "paragraph",
                (
                    "The council speaker said a new meeting would be convened within 14 "
                    "days. Negotiators from all three parties said informal talks would "
                    "resume later this week, and the two smaller parties said they were also "
                    "willing to speak to other groupings in the council if no agreement was "
                    "reached."
                ),
            ),
        ],
    },
    {
        "slug": "parliament-passes-municipal-finance-bill",
        "section": "politics",
        "headline": "Parliament passes bill giving Treasury stronger powers over failing municipalities",
        "standfirst": (
            "The amendment allows national government to place struggling councils "
            "under financial administration more quickly, but opponents warn it "
            "undermines local autonomy."
        ),
        "authors": ["thandi-mokoena"],
        "agency": "",
        "dateline": "Cape Town",
        "hours_ago": 56,
        "topics": ["Parliament", "Local government", "Economy"],
        "premium": False,
        "image": {
            "caption": "Members of Parliament vote on the amendment in the National Assembly.",
            "credit": "Yusuf Davids/The Newsdesk Times",
            "palette": 2,
        },
        "body": [
            (
                "paragraph",
                (
                    "The National Assembly has passed an amendment to municipal finance "
                    "legislation that will give the National Treasury stronger powers to "
                    "intervene in municipalities facing financial collapse. The bill was "
                    "approved by 231 votes to 118 after a debate that stretched late into "
                    "the evening, and now goes to the National Council of Provinces."
                ),
            ),
            (
                "paragraph",
                (
                    "Under the amendment, the Treasury will be able to place a municipality "
                    "under financial administration if it fails to pay bulk suppliers of "
                    "water or electricity for three consecutive months, or if its audit "
                    "opinion is qualified for three years in a row. At present, such "
                    "interventions require lengthy consultation with the provincial "
                    "government."
                ),
            ),
            ("subheading", "Debate divides the House"),
            (
                "paragraph",
                (
                    "Supporters argued that residents of struggling towns had waited too "
                    "long for help while debts mounted and services collapsed. Opponents "
                    "said the bill concentrated too much power in national government and "
                    "could be used for political ends, and that the real problem was a "
                    "shortage of skilled staff rather than a lack of legal powers."
                ),
            ),
            (
                "quote",
                {
                    "text": (
                        "This is not about taking power away from councils. It is about making "
                        "sure that when a town is in crisis, somebody is able to act before the "
                        "lights go out."
                    ),
                    "attribution": "Refentse Moloi, deputy minister of finance",
                },
            ),
            ("related", "pietermaritzburg-flood-repairs-behind-schedule"),
            ("subheading", "What happens next"),
            (
                "paragraph",
                (
                    "The National Council of Provinces is expected to debate the bill within "
                    "six weeks. If it is approved, it will be sent to the president for "
                    "signature, and the Treasury has said it will publish regulations "
                    "explaining how the new powers will be used within three months of the "
                    "law taking effect."
                ),
            ),
            (
                "paragraph",
                (
                    "Organisations representing municipalities said they had been consulted "
                    "but remained concerned about some provisions, particularly the power to "
                    "suspend councillors' oversight functions during an administration. They "
                    "said they would make further submissions when the bill reaches the "
                    "provinces, and would ask for a clearer process for ending an "
                    "administration."
                ),
            ),
        ],
    },
    {
        "slug": "voter-registration-weekend",
        "section": "politics",
        "headline": "Electoral commission opens 23,000 voting stations for final registration weekend",
        "standfirst": (
            "First-time voters and residents who have moved are urged to check their "
            "details before the voters' roll closes ahead of next year's local "
            "elections."
        ),
        "authors": [],
        "agency": "Southern Wire Service",
        "dateline": "Centurion",
        "hours_ago": 100,
        "topics": ["Elections"],
        "premium": False,
        "image": {
            "caption": "A first-time voter checks her details at a registration station in Centurion.",
            "credit": "Pieter Kruger/Southern Wire Service",
            "palette": 5,
        },
        "body": [
            (
                "paragraph",
                (
                    "The electoral commission will open more than 23,000 voting stations "
                    "across the country this weekend for the last scheduled registration "
                    "drive before next year's local government elections. Stations will be "
                    "open from 8am to 5pm on both days, and officials will be on hand to "
                    "help new voters and those who need to update their addresses."
                ),
            ),
            (
                "paragraph",
                (
                    "The commission said about 1.2 million people had registered or updated "
                    "their details online since its registration portal opened, more than "
                    "half of them aged under 30. It urged citizens who had moved since the "
                    "last election to check that they were registered in the correct ward, "
                    "as voters may only cast a ballot where they are registered."
                ),
            ),
            ("subheading", "Young voters targeted"),
            (
                "paragraph",
                (
                    "Registration campaigns have focused on universities, technical colleges "
                    "and shopping centres, where turnout among young people has historically "
                    "been low. The commission has also partnered with mobile network "
                    "operators to send reminder messages, and said it would deploy mobile "
                    "registration units to farms and remote rural areas."
                ),
            ),
            (
                "quote",
                {
                    "text": (
                        "Registration is the first step. If you are not on the roll, nobody can "
                        "hear your voice on election day."
                    ),
                    "attribution": "Mmabatho Sithole, chief electoral officer",
                },
            ),
            (
                "paragraph",
                (
                    "Political parties have used the weekend to mobilise supporters, with "
                    "several planning rallies and door-to-door campaigns. The commission "
                    "reminded parties that campaigning was not permitted inside the "
                    "boundaries of voting stations and that party agents would be asked to "
                    "leave if they breached the rules."
                ),
            ),
            (
                "paragraph",
                (
                    "People who cannot visit a station can check and update their "
                    "registration online using their identity number. The commission said it "
                    "would announce the date on which the voters' roll closes once the "
                    "election date has been proclaimed, and advised people not to wait until "
                    "the last minute."
                ),
            ),
        ],
    },
    {
        "slug": "analysis-provinces-running-out-of-money",
        "section": "politics",
        "headline": "Analysis: Why provinces are running out of money for teachers and nurses",
        "standfirst": (
            "Rising wage bills, slower-growing transfers and unpaid accounts are "
            "squeezing the provinces that deliver most public services. We examine "
            "the numbers and what they mean for schools and clinics."
        ),
        "authors": ["thandi-mokoena", "ayesha-parker"],
        "agency": "",
        "dateline": "Cape Town",
        "hours_ago": 60,
        "topics": ["Parliament", "Economy", "Health"],
        "premium": True,
        "image": {
            "caption": "A crowded Grade 4 classroom in a Limpopo primary school.",
            "credit": "Mandla Sithole/The Newsdesk Times",
            "palette": 6,
        },
        "body": [
            (
                "paragraph",
                (
                    "Provincial governments are responsible for most of the services that "
                    "South Africans use every day, from schools and clinics to hospitals and "
                    "provincial roads. Yet they raise very little revenue of their own, "
                    "relying on transfers from national government for about 95% of their "
                    "budgets. When those transfers fail to keep pace with costs, the "
                    "pressure lands on classrooms and wards."
                ),
            ),
            (
                "paragraph",
                (
                    "According to budget documents tabled in Parliament, staff costs now "
                    "account for close to 60% of provincial spending on average, and more "
                    "than 70% in the education departments of several provinces. "
                    "Above-inflation wage settlements over the past two years have added "
                    "tens of billions of rand to the bill, while the equitable share "
                    "allocated to provinces has grown more slowly."
                ),
            ),
            ("subheading", "Posts left vacant"),
            (
                "paragraph",
                (
                    "The result, provincial treasuries say, is that departments are leaving "
                    "posts vacant to stay within budget. In one large province, about 4,000 "
                    "teaching posts were unfilled at the start of the school year, leading "
                    "to larger classes. Health departments report freezes on the appointment "
                    "of nurses and junior doctors, even as patient numbers rise."
                ),
            ),
            (
                "quote",
                {
                    "text": (
                        "We are not being asked to cut fat. We are being asked to choose which "
                        "school gets a teacher and which clinic gets a nurse."
                    ),
                    "attribution": "Xolani Dube, head of a provincial treasury",
                },
            ),
            (
                "paragraph",
                (
                    "National Treasury officials argue that provinces must manage their wage "
                    "bills more carefully and collect money they are owed, particularly in "
                    "health, where patient fees often go unrecovered. They also point to "
                    "spending on consultants and to accruals, unpaid bills carried over from "
                    "one year to the next, which in some provinces have reached several "
                    "billion rand."
                ),
            ),
            ("subheading", "Legal claims add to the strain"),
            (
                "paragraph",
                (
                    "A less visible pressure comes from medico-legal claims against "
                    "provincial health departments. Successful lawsuits over medical "
                    "negligence, many involving injuries at birth, have led to payouts that "
                    "some provinces say consume a significant share of their health budgets. "
                    "Reform of the law governing such claims has been discussed for years "
                    "without resolution."
                ),
            ),
            (
                "paragraph",
                (
                    "Economists say there are few easy options. Raising the provinces' share "
                    "of national revenue would mean cuts elsewhere or higher taxes, while "
                    "giving provinces greater taxing powers has been resisted because of "
                    "concerns about capacity. Several have suggested that the formula used "
                    "to divide revenue between provinces should be updated to reflect "
                    "migration."
                ),
            ),
            (
                "paragraph",
                (
                    "For now, provincial finance officials are preparing for another tight "
                    "year. The adjustments budget, due to be tabled shortly, will show "
                    "whether national government is willing to provide additional funds, or "
                    "whether provinces will have to absorb the cost of the latest wage "
                    "agreement on their own."
                ),
            ),
        ],
    },
    # --- World ---
    {
        "slug": "un-climate-talks-adaptation-finance-deal",
        "section": "world",
        "headline": "Climate negotiators reach draft deal on adaptation finance after overnight session",
        "standfirst": (
            "Developing countries secure a commitment to double funding for "
            "adaptation, but campaigners say the text lacks firm timelines."
        ),
        "authors": [],
        "agency": "Continental Newswire",
        "dateline": "Bonn",
        "hours_ago": 14,
        "topics": ["Climate", "Diplomacy"],
        "premium": False,
        "image": {
            "caption": "Delegates confer during the overnight session in Bonn.",
            "credit": "Markus Feldmann/Continental Newswire",
            "palette": 2,
        },
        "body": [
            (
                "paragraph",
                (
                    "Negotiators at United Nations climate talks in Bonn agreed a draft text "
                    "on adaptation finance early this morning after a session that ran "
                    "through the night. The draft commits wealthy countries to doubling the "
                    "money they provide to help poorer nations adapt to floods, droughts and "
                    "rising seas, though it does not yet specify a baseline year or a "
                    "deadline."
                ),
            ),
            (
                "paragraph",
                (
                    "The talks, held midway between the annual summits, are meant to prepare "
                    "technical groundwork for ministers. Adaptation finance has become one "
                    "of the most contentious issues, with African and small island states "
                    "arguing that most climate funding has gone to cutting emissions rather "
                    "than helping communities cope with impacts already being felt."
                ),
            ),
            ("subheading", "African group welcomes progress"),
            (
                "paragraph",
                (
                    "The chief negotiator for the African group, Amara Diallo of Senegal, "
                    "said the draft represented real progress but warned that its language "
                    "could still be weakened before the next summit. Several delegations "
                    "from Latin America and the Pacific echoed her concerns, calling for a "
                    "clear schedule of payments."
                ),
            ),
            (
                "quote",
                {
                    "text": (
                        "Our farmers cannot wait for a perfect agreement. They need irrigation, "
                        "early-warning systems and seeds that survive the heat, and they need "
                        "them now."
                    ),
                    "attribution": "Amara Diallo, chief negotiator for the African group",
                },
            ),
            (
                "paragraph",
                (
                    "Representatives of several European countries said they supported the "
                    "goal but that public finances were under pressure and private "
                    "investment would need to play a larger role. Campaign groups criticised "
                    "this position, arguing that adaptation projects, such as sea walls and "
                    "drought-resistant irrigation, rarely generate the returns private "
                    "investors seek."
                ),
            ),
            ("subheading", "Next steps"),
            (
                "paragraph",
                (
                    "The draft will be forwarded to ministers for consideration at the "
                    "annual summit later this year. Observers said the outcome in Bonn "
                    "suggested a deal was possible, but that significant gaps remained over "
                    "the size of a new overall climate finance goal and over which countries "
                    "should contribute."
                ),
            ),
            ("related", "marine-heatwave-stresses-kelp-forests"),
        ],
    },
    {
        "slug": "g20-trade-ministers-critical-minerals",
        "section": "world",
        "headline": "G20 trade ministers agree principles for critical minerals supply chains",
        "standfirst": (
            "The non-binding statement calls for more processing to take place in "
            "producing countries, a long-standing demand of African mineral "
            "exporters."
        ),
        "authors": ["claire-fourie"],
        "agency": "",
        "dateline": "Brasília",
        "hours_ago": 75,
        "topics": ["Trade", "Mining", "Diplomacy"],
        "premium": False,
        "image": {
            "caption": "Trade ministers pose for a group photograph in Brasília.",
            "credit": "Markus Feldmann/Continental Newswire",
            "palette": 1,
        },
        "body": [
            (
                "paragraph",
                (
                    "Trade ministers from the Group of 20 largest economies have endorsed a "
                    "set of principles on supply chains for critical minerals, including "
                    "lithium, cobalt and the platinum group metals, at a meeting in "
                    "Brasília. The statement is not legally binding but marks the first time "
                    "the group has agreed common language on the issue."
                ),
            ),
            (
                "paragraph",
                (
                    "The principles call for greater transparency in mineral supply chains, "
                    "respect for labour and environmental standards, and support for adding "
                    "value in producing countries. African exporters, including South "
                    "Africa, the Democratic Republic of Congo and Zimbabwe, have pushed for "
                    "years for more of the processing and refining of their minerals to take "
                    "place at home."
                ),
            ),
            ("subheading", "South Africa's position"),
            (
                "paragraph",
                (
                    "South Africa's trade minister, Sindisiwe Mabuza, told journalists that "
                    "the statement was an important step but needed to be followed by "
                    "investment. She said the country, which produces most of the world's "
                    "platinum, wanted to attract manufacturers of fuel cells and catalytic "
                    "converters to locate close to its mines."
                ),
            ),
            (
                "quote",
                {
                    "text": (
                        "For a century, our minerals have left our shores as raw ore and come "
                        "back as finished products at many times the price. That model has to "
                        "change."
                    ),
                    "attribution": "Sindisiwe Mabuza, minister of trade",
                },
            ),
            ("related", "jse-miners-lift-index-to-record"),
            (
                "paragraph",
                (
                    "Officials from several industrialised countries said they were keen to "
                    "diversify supply chains that are currently concentrated in a small "
                    "number of countries. However, they cautioned that processing plants "
                    "required reliable electricity, water and transport, which remain a "
                    "challenge in parts of Africa."
                ),
            ),
            ("subheading", "Critics want binding commitments"),
            (
                "paragraph",
                (
                    "Civil society organisations said the principles did not go far enough, "
                    "noting that they contained no enforcement mechanism and no specific "
                    "targets for local processing. They urged ministers to back the "
                    "statement with financing commitments at the leaders' summit later in "
                    "the year, and to involve mining communities in future discussions."
                ),
            ),
        ],
    },
    {
        "slug": "indian-ocean-cyclone-season-forecast",
        "section": "world",
        "headline": "Forecasters predict above-average cyclone season in the south-west Indian Ocean",
        "standfirst": (
            "Warmer than normal sea temperatures could fuel more intense storms, "
            "with Madagascar and Mozambique most at risk, regional meteorologists "
            "warn."
        ),
        "authors": [],
        "agency": "Continental Newswire",
        "dateline": "Port Louis",
        "hours_ago": 180,
        "topics": ["Weather", "Climate"],
        "premium": False,
        "image": {
            "caption": "A satellite image of a tropical cyclone east of Madagascar last season.",
            "credit": "Continental Newswire",
            "palette": 7,
        },
        "body": [
            (
                "paragraph",
                (
                    "Meteorologists in the south-west Indian Ocean region expect an "
                    "above-average cyclone season, with between 10 and 12 named storms "
                    "forecast between November and April. The outlook, presented at a "
                    "meeting of regional forecasters in Port Louis, cites unusually warm sea "
                    "surface temperatures east of Madagascar as the main driver."
                ),
            ),
            (
                "paragraph",
                (
                    "Forecasters said that warmer waters not only increase the likelihood of "
                    "storms forming but can also allow them to intensify rapidly, sometimes "
                    "within 24 hours. Madagascar, Mozambique, Mauritius and Réunion faced "
                    "the greatest risk, they said, but the remnants of storms could bring "
                    "heavy rain as far inland as Zimbabwe, Malawi and north-eastern South "
                    "Africa."
                ),
            ),
            ("subheading", "Early warnings to be improved"),
            (
                "paragraph",
                (
                    "Governments in the region have agreed to share data more quickly and to "
                    "issue warnings in local languages through radio and mobile phone "
                    "messages. Aid agencies said they were pre-positioning food, tarpaulins "
                    "and water-purification supplies in coastal areas of Mozambique that "
                    "were badly affected in recent seasons."
                ),
            ),
            (
                "quote",
                {
                    "text": (
                        "A good forecast saves lives only if it reaches the fisherman and the "
                        "farmer in time. That last mile is where we must do better."
                    ),
                    "attribution": "Marie-Claire Bégué, head of forecasting at a regional weather centre",
                },
            ),
            (
                "paragraph",
                (
                    "Scientists have linked warming oceans to an increase in the proportion "
                    "of tropical cyclones that reach the most intense categories, although "
                    "the total number of storms globally has not risen significantly. "
                    "Research in the region is hampered by a shortage of weather-observation "
                    "stations and ocean buoys."
                ),
            ),
            ("subheading", "South Africa on alert"),
            (
                "paragraph",
                (
                    "South Africa's weather service said it would monitor storms closely, "
                    "particularly those that track into the Mozambique Channel. Heavy "
                    "rainfall associated with cyclones has in the past caused flooding in "
                    "Limpopo and Mpumalanga, and disaster officials said they were reviewing "
                    "their contingency plans."
                ),
            ),
            ("related", "weather-service-warns-of-severe-thunderstorms"),
        ],
    },
    # --- Africa ---
    {
        "slug": "rail-corridor-agreement-copper-exports",
        "section": "world/africa",
        "headline": "Three countries sign agreement to revive rail corridor for copper exports",
        "standfirst": (
            "Transport ministers from Tanzania, Zambia and the Democratic Republic "
            "of Congo agree to a $1.8bn upgrade of the line to Dar es Salaam, aiming "
            "to cut truck traffic and export costs."
        ),
        "authors": ["tendai-mutasa"],
        "agency": "",
        "dateline": "Dar es Salaam",
        "hours_ago": 52,
        "topics": ["Transport", "Trade", "Mining"],
        "premium": False,
        "image": {
            "caption": "A freight train loaded with copper cathodes waits at a siding in Zambia.",
            "credit": "Tendai Mutasa/The Newsdesk Times",
            "palette": 6,
        },
        "body": [
            (
                "paragraph",
                (
                    "Transport ministers from Tanzania, Zambia and the Democratic Republic "
                    "of Congo have signed an agreement to upgrade a railway linking the "
                    "copper mines of central Africa to the port of Dar es Salaam. The $1.8bn "
                    "project aims to shift a large share of mineral exports from trucks to "
                    "rail, reducing costs and easing congestion on the region's roads."
                ),
            ),
            (
                "paragraph",
                (
                    "The line, built in the 1970s, has suffered from decades of "
                    "underinvestment, and trains now carry only a fraction of its design "
                    "capacity. Most copper and cobalt from the region travels by road to "
                    "ports in Tanzania, Namibia and South Africa, and long queues of trucks "
                    "at border posts are a familiar sight."
                ),
            ),
            ("subheading", "Funding still to be finalised"),
            (
                "paragraph",
                (
                    "The ministers said financing would come from development banks, private "
                    "investors and the three governments, but details have yet to be "
                    "finalised. A joint company will be set up to manage the line, with a "
                    "private operator expected to run train services under a long-term "
                    "concession."
                ),
            ),
            (
                "quote",
                {
                    "text": (
                        "Every truck we take off the road is a saving for our exporters and a "
                        "safer journey for our citizens. Rail is the backbone this region has "
                        "been missing."
                    ),
                    "attribution": "Joseph Mwakalinga, deputy minister of transport, Tanzania",
                },
            ),
            (
                "paragraph",
                (
                    "Mining companies welcomed the agreement, saying that reliable rail "
                    "transport could cut the cost of moving copper to the coast by as much "
                    "as a third. However, some analysts questioned whether the project would "
                    "be completed on time, noting that previous rehabilitation plans had "
                    "stalled."
                ),
            ),
            ("related", "g20-trade-ministers-critical-minerals"),
            ("subheading", "Competition between corridors"),
            (
                "paragraph",
                (
                    "The revival of the line will intensify competition between rival export "
                    "routes, including the corridor to Angola's Atlantic coast and the road "
                    "and rail links to Durban. South African logistics companies said they "
                    "would need to improve efficiency to keep cargo from the region."
                ),
            ),
        ],
    },
    {
        "slug": "zimbabwe-maize-harvest-recovery",
        "section": "world/africa",
        "headline": "Zimbabwe forecasts a recovery in its maize harvest after good rains",
        "standfirst": (
            "Crop assessments suggest output could rise by more than half compared "
            "with last year's drought-hit season, easing the need for imports."
        ),
        "authors": ["tendai-mutasa"],
        "agency": "",
        "dateline": "Harare",
        "hours_ago": 130,
        "topics": ["Agriculture", "Economy"],
        "premium": False,
        "image": {
            "caption": "A farmer inspects maize cobs in Mashonaland East.",
            "credit": "Tendai Mutasa/The Newsdesk Times",
            "palette": 2,
        },
        "body": [
            (
                "paragraph",
                (
                    "Zimbabwe's maize harvest is expected to recover strongly this year "
                    "after above-average rainfall across most of the country, according to a "
                    "crop assessment released by the agriculture ministry. Officials "
                    "forecast a harvest of about 2.1 million tonnes, an increase of more "
                    "than half on last season, when drought devastated crops across southern "
                    "Africa."
                ),
            ),
            (
                "paragraph",
                (
                    "The improvement is expected to reduce the country's reliance on imports "
                    "from neighbouring countries, including South Africa and Zambia. Grain "
                    "traders said prices in local markets had already begun to fall as "
                    "farmers brought early harvests to sell, giving relief to households "
                    "that had struggled with high food costs."
                ),
            ),
            ("subheading", "Smallholders drive the recovery"),
            (
                "paragraph",
                (
                    "Most of the increase is expected to come from smallholder farmers, who "
                    "grow the bulk of the country's maize. Agronomists said many had "
                    "benefited from government and donor programmes that supplied seed and "
                    "fertiliser and trained farmers in conservation agriculture, which is "
                    "designed to retain moisture in the soil."
                ),
            ),
            (
                "quote",
                {
                    "text": (
                        "Last year we harvested almost nothing. This year the granary is full, "
                        "and we can sell some to pay school fees."
                    ),
                    "attribution": "Chipo Moyo, smallholder farmer in Mashonaland East",
                },
            ),
            (
                "paragraph",
                (
                    "Agricultural economists cautioned that storage remained a problem, with "
                    "significant losses to pests and moisture in poorly built granaries. "
                    "They also warned that export restrictions, which the government has "
                    "imposed in previous years, could discourage farmers from planting more "
                    "if prices fell too far."
                ),
            ),
            ("related", "drought-tolerant-sorghum-trials"),
            (
                "paragraph",
                (
                    "Aid agencies said that while the national picture had improved, some "
                    "districts in the south of the country had received less rain and would "
                    "still need food assistance. They urged the authorities to keep "
                    "monitoring vulnerable households through the lean season, which usually "
                    "runs from October to March."
                ),
            ),
        ],
    },
    {
        "slug": "nigeria-tightens-fintech-licensing",
        "section": "world/africa",
        "headline": "Nigeria's central bank tightens licensing rules for mobile payment firms",
        "standfirst": (
            "New capital requirements and data-protection standards will force "
            "smaller fintech companies to merge or find new investors, analysts say."
        ),
        "authors": [],
        "agency": "Continental Newswire",
        "dateline": "Lagos",
        "hours_ago": 200,
        "topics": ["Technology", "Markets"],
        "premium": False,
        "image": {
            "caption": "A trader in Lagos accepts a payment by mobile phone.",
            "credit": "Chinedu Eze/Continental Newswire",
            "palette": 3,
        },
        "body": [
            (
                "paragraph",
                (
                    "Nigeria's central bank has announced tighter licensing requirements for "
                    "mobile payment and digital lending companies, including a sharp "
                    "increase in minimum capital and new rules on how customer data must be "
                    "stored. Firms will have 18 months to comply, after which those that do "
                    "not meet the requirements will lose their licences."
                ),
            ),
            (
                "paragraph",
                (
                    "The bank said the changes were intended to protect consumers and "
                    "strengthen the stability of a sector that has grown rapidly over the "
                    "past five years. Millions of Nigerians now use mobile apps to send "
                    "money, pay bills and borrow small sums, many of them people who have "
                    "never held a traditional bank account."
                ),
            ),
            ("subheading", "Smaller firms under pressure"),
            (
                "paragraph",
                (
                    "Industry analysts said the higher capital requirements would be "
                    "difficult for smaller start-ups to meet and predicted a wave of mergers "
                    "and acquisitions. Several larger fintech companies, some backed by "
                    "international investors, said they already met the new standards and "
                    "welcomed a level playing field."
                ),
            ),
            (
                "quote",
                {
                    "text": (
                        "Regulation that is clear and predictable is good for serious "
                        "businesses. What we need is for the rules to be applied consistently."
                    ),
                    "attribution": "Adaeze Okafor, chief executive of a Lagos-based payments company",
                },
            ),
            (
                "paragraph",
                (
                    "Consumer groups welcomed the data-protection rules, citing complaints "
                    "about aggressive debt collection by some digital lenders, including "
                    "contacting borrowers' friends and family. The new rules will prohibit "
                    "lenders from accessing a customer's contact list without explicit "
                    "consent and will cap the fees charged on late repayments."
                ),
            ),
            ("subheading", "Regional implications"),
            (
                "paragraph",
                (
                    "The changes are being watched closely in other African markets, "
                    "including Kenya, Ghana and South Africa, where regulators are also "
                    "reviewing how to supervise digital financial services. Several Nigerian "
                    "fintech firms have expanded into neighbouring countries and will need "
                    "to comply with differing rules in each of them."
                ),
            ),
        ],
    },
    {
        "slug": "namibia-green-hydrogen-plant-starts",
        "section": "world/africa",
        "headline": "Namibia's first green hydrogen plant starts production near Lüderitz",
        "standfirst": (
            "The pilot facility, powered by wind and solar energy, is small by "
            "global standards, but its backers say it will test whether southern "
            "Africa can become a major exporter of clean fuels."
        ),
        "authors": ["tendai-mutasa"],
        "agency": "",
        "dateline": "Lüderitz",
        "hours_ago": 260,
        "topics": ["Energy", "Climate", "Trade"],
        "premium": True,
        "image": {
            "caption": "Wind turbines beside the pilot hydrogen plant on the Namibian coast.",
            "credit": "Tendai Mutasa/The Newsdesk Times",
            "palette": 1,
        },
        "body": [
            (
                "paragraph",
                (
                    "A pilot green hydrogen plant near the Namibian coastal town of Lüderitz "
                    "has begun production, marking a milestone for a country that hopes to "
                    "become one of the world's leading exporters of clean fuels. The "
                    "facility, operated by Namib Coast Hydrogen, uses electricity from wind "
                    "turbines and solar panels to split water into hydrogen and oxygen."
                ),
            ),
            (
                "paragraph",
                (
                    "At full capacity the pilot will produce about 300 tonnes of hydrogen a "
                    "year, a tiny amount compared with the millions of tonnes envisaged in "
                    "the country's long-term plans. The company said the plant's main "
                    "purpose was to test equipment in harsh desert conditions, where sand, "
                    "wind and salt air can damage machinery."
                ),
            ),
            ("subheading", "Abundant sun and wind"),
            (
                "paragraph",
                (
                    "Namibia's southern coast has some of the strongest and most consistent "
                    "winds in Africa, combined with intense sunshine and large areas of "
                    "sparsely populated land. Supporters argue that this combination could "
                    "allow the country to produce hydrogen more cheaply than most "
                    "competitors, particularly if it is converted into ammonia for shipping "
                    "to Europe and Asia."
                ),
            ),
            (
                "quote",
                {
                    "text": (
                        "The resource is world-class. The question is whether we can build the "
                        "infrastructure, the skills and the financing fast enough to take "
                        "advantage of it."
                    ),
                    "attribution": "Elago Shikongo, chief executive of Namib Coast Hydrogen",
                },
            ),
            (
                "paragraph",
                (
                    "The government has identified a large area of coastal desert as the "
                    "site for a much bigger commercial project, which would require "
                    "desalination plants, a new port terminal and thousands of workers. "
                    "Conservation groups have raised concerns about the impact on wildlife "
                    "and on a coastline with unique plant species, and have called for a "
                    "thorough environmental assessment."
                ),
            ),
            ("subheading", "Questions over local benefits"),
            (
                "paragraph",
                (
                    "Economists in Windhoek said the project's success would depend on how "
                    "much of the value remained in Namibia. They pointed out that the "
                    "country has a population of about three million and that previous "
                    "resource projects had created relatively few jobs for local people. The "
                    "government has said it intends to take a stake in future projects and "
                    "to require local training."
                ),
            ),
            ("related", "karoo-solar-holdings-doubles-profit"),
            (
                "paragraph",
                (
                    "Lüderitz residents said the pilot had already brought some business to "
                    "the town, which has struggled since the decline of its fishing "
                    "industry. Guesthouse owners reported higher occupancy, and several "
                    "young people from the town have been employed as technicians after "
                    "training at a vocational college."
                ),
            ),
        ],
    },
    # --- Europe ---
    {
        "slug": "eu-south-africa-citrus-dispute",
        "section": "world/europe",
        "headline": "EU and South Africa agree to expert panel in long-running citrus dispute",
        "standfirst": (
            "Brussels and Pretoria will ask independent scientists to review "
            "plant-health rules that exporters say have cost them hundreds of "
            "millions of rand."
        ),
        "authors": ["claire-fourie"],
        "agency": "",
        "dateline": "Brussels",
        "hours_ago": 62,
        "topics": ["Trade", "Agriculture", "Diplomacy"],
        "premium": False,
        "image": {
            "caption": "Oranges are sorted for export at a packhouse in the Sundays River Valley.",
            "credit": "Anneke du Toit/The Newsdesk Times",
            "palette": 0,
        },
        "body": [
            (
                "paragraph",
                (
                    "The European Union and South Africa have agreed to appoint an "
                    "independent panel of plant-health experts to review import rules for "
                    "citrus fruit, in an attempt to settle a dispute that has soured trade "
                    "relations for several years. The decision was announced after a meeting "
                    "of senior trade officials in Brussels."
                ),
            ),
            (
                "paragraph",
                (
                    "South African exporters have long argued that EU rules on citrus black "
                    "spot, a fungal disease, and on false codling moth, an insect pest, are "
                    "stricter than the scientific evidence justifies. They say the "
                    "requirements, which include cold treatment of fruit during shipping, "
                    "add significantly to costs and have led to consignments being rejected "
                    "at European ports."
                ),
            ),
            ("subheading", "Exporters cautiously welcome the move"),
            (
                "paragraph",
                (
                    "South Africa's citrus growers, who send about a third of their exports "
                    "to the EU, welcomed the panel but said it would need to work quickly. "
                    "An industry representative said exporters had spent hundreds of "
                    "millions of rand complying with the rules and had lost business to "
                    "competitors in South America and the Mediterranean."
                ),
            ),
            (
                "quote",
                {
                    "text": (
                        "We have always said the science is on our side. We are happy for "
                        "independent experts to look at the evidence, as long as it does not "
                        "take another five years."
                    ),
                    "attribution": "Marike van Wyk, spokesperson for a citrus growers' association",
                },
            ),
            (
                "paragraph",
                (
                    "European officials said protecting the bloc's own citrus industry, "
                    "concentrated in Spain, Italy and Greece, from pests and diseases "
                    "remained a priority. Growers' organisations in southern Europe have "
                    "opposed any relaxation of the rules, arguing that an outbreak could "
                    "devastate their orchards."
                ),
            ),
            ("related", "durban-port-congestion-eases"),
            ("subheading", "Panel to report within a year"),
            (
                "paragraph",
                (
                    "The panel will consist of six scientists, three nominated by each side, "
                    "and will be asked to report within twelve months. Its findings will not "
                    "be binding, but both sides said they would take them into account when "
                    "reviewing the rules, and that technical talks on other agricultural "
                    "products would continue in parallel."
                ),
            ),
        ],
    },
    {
        "slug": "catalonia-tightens-water-restrictions",
        "section": "world/europe",
        "headline": "Catalonia tightens water restrictions as heatwave grips Spain",
        "standfirst": (
            "Reservoirs in the region have fallen below 20% of capacity, prompting "
            "limits on irrigation, car washing and the filling of swimming pools."
        ),
        "authors": [],
        "agency": "Continental Newswire",
        "dateline": "Barcelona",
        "hours_ago": 85,
        "topics": ["Weather", "Water", "Climate"],
        "premium": False,
        "image": {
            "caption": "The exposed bed of a reservoir north of Barcelona.",
            "credit": "Lucía Serrano/Continental Newswire",
            "palette": 4,
        },
        "body": [
            (
                "paragraph",
                (
                    "Authorities in Catalonia have tightened water restrictions as a "
                    "prolonged heatwave pushes temperatures above 40°C in parts of Spain and "
                    "reservoirs continue to fall. The regional water agency said storage in "
                    "the reservoirs serving Barcelona and surrounding towns had dropped "
                    "below 20% of capacity, the lowest level for this time of year on "
                    "record."
                ),
            ),
            (
                "paragraph",
                (
                    "Under the new measures, farmers will face a 40% cut in irrigation "
                    "allocations, while industrial users must reduce consumption by a "
                    "quarter. Households are prohibited from washing cars with hoses, "
                    "watering gardens during the day or filling private swimming pools, and "
                    "municipalities have been told to reduce the use of fountains and street "
                    "cleaning."
                ),
            ),
            ("subheading", "Tourism industry concerned"),
            (
                "paragraph",
                (
                    "The tourism sector, which is central to the regional economy, has "
                    "expressed concern that the restrictions could deter visitors during the "
                    "peak season. Hotel associations said they had already installed "
                    "water-saving devices and were reusing treated water for gardens and "
                    "laundry, but warned that shortages of drinking water would be damaging."
                ),
            ),
            (
                "quote",
                {
                    "text": (
                        "Every drop counts, and we are asking everyone, residents and visitors "
                        "alike, to play their part. We cannot create rain, but we can manage "
                        "what we have."
                    ),
                    "attribution": "Elena Muñoz, director of the regional water agency",
                },
            ),
            (
                "paragraph",
                (
                    "The regional government has accelerated plans to expand desalination "
                    "capacity and to treat more wastewater for reuse. A temporary "
                    "desalination plant, mounted on barges in the port of Barcelona, is "
                    "being considered to supply drinking water if the situation worsens."
                ),
            ),
            ("related", "cape-town-dam-levels-winter-rainfall"),
            (
                "paragraph",
                (
                    "Climate scientists said southern Europe was experiencing more frequent "
                    "and intense heatwaves and droughts, consistent with projections for a "
                    "warming climate. Spain's national meteorological agency said the "
                    "current episode was expected to last at least another week, with only "
                    "isolated thunderstorms in the forecast."
                ),
            ),
        ],
    },
    {
        "slug": "europe-carbon-border-tax-exporters",
        "section": "world/europe",
        "headline": "Analysis: Europe's carbon border tax squeezes South African steel and aluminium",
        "standfirst": (
            "Importers into the EU will soon pay for the emissions embedded in "
            "certain goods. South Africa's coal-dependent industries are among the "
            "most exposed, and time to adapt is running short."
        ),
        "authors": ["claire-fourie"],
        "agency": "",
        "dateline": "Brussels",
        "hours_ago": 140,
        "topics": ["Trade", "Climate", "Economy"],
        "premium": True,
        "image": {
            "caption": "Molten metal is poured at a steel plant in Vanderbijlpark.",
            "credit": "Bheki Nkosi/The Newsdesk Times",
            "palette": 5,
        },
        "body": [
            (
                "paragraph",
                (
                    "The European Union's carbon border adjustment mechanism, designed to "
                    "ensure that imported goods bear a carbon cost similar to that paid by "
                    "producers inside the bloc, is moving from a reporting phase to one in "
                    "which importers must buy certificates. For exporters of steel, "
                    "aluminium, cement, fertilisers and hydrogen, the emissions generated in "
                    "making their products will soon carry a direct price."
                ),
            ),
            (
                "paragraph",
                (
                    "South Africa is among the most exposed of the EU's trading partners. "
                    "Its electricity comes overwhelmingly from coal, which means that "
                    "products made with grid power, such as aluminium, carry a heavy carbon "
                    "footprint. Studies by local research groups estimate that exports worth "
                    "tens of billions of rand a year could be affected."
                ),
            ),
            ("subheading", "Brussels defends the policy"),
            (
                "paragraph",
                (
                    "European officials say the mechanism is necessary to prevent ‘carbon "
                    "leakage’, the shifting of production to countries with weaker climate "
                    "rules, and to protect the bloc's own industries, which pay for their "
                    "emissions under the EU's emissions trading system. They argue that it "
                    "will also encourage trading partners to introduce carbon pricing of "
                    "their own."
                ),
            ),
            (
                "quote",
                {
                    "text": (
                        "The mechanism is not a trade barrier; it is a climate tool. Countries "
                        "that price carbon at home will see that reflected in what their "
                        "exporters pay."
                    ),
                    "attribution": "Hélène Dubé, senior adviser at a Brussels trade policy institute",
                },
            ),
            (
                "paragraph",
                (
                    "South African officials and business groups see it differently. They "
                    "argue that the mechanism penalises developing countries that did little "
                    "to cause climate change and lack the finance to decarbonise quickly. "
                    "South Africa already has a carbon tax, but at a much lower rate than "
                    "the EU carbon price, and how much credit it will receive remains "
                    "unresolved."
                ),
            ),
            ("subheading", "Industry looks for cleaner power"),
            (
                "paragraph",
                (
                    "Some companies are moving to secure renewable electricity through "
                    "private power purchase agreements, made possible by reforms that allow "
                    "generators to sell directly to customers. A steel producer in Gauteng "
                    "said it had signed contracts for wind and solar power that would cut "
                    "its emissions per tonne by about a fifth within three years."
                ),
            ),
            ("related", "karoo-solar-holdings-doubles-profit"),
            (
                "paragraph",
                (
                    "For now, the most urgent task for exporters is to measure their "
                    "emissions accurately. Companies that cannot provide verified data will "
                    "be assigned default values, which are often higher than their actual "
                    "emissions, and could find themselves paying considerably more than "
                    "necessary for every tonne they ship."
                ),
            ),
        ],
    },
    # --- Business ---
    {
        "slug": "karoo-solar-holdings-doubles-profit",
        "section": "business",
        "headline": "Karoo Solar Holdings doubles profit as businesses rush to private power",
        "standfirst": (
            "The renewable energy developer reports a 104% rise in headline earnings "
            "and says demand from mines and factories seeking reliable electricity "
            "shows no sign of slowing."
        ),
        "authors": ["ayesha-parker"],
        "agency": "",
        "dateline": "Johannesburg",
        "hours_ago": 22,
        "topics": ["Energy", "Economy"],
        "premium": False,
        "image": {
            "caption": "Solar panels at one of the company's plants in the Northern Cape.",
            "credit": "Jessica Adams/The Newsdesk Times",
            "palette": 1,
        },
        "body": [
            (
                "paragraph",
                (
                    "Karoo Solar Holdings, the JSE-listed renewable energy developer, more "
                    "than doubled its profit in the six months to the end of September as "
                    "mines, factories and retailers signed contracts for private electricity "
                    "supply. Headline earnings per share rose 104% to 186 cents, and the "
                    "company declared an interim dividend of 45 cents."
                ),
            ),
            (
                "paragraph",
                (
                    "Revenue increased by 61% to R3.4bn, driven by the completion of three "
                    "solar farms in the Northern Cape and a wind farm in the Eastern Cape. "
                    "The company now has 1.2 gigawatts of generating capacity in operation "
                    "and a further 900 megawatts under construction, most of it contracted "
                    "to industrial customers under long-term agreements."
                ),
            ),
            ("subheading", "Grid access a constraint"),
            (
                "paragraph",
                (
                    "Chief executive Nandi Zwane said the main constraint on growth was no "
                    "longer demand but access to the national grid, particularly in the "
                    "Northern and Western Cape, where transmission lines are already full. "
                    "The company is investing in battery storage and has applied to build "
                    "its own transmission line to connect future projects."
                ),
            ),
            (
                "quote",
                {
                    "text": (
                        "Our customers want clean, reliable power at a predictable price. The "
                        "challenge now is getting the electrons from where the sun shines to "
                        "where the factories are."
                    ),
                    "attribution": "Nandi Zwane, chief executive of Karoo Solar Holdings",
                },
            ),
            (
                "paragraph",
                (
                    "Analysts said the results were ahead of expectations, though some "
                    "questioned whether the company could maintain its growth rate as "
                    "competition intensifies. Several international developers and mining "
                    "companies have announced large renewable projects of their own, and "
                    "prices for new contracts have started to fall."
                ),
            ),
            ("related", "europe-carbon-border-tax-exporters"),
            ("subheading", "Shares rise"),
            (
                "paragraph",
                (
                    "The company's shares rose 7.3% to R48.20 on the JSE, giving it a market "
                    "value of about R22bn. The stock has gained more than 60% over the past "
                    "year, making it one of the best-performing shares on the exchange, and "
                    "several analysts raised their price targets after the results."
                ),
            ),
        ],
    },
    {
        "slug": "marula-retail-to-open-rural-stores",
        "section": "business",
        "headline": "Marula Retail to open 120 stores in small towns as township spending grows",
        "standfirst": (
            "The discount grocer says rural and township shoppers are its "
            "fastest-growing customers, and plans to create 3,000 jobs over three "
            "years."
        ),
        "authors": ["ayesha-parker"],
        "agency": "",
        "dateline": "Cape Town",
        "hours_ago": 110,
        "topics": ["Economy"],
        "premium": False,
        "image": {
            "caption": "Shoppers at a Marula Retail store in Mthatha.",
            "credit": "Yusuf Davids/The Newsdesk Times",
            "palette": 6,
        },
        "body": [
            (
                "paragraph",
                (
                    "Marula Retail Group, the discount grocery chain, plans to open 120 new "
                    "stores in small towns and townships over the next three years, in a "
                    "R1.9bn expansion that it expects will create about 3,000 jobs. The "
                    "company announced the plan alongside annual results showing that sales "
                    "in rural and township stores grew twice as fast as those in suburban "
                    "shopping centres."
                ),
            ),
            (
                "paragraph",
                (
                    "Chief executive Werner Lategan said shoppers in these areas had "
                    "previously travelled long distances, often by taxi, to buy groceries in "
                    "larger towns. Smaller stores closer to where people live could save "
                    "customers both money and time, he said, particularly as transport costs "
                    "have risen."
                ),
            ),
            ("subheading", "Competition with spaza shops"),
            (
                "paragraph",
                (
                    "The expansion puts the group in direct competition with informal "
                    "traders and spaza shops, which remain the main source of groceries for "
                    "many township households. Marula said it would offer a wholesale "
                    "service to small traders, allowing them to buy stock at lower prices, "
                    "and would avoid opening stores close to established local markets."
                ),
            ),
            (
                "quote",
                {
                    "text": (
                        "We do not want to replace the corner shop. We want to be the supplier "
                        "that helps it to survive and grow."
                    ),
                    "attribution": "Werner Lategan, chief executive of Marula Retail Group",
                },
            ),
            (
                "paragraph",
                (
                    "Economists said the strategy reflected a broader shift in consumer "
                    "spending towards townships and rural areas, supported by social grants "
                    "and a growing number of small businesses. However, they warned that "
                    "weak economic growth and high unemployment limited how much additional "
                    "spending could be captured."
                ),
            ),
            ("related", "small-business-loan-scheme-review"),
            (
                "paragraph",
                (
                    "The group reported a 9% increase in revenue to R28.6bn and an 11% rise "
                    "in headline earnings. It will pay a final dividend of 132 cents a "
                    "share, and its shares closed 2.4% higher on the day, outperforming a "
                    "weaker retail sector."
                ),
            ),
        ],
    },
    {
        "slug": "small-business-loan-scheme-review",
        "section": "business",
        "headline": "Analysis: Why small businesses still can’t get a loan",
        "standfirst": (
            "A government guarantee scheme has approved a fraction of the loans it "
            "promised. Banks, borrowers and economists explain where it went wrong "
            "and what might fix it."
        ),
        "authors": ["ayesha-parker"],
        "agency": "",
        "dateline": "Johannesburg",
        "hours_ago": 300,
        "topics": ["Economy", "Markets"],
        "premium": True,
        "image": {
            "caption": "A caterer prepares food in her Tembisa kitchen.",
            "credit": "Nosipho Mthembu/The Newsdesk Times",
            "palette": 3,
        },
        "body": [
            (
                "paragraph",
                (
                    "When the government launched its loan guarantee scheme for small "
                    "businesses, it promised to unlock billions of rand in credit for firms "
                    "that banks had traditionally considered too risky. Three years later, a "
                    "review commissioned by the Treasury has found that less than a fifth of "
                    "the planned guarantees have been used, and that many of the loans went "
                    "to businesses that could probably have borrowed anyway."
                ),
            ),
            (
                "paragraph",
                (
                    "The review, seen by The Newsdesk Times, found that banks had approved "
                    "about 14,000 loans under the scheme, with an average value of R380,000. "
                    "Most went to established businesses with several years of financial "
                    "records, while start-ups and firms in townships and rural areas "
                    "accounted for only a small share."
                ),
            ),
            ("subheading", "Banks cite risk and paperwork"),
            (
                "paragraph",
                (
                    "Bankers interviewed for the review said the guarantee covered only part "
                    "of any loss and that they remained responsible for deciding whether "
                    "borrowers could repay. Many small firms, they said, lacked audited "
                    "financial statements, tax clearance certificates or a record of stable "
                    "income, making them difficult to assess under the banks' credit rules."
                ),
            ),
            (
                "quote",
                {
                    "text": (
                        "The guarantee helps, but it does not change the basic question we have "
                        "to ask: can this business repay the loan? For many applicants, the "
                        "honest answer is that we do not know."
                    ),
                    "attribution": "A senior credit manager at a commercial bank",
                },
            ),
            (
                "paragraph",
                (
                    "Small business owners described a frustrating process. Zanele Khoza, "
                    "who runs a catering company in Tembisa, said she applied to three banks "
                    "over eight months and was repeatedly asked for documents she had "
                    "already submitted. She eventually borrowed from a relative to buy the "
                    "equipment she needed for a large contract."
                ),
            ),
            ("subheading", "Alternatives gaining ground"),
            (
                "paragraph",
                (
                    "Fintech lenders and development finance institutions have stepped into "
                    "the gap, using data from point-of-sale systems, mobile money and "
                    "supplier payments to assess creditworthiness. Their loans are typically "
                    "smaller and more expensive than bank loans, but they can be approved "
                    "within days rather than months."
                ),
            ),
            ("related", "nigeria-tightens-fintech-licensing"),
            (
                "paragraph",
                (
                    "The review recommends that the scheme be redesigned to cover a larger "
                    "share of potential losses on loans to very small firms, and that "
                    "non-bank lenders be allowed to take part. It also proposes a simpler "
                    "application process and a public dashboard showing how many loans have "
                    "been approved, by region and sector."
                ),
            ),
        ],
    },
    # --- Markets ---
    {
        "slug": "rand-firms-after-inflation-data",
        "section": "business/markets",
        "headline": "Rand firms as inflation slows to 3.9%, strengthening the case for a rate cut",
        "standfirst": (
            "The currency gains against the dollar after consumer inflation comes in "
            "below forecasts, with food and fuel prices easing."
        ),
        "authors": ["ayesha-parker"],
        "agency": "",
        "dateline": "Johannesburg",
        "hours_ago": 1.5,
        "topics": ["Markets", "Economy"],
        "premium": False,
        "image": {
            "caption": "A currency trader watches screens at a Sandton dealing room.",
            "credit": "Jessica Adams/The Newsdesk Times",
            "palette": 0,
        },
        "body": [
            (
                "paragraph",
                (
                    "The rand strengthened against the dollar this morning after figures "
                    "showed that consumer inflation slowed more than expected last month. "
                    "Annual inflation eased to 3.9% from 4.3%, below the 4.1% forecast by "
                    "economists in a survey, with lower fuel prices and a slowdown in food "
                    "inflation contributing most to the decline."
                ),
            ),
            (
                "paragraph",
                (
                    "The currency firmed by about 0.8% to trade at R17.62 to the dollar "
                    "shortly after the release, its strongest level in three weeks. "
                    "Government bond yields fell as investors increased their bets that the "
                    "Reserve Bank would cut interest rates at its next meeting."
                ),
            ),
            ("subheading", "Food prices moderate"),
            (
                "paragraph",
                (
                    "Food and non-alcoholic beverage inflation slowed to 3.2%, the lowest "
                    "rate in more than four years, as prices of maize meal, bread and "
                    "vegetables declined following a good harvest. Meat prices, however, "
                    "continued to rise, reflecting higher feed costs and the effect of an "
                    "outbreak of animal disease in parts of the country."
                ),
            ),
            (
                "quote",
                {
                    "text": (
                        "This is a very welcome print. With inflation now comfortably in the "
                        "lower half of the target range, the Reserve Bank has room to ease."
                    ),
                    "attribution": "Mandisa Gqola, senior economist at Harbourview Capital",
                },
            ),
            ("related", "reserve-bank-holds-repo-rate"),
            (
                "paragraph",
                (
                    "Core inflation, which excludes food and energy, was steady at 4.0%. "
                    "Economists said that measure suggested underlying price pressures "
                    "remained contained, although services inflation, including rents and "
                    "insurance premiums, was still running above the headline rate and would "
                    "need to slow further."
                ),
            ),
            ("related", "fuel-price-cut-eases-pressure-on-commuters"),
            (
                "paragraph",
                (
                    "The Reserve Bank's monetary policy committee meets next month. Markets "
                    "are now pricing in a roughly 70% chance of a 25 basis point cut, up "
                    "from about 50% before the data, and several banks brought forward their "
                    "forecasts for the first reduction in borrowing costs."
                ),
            ),
        ],
    },
    {
        "slug": "jse-miners-lift-index-to-record",
        "section": "business/markets",
        "headline": "JSE climbs to record high as platinum and gold miners rally",
        "standfirst": (
            "The all share index gains 1.6% as precious metal prices rise, while "
            "retailers slip on concerns about consumer spending."
        ),
        "authors": [],
        "agency": "Southern Wire Service",
        "dateline": "Johannesburg",
        "hours_ago": 72,
        "topics": ["Markets", "Mining"],
        "premium": False,
        "image": {
            "caption": "The JSE building in Sandton.",
            "credit": "Pieter Kruger/Southern Wire Service",
            "palette": 6,
        },
        "body": [
            (
                "paragraph",
                (
                    "The JSE all share index closed at a record high yesterday, rising 1.6% "
                    "as mining shares rallied on the back of higher prices for platinum and "
                    "gold. The index gained for a fifth consecutive session, bringing its "
                    "increase since the start of the year to more than 14%."
                ),
            ),
            (
                "paragraph",
                (
                    "Platinum rose above $1,100 an ounce for the first time in more than a "
                    "year after an industry body forecast a widening supply deficit, driven "
                    "by production problems at mines and stronger demand from carmakers. "
                    "Shares in platinum producers rose by between 4% and 8%."
                ),
            ),
            ("subheading", "Gold near record"),
            (
                "paragraph",
                (
                    "Gold traded close to its all-time high as investors sought safe assets "
                    "amid geopolitical tension and expectations of lower interest rates in "
                    "the United States. Shares in gold miners also benefited from a weaker "
                    "dollar, which raises the rand value of their earnings."
                ),
            ),
            (
                "quote",
                {
                    "text": (
                        "The miners are doing the heavy lifting. Outside of resources, the "
                        "market is far more cautious, particularly on anything linked to the "
                        "local consumer."
                    ),
                    "attribution": "Sizwe Mabaso, portfolio manager at Acacia Fund Managers",
                },
            ),
            (
                "paragraph",
                (
                    "Retail shares fell, with clothing and furniture retailers leading the "
                    "decline after a survey showed consumer confidence dipping in the third "
                    "quarter. Banking shares were mixed, while listed property companies "
                    "edged higher as bond yields declined. Industrial shares ended the "
                    "session slightly lower."
                ),
            ),
            ("related", "g20-trade-ministers-critical-minerals"),
            (
                "paragraph",
                (
                    "The rand was little changed against the dollar. Brent crude oil fell "
                    "1.2% to $78 a barrel, extending its recent decline on concerns about "
                    "weaker demand from China, which analysts said could lead to a further "
                    "cut in local fuel prices if it persisted."
                ),
            ),
        ],
    },
    {
        "slug": "reserve-bank-holds-repo-rate",
        "section": "business/markets",
        "headline": "Reserve Bank holds repo rate at 7.75% but signals cuts may follow",
        "standfirst": (
            "The monetary policy committee votes four to two to keep rates "
            "unchanged, with Governor Ntombi Khathide saying the outlook for "
            "inflation has improved."
        ),
        "authors": ["ayesha-parker"],
        "agency": "",
        "dateline": "Pretoria",
        "hours_ago": 96,
        "topics": ["Economy", "Markets"],
        "premium": False,
        "image": {
            "caption": "The Reserve Bank's headquarters in Pretoria.",
            "credit": "Mandla Sithole/The Newsdesk Times",
            "palette": 5,
        },
        "body": [
            (
                "paragraph",
                (
                    "The South African Reserve Bank kept its main lending rate unchanged at "
                    "7.75% yesterday but signalled that it could begin cutting interest "
                    "rates in the coming months if inflation continued to moderate. Four "
                    "members of the six-member monetary policy committee voted to hold, "
                    "while two preferred a cut of 25 basis points."
                ),
            ),
            (
                "paragraph",
                (
                    "Governor Ntombi Khathide told a media briefing that the inflation "
                    "outlook had improved, helped by a stronger rand, lower fuel prices and "
                    "slowing food inflation. The bank now expects inflation to average 4.4% "
                    "this year and 4.2% next year, compared with earlier forecasts of 4.7% "
                    "and 4.5%."
                ),
            ),
            ("subheading", "Risks remain"),
            (
                "paragraph",
                (
                    "Khathide cautioned that risks remained, including possible increases in "
                    "electricity tariffs, higher wage settlements and uncertainty in global "
                    "markets. She said the committee wanted to see inflation settle "
                    "sustainably close to the midpoint of the target range before it began "
                    "to ease policy."
                ),
            ),
            (
                "quote",
                {
                    "text": (
                        "We have made good progress, but the job is not finished. We would "
                        "rather be a little late than have to reverse course."
                    ),
                    "attribution": "Ntombi Khathide, governor of the Reserve Bank",
                },
            ),
            (
                "paragraph",
                (
                    "Business groups expressed disappointment, saying high borrowing costs "
                    "were holding back investment and weighing on households. Trade unions "
                    "said the bank was too focused on inflation and should pay more "
                    "attention to unemployment, which remains above 30% on the official "
                    "definition."
                ),
            ),
            ("subheading", "Economists expect a cut soon"),
            (
                "paragraph",
                (
                    "Most economists said they expected the bank to cut rates at its next "
                    "meeting, provided that inflation data remained favourable. A cut of 25 "
                    "basis points would reduce the prime lending rate to 11%, lowering "
                    "repayments on a R1m, 20-year home loan by about R170 a month."
                ),
            ),
        ],
    },
    {
        "slug": "bond-yields-fall-as-foreign-buyers-return",
        "section": "business/markets",
        "headline": "Bond yields fall as foreign investors return to South African debt",
        "standfirst": (
            "Non-resident investors bought a net R18bn of government bonds last "
            "month, the most since early last year, Treasury figures show."
        ),
        "authors": [],
        "agency": "Continental Newswire",
        "dateline": "Johannesburg",
        "hours_ago": 170,
        "topics": ["Markets", "Economy"],
        "premium": False,
        "image": {
            "caption": "Bond traders at work in a Johannesburg dealing room.",
            "credit": "Pieter Kruger/Southern Wire Service",
            "palette": 2,
        },
        "body": [
            (
                "paragraph",
                (
                    "Foreign investors have returned to South African government bonds in "
                    "significant numbers, buying a net R18bn worth last month, according to "
                    "figures published by the National Treasury. It was the largest monthly "
                    "inflow since early last year and helped push the yield on the benchmark "
                    "ten-year bond below 9.5%."
                ),
            ),
            (
                "paragraph",
                (
                    "Analysts attributed the shift to a combination of high real yields, "
                    "improving electricity supply and greater confidence in the government's "
                    "fiscal plans. South African bonds offer some of the highest "
                    "inflation-adjusted returns among major emerging markets, which has made "
                    "them attractive as interest rates in developed economies are expected "
                    "to fall."
                ),
            ),
            ("subheading", "Fiscal concerns linger"),
            (
                "paragraph",
                (
                    "However, analysts cautioned that the government's debt, at about "
                    "three-quarters of gross domestic product, remained a concern. Rating "
                    "agencies have kept the country's credit rating below investment grade "
                    "and said they wanted to see a sustained reduction in the budget deficit "
                    "before considering an upgrade."
                ),
            ),
            (
                "quote",
                {
                    "text": (
                        "The carry trade is back, but it is fickle money. If global sentiment "
                        "turns, these flows can reverse very quickly."
                    ),
                    "attribution": "Priya Govender, fixed-income strategist at Sable Securities",
                },
            ),
            (
                "paragraph",
                (
                    "Lower bond yields reduce the cost of government borrowing and could "
                    "eventually feed through to lower interest rates for companies and "
                    "households. The Treasury has been issuing more debt than usual to "
                    "finance the deficit and to support struggling state-owned companies."
                ),
            ),
            ("related", "reserve-bank-holds-repo-rate"),
            (
                "paragraph",
                (
                    "The rand has also benefited from the inflows, gaining about 3% against "
                    "the dollar over the past month. Currency strategists said further gains "
                    "would depend on global risk appetite, commodity prices and the "
                    "medium-term budget, which is due to be tabled in Parliament in the "
                    "coming weeks."
                ),
            ),
        ],
    },
    # --- Sport ---
    {
        "slug": "late-header-seals-qualifier-win",
        "section": "sport",
        "headline": "Late header seals World Cup qualifier win for South Africa in Polokwane",
        "standfirst": (
            "Substitute Karabo Mathebula scores in the 88th minute as the national "
            "side beats Benin 2-1 to move top of their qualifying group."
        ),
        "authors": ["ruan-oosthuizen"],
        "agency": "",
        "dateline": "Polokwane",
        "hours_ago": 10,
        "topics": ["Football"],
        "premium": False,
        "image": {
            "caption": "Karabo Mathebula celebrates his late winner in Polokwane.",
            "credit": "Bheki Nkosi/The Newsdesk Times",
            "palette": 2,
        },
        "body": [
            (
                "paragraph",
                (
                    "A header from substitute Karabo Mathebula two minutes from time gave "
                    "South Africa a 2-1 victory over Benin in a World Cup qualifier in "
                    "Polokwane, lifting the national side to the top of their group. "
                    "Mathebula, who had been on the pitch for less than ten minutes, rose "
                    "above two defenders to meet a corner from the left and send the ball "
                    "into the top corner."
                ),
            ),
            (
                "paragraph",
                (
                    "South Africa had taken the lead midway through the first half when "
                    "captain Themba Shabangu finished a swift counter-attack, but Benin "
                    "equalised shortly after the break through a deflected free kick. The "
                    "visitors defended deep for much of the second half and appeared to have "
                    "secured a draw before Mathebula's late intervention."
                ),
            ),
            ("subheading", "Coach praises patience"),
            (
                "paragraph",
                (
                    "Head coach Andile Msimang said his team had shown patience against a "
                    "well-organised opponent and praised the crowd of more than 35,000 for "
                    "their support. He said he had brought Mathebula on specifically because "
                    "of his ability in the air, having noticed that Benin were vulnerable at "
                    "set pieces."
                ),
            ),
            (
                "quote",
                {
                    "text": (
                        "We spoke at half-time about keeping our shape and not panicking. The "
                        "goal came from hard work on the training ground, and I am very proud of "
                        "the players."
                    ),
                    "attribution": "Andile Msimang, head coach",
                },
            ),
            (
                "paragraph",
                (
                    "The result puts South Africa one point ahead of their nearest rivals "
                    "with four matches remaining. Only the group winners qualify "
                    "automatically for the tournament, while the best runners-up enter a "
                    "play-off, so the coach warned against complacency before next month's "
                    "away fixture."
                ),
            ),
            ("subheading", "Injury concern for defender"),
            (
                "paragraph",
                (
                    "The celebrations were tempered by an injury to centre-back Sello "
                    "Makhathini, who was stretchered off in the second half with a suspected "
                    "knee injury. The team doctor said he would undergo a scan before a "
                    "decision was made about his availability, and that a replacement could "
                    "be called into the squad."
                ),
            ),
        ],
    },
    {
        "slug": "ultramarathon-entries-record",
        "section": "sport",
        "headline": "Record 24,000 runners enter ultramarathon between Durban and Pietermaritzburg",
        "standfirst": (
            "Organisers introduce new seeding rules and extra medical stations as "
            "international entries rise to almost 4,000."
        ),
        "authors": ["lwazi-zungu"],
        "agency": "",
        "dateline": "Pietermaritzburg",
        "hours_ago": 150,
        "topics": ["Athletics"],
        "premium": False,
        "image": {
            "caption": "Runners climb a hill in the midlands during last year's race.",
            "credit": "Sanele Mkhwanazi/The Newsdesk Times",
            "palette": 3,
        },
        "body": [
            (
                "paragraph",
                (
                    "Organisers of the 87km ultramarathon between Durban and "
                    "Pietermaritzburg say a record 24,000 runners have entered this year's "
                    "race, including almost 4,000 from outside South Africa. Entries closed "
                    "within three weeks, and organisers said they had been forced to turn "
                    "away several thousand applicants to keep numbers within safety limits."
                ),
            ),
            (
                "paragraph",
                (
                    "The race, which alternates direction each year, will finish in "
                    "Pietermaritzburg this time, meaning runners will face a long climb over "
                    "the final stages. Organisers have introduced new seeding rules to ease "
                    "congestion at the start and have added four medical stations along the "
                    "route following concerns about heat-related illness at last year's "
                    "event."
                ),
            ),
            ("subheading", "Economic boost for the region"),
            (
                "paragraph",
                (
                    "Tourism officials estimate that the race brings more than R700m into "
                    "the KwaZulu-Natal economy each year, with guesthouses along the route "
                    "fully booked months in advance. Runners from the United Kingdom, "
                    "Brazil, Zimbabwe and India make up the largest international "
                    "contingents."
                ),
            ),
            (
                "quote",
                {
                    "text": (
                        "The race belongs to the ordinary runner as much as to the elite "
                        "athlete. Every year we see people who trained for a decade to earn "
                        "their medal."
                    ),
                    "attribution": "Sanele Ntuli, race director",
                },
            ),
            (
                "paragraph",
                (
                    "In the elite field, the defending women's champion, Zimbabwean runner "
                    "Ruvimbo Chikore, will attempt to become the first woman in a decade to "
                    "win three consecutive titles. The men's race is expected to be open, "
                    "with last year's winner absent through injury and several debutants "
                    "among the favourites."
                ),
            ),
            ("subheading", "Road closures announced"),
            (
                "paragraph",
                (
                    "Several roads, including sections of the old main road through the "
                    "midlands, will be closed for most of race day. Residents and motorists "
                    "have been advised to plan their journeys in advance and to use "
                    "alternative routes, and the organisers have asked spectators to use "
                    "designated parking areas."
                ),
            ),
        ],
    },
    {
        "slug": "highveld-rovers-sold-in-takeover",
        "section": "sport",
        "headline": "Highveld Rovers sold to investment group in R340m takeover",
        "standfirst": (
            "The Johannesburg football club's new owners promise a youth academy and "
            "a women's team, but supporters want assurances that the club will not "
            "be relocated."
        ),
        "authors": ["ruan-oosthuizen"],
        "agency": "",
        "dateline": "Johannesburg",
        "hours_ago": 230,
        "topics": ["Football", "Economy"],
        "premium": False,
        "image": {
            "caption": "Highveld Rovers supporters at the club's home ground.",
            "credit": "Nosipho Mthembu/The Newsdesk Times",
            "palette": 4,
        },
        "body": [
            (
                "paragraph",
                (
                    "Highveld Rovers, one of Johannesburg's oldest professional football "
                    "clubs, has been sold to an investment consortium in a deal valued at "
                    "R340m, the club announced. The buyers, Ubuntu Sports Capital, include a "
                    "group of local business people and a Dubai-based fund that already "
                    "holds stakes in clubs in Europe and the Middle East."
                ),
            ),
            (
                "paragraph",
                (
                    "The consortium said it would invest in a youth academy and training "
                    "facilities in the south of the city and set up a professional women's "
                    "team within two years. It also plans to upgrade the club's home ground, "
                    "which holds 18,000 spectators and has been criticised for its poor "
                    "facilities."
                ),
            ),
            ("subheading", "Supporters seek guarantees"),
            (
                "paragraph",
                (
                    "Supporters' groups welcomed the investment but asked for written "
                    "guarantees that the club would not be moved to another city, as has "
                    "happened to several South African clubs that changed hands in recent "
                    "years. They also asked for a seat on the club's board."
                ),
            ),
            (
                "quote",
                {
                    "text": (
                        "This club was founded by mineworkers and belongs to this community. "
                        "Money is welcome, but our history is not for sale."
                    ),
                    "attribution": "Tshepo Moloi, chairperson of a Highveld Rovers supporters' club",
                },
            ),
            (
                "paragraph",
                (
                    "The consortium's chairperson, Ravi Pillay, said there were no plans to "
                    "relocate the club and that supporters would be consulted on major "
                    "decisions. He said the goal was to build a club that could compete in "
                    "continental competitions within five years, and that ticket prices "
                    "would not rise this season."
                ),
            ),
            (
                "paragraph",
                (
                    "The sale must still be approved by the league's board of governors, "
                    "which will consider the financial standing of the new owners. League "
                    "officials said approval was expected within a month, and that the club "
                    "would be allowed to register new players during the next transfer "
                    "window."
                ),
            ),
        ],
    },
    # --- Rugby ---
    {
        "slug": "uncapped-flyhalf-in-squad-for-northern-tour",
        "section": "sport/rugby",
        "headline": "Uncapped flyhalf among six new faces in squad for northern tour",
        "standfirst": (
            "Coach Hennie Marais names a 34-man squad for Tests against Scotland, "
            "Italy and Wales, with several senior players rested."
        ),
        "authors": ["ruan-oosthuizen"],
        "agency": "",
        "dateline": "Johannesburg",
        "hours_ago": 68,
        "topics": ["Rugby"],
        "premium": False,
        "image": {
            "caption": "Luan Botha lines up a kick at goal for the Durban Mariners.",
            "credit": "Sanele Mkhwanazi/The Newsdesk Times",
            "palette": 0,
        },
        "body": [
            (
                "paragraph",
                (
                    "National rugby coach Hennie Marais has named six uncapped players in a "
                    "34-man squad for next month's tour to Europe, including the Durban "
                    "Mariners flyhalf Luan Botha, who has been one of the outstanding "
                    "performers in the club competition this season. The tour includes Tests "
                    "against Scotland, Italy and Wales over three consecutive weekends."
                ),
            ),
            (
                "paragraph",
                (
                    "Several senior players have been rested after a demanding season, among "
                    "them the captain, who has been managing a shoulder injury, and two "
                    "veteran forwards who played in every Test this year. Marais said the "
                    "tour was an opportunity to build depth ahead of the next World Cup."
                ),
            ),
            ("subheading", "Botha rewarded for form"),
            (
                "paragraph",
                (
                    "Botha, 22, has kicked at better than 85% in the club competition and "
                    "has been praised for his game management. He is expected to compete "
                    "with two more experienced players for the number 10 jersey, and Marais "
                    "said the youngster would receive game time during the tour."
                ),
            ),
            (
                "quote",
                {
                    "text": (
                        "Luan has earned his chance. He plays with a calmness that you do not "
                        "often see in someone his age, and he is not afraid to take the ball to "
                        "the line."
                    ),
                    "attribution": "Hennie Marais, national rugby coach",
                },
            ),
            ("related", "mariners-edge-buffaloes-in-derby"),
            ("subheading", "Forward pack reshuffled"),
            (
                "paragraph",
                (
                    "In the forwards, the Pretoria Buffaloes lock Sipho Mavuso and the Cape "
                    "Town loose forward Jaco Steyn are among the new caps. Marais has also "
                    "recalled a hooker who has not played a Test for two seasons since "
                    "moving to a club in France, citing his scrummaging and experience of "
                    "northern conditions."
                ),
            ),
            (
                "paragraph",
                (
                    "The squad will assemble in Johannesburg for a week-long training camp "
                    "before departing for Edinburgh, where the first Test will be played in "
                    "just over three weeks. The team management said further players could "
                    "be called up as injury replacements, and that match-day squads would be "
                    "selected on form during the tour."
                ),
            ),
        ],
    },
    {
        "slug": "mariners-edge-buffaloes-in-derby",
        "section": "sport/rugby",
        "headline": "Mariners edge Buffaloes 24-22 with last-minute penalty in Durban",
        "standfirst": (
            "A penalty from Luan Botha with the final play of the match secures "
            "victory for the Durban side and keeps their hopes of a home semi-final "
            "alive."
        ),
        "authors": ["ruan-oosthuizen"],
        "agency": "",
        "dateline": "Durban",
        "hours_ago": 90,
        "topics": ["Rugby"],
        "premium": False,
        "image": {
            "caption": "Mariners players celebrate after the final whistle.",
            "credit": "Sanele Mkhwanazi/The Newsdesk Times",
            "palette": 7,
        },
        "body": [
            (
                "paragraph",
                (
                    "Flyhalf Luan Botha kicked a penalty with the final play of the match as "
                    "the Durban Mariners beat the Pretoria Buffaloes 24-22 in a tense "
                    "encounter in Durban. The result lifts the Mariners to third in the "
                    "standings and keeps alive their hopes of hosting a semi-final."
                ),
            ),
            (
                "paragraph",
                (
                    "The Buffaloes had led 22-21 with two minutes remaining after a "
                    "converted try by their wing, but conceded a penalty at a scrum inside "
                    "their own half. Botha, who had missed a similar attempt earlier in the "
                    "second half, struck the ball cleanly from 42 metres to send the crowd "
                    "of 38,000 into celebration."
                ),
            ),
            ("subheading", "Forwards set the platform"),
            (
                "paragraph",
                (
                    "The Mariners' pack dominated the set pieces for much of the match, "
                    "winning three penalties at scrum time and disrupting the Buffaloes' "
                    "lineout. Their first two tries came from driving mauls, with hooker "
                    "Ayanda Cele scoring both and earning the player-of-the-match award."
                ),
            ),
            (
                "quote",
                {
                    "text": (
                        "Our forwards gave us the platform all night. When the chance came at "
                        "the end, I just tried to stick to my routine and not think about the "
                        "scoreboard."
                    ),
                    "attribution": "Luan Botha, Durban Mariners flyhalf",
                },
            ),
            (
                "paragraph",
                (
                    "The Buffaloes will rue a series of handling errors in the opposition "
                    "22, which cost them at least two scoring opportunities in the first "
                    "half. Their coach said the team had created enough chances to win but "
                    "lacked composure at key moments, and that the players were bitterly "
                    "disappointed."
                ),
            ),
            ("subheading", "Injury blow for Buffaloes"),
            (
                "paragraph",
                (
                    "The Buffaloes also lost their centre, Jean-Pierre Nel, to a hamstring "
                    "injury early in the second half. He is expected to miss at least three "
                    "weeks, a significant blow as the team enter the final rounds of the "
                    "regular season needing wins to secure a place in the play-offs."
                ),
            ),
        ],
    },
    {
        "slug": "schools-rugby-stricter-concussion-rules",
        "section": "sport/rugby",
        "headline": "Schools rugby adopts stricter concussion rules after rise in reported head injuries",
        "standfirst": (
            "Players suspected of concussion will be barred from contact rugby for "
            "at least 21 days, and every school match will need a trained "
            "first-aider on the touchline."
        ),
        "authors": ["naledi-mahlangu", "ruan-oosthuizen"],
        "agency": "",
        "dateline": "Cape Town",
        "hours_ago": 190,
        "topics": ["Rugby", "Health", "Education"],
        "premium": False,
        "image": {
            "caption": "A first-aider attends to a player during a schools match in Cape Town.",
            "credit": "Yusuf Davids/The Newsdesk Times",
            "palette": 5,
        },
        "body": [
            (
                "paragraph",
                (
                    "Schools rugby in South Africa will adopt stricter concussion rules from "
                    "the start of next season, after data showed a significant rise in the "
                    "number of reported head injuries among young players. Under the new "
                    "protocol, any player suspected of concussion must be removed from play "
                    "immediately and may not return to contact rugby for at least 21 days."
                ),
            ),
            (
                "paragraph",
                (
                    "Every school match will also need a trained first-aider on the "
                    "touchline, and coaches will be required to complete an online "
                    "concussion course before being registered for the season. The rules "
                    "were agreed by the national rugby body and representatives of the "
                    "provincial schools' unions."
                ),
            ),
            ("subheading", "Medical experts back changes"),
            (
                "paragraph",
                (
                    "Doctors said young players were more vulnerable to the effects of "
                    "concussion because their brains were still developing, and that "
                    "recovery often took longer than in adults. A sports physician at a Cape "
                    "Town university said the rise in reported injuries partly reflected "
                    "better awareness, but that the schoolboy game had also become faster "
                    "and more physical."
                ),
            ),
            (
                "quote",
                {
                    "text": (
                        "There is no such thing as a minor head injury in a teenager. When in "
                        "doubt, sit them out, every single time."
                    ),
                    "attribution": "Dr Leila Hendricks, sports physician",
                },
            ),
            (
                "paragraph",
                (
                    "Some coaches expressed concern that smaller schools would struggle to "
                    "provide first-aiders for every match, particularly in rural areas. The "
                    "national body said it would fund training for volunteers at schools "
                    "that could not afford it and would publish a list of accredited "
                    "courses."
                ),
            ),
            ("related", "opinion-medals-are-won-on-school-fields"),
            ("subheading", "Parents welcome new rules"),
            (
                "paragraph",
                (
                    "Parents' groups welcomed the changes, though some said they did not go "
                    "far enough and called for limits on full-contact training during the "
                    "week. The national body said it would review its training guidelines "
                    "next year, drawing on research from other rugby-playing countries that "
                    "have restricted contact at junior levels."
                ),
            ),
        ],
    },
    # --- Cricket ---
    {
        "slug": "spinner-levels-test-series-in-gqeberha",
        "section": "sport/cricket",
        "headline": "Spinner's six-wicket haul levels Test series in Gqeberha",
        "standfirst": (
            "Musa Nxumalo takes 6 for 54 as South Africa beat Sri Lanka by 117 runs, "
            "setting up a series decider in Cape Town."
        ),
        "authors": [],
        "agency": "Southern Wire Service",
        "dateline": "Gqeberha",
        "hours_ago": 6,
        "topics": ["Cricket"],
        "premium": False,
        "image": {
            "caption": "Musa Nxumalo appeals for a wicket on the final day.",
            "credit": "Lindiwe Baloyi/Southern Wire Service",
            "palette": 1,
        },
        "body": [
            (
                "paragraph",
                (
                    "Left-arm spinner Musa Nxumalo took six wickets on the final day as "
                    "South Africa beat Sri Lanka by 117 runs in the second Test in Gqeberha, "
                    "levelling the three-match series at 1-1. Sri Lanka, set 318 to win, "
                    "were bowled out for 200 shortly after tea, with Nxumalo extracting "
                    "sharp turn from the footmarks."
                ),
            ),
            (
                "paragraph",
                (
                    "The visitors had resumed on 84 for two and briefly threatened to save "
                    "the match through a stand of 71 between their captain and the "
                    "wicketkeeper. Nxumalo broke the partnership with a delivery that turned "
                    "past the outside edge to hit off stump, and the lower order offered "
                    "little resistance."
                ),
            ),
            ("subheading", "Batting recovery laid the foundations"),
            (
                "paragraph",
                (
                    "South Africa's victory was built on a second-innings recovery led by "
                    "opener Dean Coetzee, who scored 132 after the hosts had slipped to 45 "
                    "for three. Coetzee batted for more than six hours and shared a "
                    "partnership of 148 with the vice-captain, allowing South Africa to "
                    "declare with a lead of more than 300."
                ),
            ),
            (
                "quote",
                {
                    "text": (
                        "The pitch gave a little bit more each day, and I just tried to stay "
                        "patient and keep asking questions. To do it in front of a home crowd is "
                        "very special."
                    ),
                    "attribution": "Musa Nxumalo, South Africa spinner",
                },
            ),
            (
                "paragraph",
                (
                    "The series decider begins in Cape Town next week. South Africa are "
                    "expected to name an unchanged side, although the selectors will monitor "
                    "the fitness of a fast bowler who left the field with a side strain on "
                    "the third day and did not bowl in the second innings."
                ),
            ),
            ("related", "pioneers-win-domestic-t20-title"),
        ],
    },
    {
        "slug": "pioneers-win-domestic-t20-title",
        "section": "sport/cricket",
        "headline": "Paarl Pioneers win domestic T20 title off the final ball",
        "standfirst": (
            "Tailender Kyle Adonis hits a boundary with two needed as the home side "
            "beat the Highveld Hawks in front of a sell-out crowd."
        ),
        "authors": ["ruan-oosthuizen"],
        "agency": "",
        "dateline": "Paarl",
        "hours_ago": 84,
        "topics": ["Cricket"],
        "premium": False,
        "image": {
            "caption": "Kyle Adonis is mobbed by team-mates after hitting the winning boundary.",
            "credit": "Anneke du Toit/The Newsdesk Times",
            "palette": 6,
        },
        "body": [
            (
                "paragraph",
                (
                    "The Paarl Pioneers won the domestic T20 title in dramatic fashion last "
                    "night, beating the Highveld Hawks by two wickets off the final ball of "
                    "the match. With two runs needed from the last delivery, tailender Kyle "
                    "Adonis drove a full toss through the covers for four, sparking "
                    "celebrations among a sell-out crowd of 11,000."
                ),
            ),
            (
                "paragraph",
                (
                    "Chasing 178 for victory, the Pioneers had appeared in control at 121 "
                    "for two after 13 overs, with opener Matthew Fortuin scoring a rapid 68 "
                    "from 39 balls. However, the Hawks' fast bowlers struck regularly in the "
                    "closing overs, taking six wickets for 42 runs to leave the match finely "
                    "balanced."
                ),
            ),
            ("subheading", "Hawks rue dropped catch"),
            (
                "paragraph",
                (
                    "The Hawks will regret a dropped catch in the penultimate over, when "
                    "Adonis, on one, was put down at deep midwicket. Their captain said the "
                    "team had played excellent cricket throughout the tournament and that "
                    "the result did not reflect the quality of their performance over the "
                    "season."
                ),
            ),
            (
                "quote",
                {
                    "text": (
                        "I just told myself to watch the ball and swing hard. I have never hit a "
                        "ball that sweetly in my life."
                    ),
                    "attribution": "Kyle Adonis, Paarl Pioneers",
                },
            ),
            (
                "paragraph",
                (
                    "The Pioneers' victory earns them prize money of R2.5m and a place in a "
                    "new regional club competition involving teams from Zimbabwe, Namibia "
                    "and Kenya. It is their first title since the franchise was established "
                    "six years ago, and the team will parade the trophy through Paarl this "
                    "weekend."
                ),
            ),
            ("related", "spinner-levels-test-series-in-gqeberha"),
            ("subheading", "Crowds return to the domestic game"),
            (
                "paragraph",
                (
                    "Attendance at domestic T20 matches has grown by more than a third this "
                    "season, according to the organisers, who credited tickets priced from "
                    "R75, family-friendly scheduling and live music at matches. Several "
                    "fixtures were sold out, a rare occurrence for domestic cricket in "
                    "recent years."
                ),
            ),
        ],
    },
    {
        "slug": "cricket-academies-for-townships",
        "section": "sport/cricket",
        "headline": "Cricket body to open 12 township academies in push to widen talent pool",
        "standfirst": (
            "The R90m programme will provide coaching, equipment and turf pitches "
            "for young players in areas where facilities are scarce."
        ),
        "authors": ["ruan-oosthuizen"],
        "agency": "",
        "dateline": "Johannesburg",
        "hours_ago": 380,
        "topics": ["Cricket", "Education"],
        "premium": False,
        "image": {
            "caption": "Young cricketers at a coaching clinic in Khayelitsha.",
            "credit": "Yusuf Davids/The Newsdesk Times",
            "palette": 2,
        },
        "body": [
            (
                "paragraph",
                (
                    "The national cricket body will open 12 academies in townships over the "
                    "next four years, in a R90m programme intended to widen the pool of "
                    "players who reach the professional game. Each academy will have turf "
                    "pitches, indoor nets and full-time coaches, and will run programmes for "
                    "boys and girls from the age of eight."
                ),
            ),
            (
                "paragraph",
                (
                    "The first three academies will open next year in Soweto, Khayelitsha "
                    "and Mdantsane, with further sites to be chosen in consultation with "
                    "provincial unions. The programme will be funded by the cricket body, a "
                    "broadcasting partner and several corporate sponsors."
                ),
            ),
            ("subheading", "Closing the facilities gap"),
            (
                "paragraph",
                (
                    "Officials said that while many talented young players came from "
                    "townships, most lacked access to proper facilities, and only a small "
                    "number received bursaries to attend schools with strong cricket "
                    "programmes. As a result, the national teams continued to draw heavily "
                    "on a relatively small group of schools."
                ),
            ),
            (
                "quote",
                {
                    "text": (
                        "Talent is everywhere, but opportunity is not. These academies are about "
                        "making sure the next great South African cricketer does not slip "
                        "through the net."
                    ),
                    "attribution": "Thando Gaba, director of cricket development",
                },
            ),
            (
                "paragraph",
                (
                    "Former players and coaches welcomed the initiative, but said academies "
                    "alone would not be enough without better school sport and competitive "
                    "leagues. Some called on the cricket body to invest in club structures "
                    "as well, which have declined in many areas over the past two decades."
                ),
            ),
            ("related", "opinion-medals-are-won-on-school-fields"),
            ("subheading", "Women's game included"),
            (
                "paragraph",
                (
                    "Girls will make up at least 40% of participants at each academy, "
                    "reflecting the cricket body's ambition to grow the women's game, which "
                    "has attracted growing crowds and television audiences in recent years. "
                    "The academies will also train female coaches and umpires and host "
                    "regional tournaments for girls' teams."
                ),
            ),
        ],
    },
    # --- Science ---
    {
        "slug": "karoo-telescope-pinpoints-fast-radio-bursts",
        "section": "science",
        "headline": "Karoo telescope array pinpoints source of repeating fast radio bursts",
        "standfirst": (
            "Astronomers trace mysterious millisecond flashes to a dwarf galaxy "
            "about three billion light years away, offering clues to what causes "
            "them."
        ),
        "authors": ["naledi-mahlangu"],
        "agency": "",
        "dateline": "Carnarvon",
        "hours_ago": 16,
        "topics": ["Space", "Technology"],
        "premium": False,
        "image": {
            "caption": "Radio dishes of the array under the night sky of the Karoo.",
            "credit": "Jessica Adams/The Newsdesk Times",
            "palette": 3,
        },
        "body": [
            (
                "paragraph",
                (
                    "Astronomers using a radio telescope array in the Karoo have pinpointed "
                    "the source of a series of repeating fast radio bursts, intense flashes "
                    "of radio waves lasting only a few thousandths of a second. The signals "
                    "were traced to a small, star-forming dwarf galaxy about three billion "
                    "light years from Earth, according to a study published this week."
                ),
            ),
            (
                "paragraph",
                (
                    "The origins of fast radio bursts remain one of the most debated "
                    "questions in astronomy. Most are one-off events, but a small number "
                    "repeat, which allows astronomers to observe them again and again and "
                    "narrow down their location. The team recorded 43 bursts from the same "
                    "source over eight months of observations."
                ),
            ),
            ("subheading", "Magnetars in the frame"),
            (
                "paragraph",
                (
                    "The researchers said the properties of the bursts supported the theory "
                    "that they are produced by magnetars, young neutron stars with extremely "
                    "strong magnetic fields. The dwarf galaxy in which the source was found "
                    "is forming stars rapidly, the kind of environment in which such objects "
                    "would be expected to occur."
                ),
            ),
            (
                "quote",
                {
                    "text": (
                        "Each burst is like a torch shining across the universe. By studying how "
                        "the signal is distorted on its journey, we learn about the material it "
                        "passed through."
                    ),
                    "attribution": "Dr Thabiso Lekgetho, lead author of the study",
                },
            ),
            (
                "paragraph",
                (
                    "The array, made up of dozens of dish antennas spread across the "
                    "semi-desert, is a precursor to a much larger international telescope "
                    "being built in South Africa and Australia. Its location, far from "
                    "cities and mobile phone networks, makes it one of the quietest places "
                    "on Earth for radio astronomy."
                ),
            ),
            ("subheading", "Young scientists lead the work"),
            (
                "paragraph",
                (
                    "The study involved 28 researchers, more than half of them based at "
                    "South African universities, and was led by a team of early-career "
                    "scientists. Funding agencies said the result showed the value of "
                    "long-term investment in astronomy, which has also built skills in data "
                    "science and engineering that are in demand across the economy."
                ),
            ),
        ],
    },
    {
        "slug": "marine-heatwave-stresses-kelp-forests",
        "section": "science",
        "headline": "Marine heatwave stresses kelp forests along the Cape coast",
        "standfirst": (
            "Researchers record water temperatures up to 4°C above normal and warn "
            "that repeated heat events could shrink habitats that support abalone, "
            "rock lobster and tourism."
        ),
        "authors": ["naledi-mahlangu"],
        "agency": "",
        "dateline": "Cape Town",
        "hours_ago": 58,
        "topics": ["Climate"],
        "premium": False,
        "image": {
            "caption": "A diver surveys a kelp bed off the Cape Peninsula.",
            "credit": "Yusuf Davids/The Newsdesk Times",
            "palette": 7,
        },
        "body": [
            (
                "paragraph",
                (
                    "Scientists monitoring kelp forests along the Cape Peninsula and the "
                    "Overberg coast have recorded sea temperatures up to 4°C above normal "
                    "for more than three weeks, in one of the longest marine heatwaves "
                    "measured in the region. Divers have observed bleaching and loss of "
                    "fronds in shallow kelp beds, particularly in sheltered bays where water "
                    "circulates slowly."
                ),
            ),
            (
                "paragraph",
                (
                    "Kelp forests provide food and shelter for a wide range of marine life, "
                    "including abalone, rock lobster and many species of fish. They also "
                    "attract divers and tourists and help protect the coastline by reducing "
                    "the force of waves. Researchers said the forests had generally proved "
                    "resilient, but that repeated heat events could reduce their extent over "
                    "time."
                ),
            ),
            ("subheading", "Unusual winds blamed"),
            (
                "paragraph",
                (
                    "Oceanographers said the heatwave had been caused by a prolonged period "
                    "of weak winds, which reduced the upwelling of cold water from the deep "
                    "ocean that normally keeps the coastline cool. They said such events "
                    "were expected to become more frequent as ocean temperatures rose "
                    "globally."
                ),
            ),
            (
                "quote",
                {
                    "text": (
                        "We are seeing changes in a matter of weeks that would normally take "
                        "years. The kelp can recover, but it needs time between these events, "
                        "and that time is getting shorter."
                    ),
                    "attribution": "Dr Anika Rademeyer, marine ecologist",
                },
            ),
            ("related", "un-climate-talks-adaptation-finance-deal"),
            (
                "paragraph",
                (
                    "Fishing communities said catches of some species had already declined. "
                    "A small-scale fisher in Kalk Bay said rock lobster had moved into "
                    "deeper water, making them harder to reach with traditional equipment, "
                    "and that he had lost several days of income while waiting for "
                    "conditions to change."
                ),
            ),
            ("subheading", "Citizen scientists help monitor"),
            (
                "paragraph",
                (
                    "Researchers are working with recreational divers and free-divers, who "
                    "record water temperatures and photograph kelp beds during their dives. "
                    "The data are uploaded to an online platform and help scientists track "
                    "changes across a much wider area than they could ever monitor on their "
                    "own."
                ),
            ),
        ],
    },
    {
        "slug": "tb-vaccine-trial-shows-protection",
        "section": "science",
        "headline": "Experimental TB vaccine shows 54% protection in South African trial",
        "standfirst": (
            "Results from a three-year trial involving 4,200 adults in KwaZulu-Natal "
            "and Gauteng raise hopes of the first new tuberculosis vaccine in a "
            "century, though larger studies are needed."
        ),
        "authors": ["naledi-mahlangu"],
        "agency": "",
        "dateline": "Durban",
        "hours_ago": 125,
        "topics": ["Health", "Technology"],
        "premium": True,
        "image": {
            "caption": "A researcher prepares samples at a laboratory in Durban.",
            "credit": "Sanele Mkhwanazi/The Newsdesk Times",
            "palette": 4,
        },
        "body": [
            (
                "paragraph",
                (
                    "An experimental tuberculosis vaccine reduced the risk of developing the "
                    "disease by 54% among adults who had already been infected with the "
                    "bacterium, according to the results of a clinical trial conducted in "
                    "South Africa. The findings, presented at a scientific conference in "
                    "Durban, have been described by researchers as the most promising for a "
                    "new TB vaccine in decades."
                ),
            ),
            (
                "paragraph",
                (
                    "The trial enrolled 4,200 adults in KwaZulu-Natal and Gauteng who tested "
                    "positive for latent TB infection but did not have active disease. Half "
                    "received two doses of the vaccine a month apart and half received a "
                    "placebo. Over three years, 31 cases of active TB were recorded in the "
                    "vaccine group, compared with 67 in the placebo group."
                ),
            ),
            ("subheading", "A disease of poverty"),
            (
                "paragraph",
                (
                    "Tuberculosis kills more than a million people worldwide each year and "
                    "remains one of the leading causes of death in South Africa, where it is "
                    "closely linked to HIV. The only licensed vaccine was developed more "
                    "than 100 years ago and is given to babies, but it offers limited "
                    "protection to adolescents and adults."
                ),
            ),
            (
                "quote",
                {
                    "text": (
                        "If these results hold up in larger studies, this vaccine could change "
                        "the course of the epidemic. Adults are the ones who transmit TB, and "
                        "until now we have had nothing to protect them."
                    ),
                    "attribution": "Professor Sibongile Ngcobo, principal investigator",
                },
            ),
            (
                "paragraph",
                (
                    "The vaccine, developed by a consortium of universities and a non-profit "
                    "research organisation, combines a protein from the TB bacterium with a "
                    "compound that stimulates the immune system. It was well tolerated, with "
                    "the most common side effects being pain at the injection site and mild "
                    "flu-like symptoms."
                ),
            ),
            ("subheading", "Larger trial planned"),
            (
                "paragraph",
                (
                    "Independent experts cautioned that the trial was relatively small and "
                    "that the results needed to be confirmed in a larger study involving "
                    "more diverse populations, including people living with HIV and "
                    "adolescents. A trial involving about 20,000 participants in several "
                    "African and Asian countries is expected to begin next year."
                ),
            ),
            (
                "paragraph",
                (
                    "Questions also remain about how long protection lasts and whether the "
                    "vaccine can be manufactured cheaply enough for use in the countries "
                    "most affected. The consortium said it had agreed to make the vaccine "
                    "available at an affordable price in low- and middle-income countries if "
                    "it was approved by regulators."
                ),
            ),
            (
                "paragraph",
                (
                    "Health officials said the results were encouraging but stressed that "
                    "existing measures, including early diagnosis, completing treatment and "
                    "preventive therapy for people at high risk, remained essential. The "
                    "health department said it would work with researchers to prepare for a "
                    "possible national roll-out if the vaccine proved effective."
                ),
            ),
        ],
    },
    {
        "slug": "drought-tolerant-sorghum-trials",
        "section": "science",
        "headline": "Drought-tolerant sorghum varieties outperform maize in Limpopo field trials",
        "standfirst": (
            "Researchers say the grains produced reliable yields during a dry season "
            "in which many maize crops failed, and could help small farmers adapt to "
            "a hotter climate."
        ),
        "authors": [],
        "agency": "Continental Newswire",
        "dateline": "Polokwane",
        "hours_ago": 350,
        "topics": ["Agriculture", "Climate"],
        "premium": False,
        "image": {
            "caption": "Sorghum ripens on a smallholding in Limpopo.",
            "credit": "Lindiwe Baloyi/Southern Wire Service",
            "palette": 2,
        },
        "body": [
            (
                "paragraph",
                (
                    "New varieties of drought-tolerant sorghum produced reliable harvests in "
                    "field trials in Limpopo during a season in which many neighbouring "
                    "maize crops failed, according to researchers at an agricultural "
                    "research council. The trials, conducted on 60 smallholder farms, "
                    "compared yields from four improved sorghum varieties with those of "
                    "commonly grown maize."
                ),
            ),
            (
                "paragraph",
                (
                    "On average, the sorghum produced 1.8 tonnes per hectare, compared with "
                    "0.7 tonnes for maize on the same farms. Researchers said sorghum "
                    "required less water and could withstand higher temperatures, making it "
                    "better suited to areas where rainfall had become more erratic."
                ),
            ),
            ("subheading", "Changing tastes a challenge"),
            (
                "paragraph",
                (
                    "Despite its advantages, sorghum has been displaced by maize as a staple "
                    "crop in much of southern Africa over the past century, and many "
                    "consumers prefer maize meal. Researchers are working with food "
                    "companies to develop sorghum-based products, including breakfast "
                    "cereals and flour blends, to build demand."
                ),
            ),
            (
                "quote",
                {
                    "text": (
                        "Our grandparents grew sorghum because they knew it would survive. We "
                        "are rediscovering that wisdom, with the help of modern plant breeding."
                    ),
                    "attribution": "Dr Mpho Ramashala, plant breeder",
                },
            ),
            (
                "paragraph",
                (
                    "Farmers who took part in the trials said they were interested in "
                    "planting more sorghum but needed reliable markets. Several said birds, "
                    "which feed on the ripening grain, were a significant problem, and that "
                    "they lacked equipment for threshing and milling."
                ),
            ),
            ("related", "zimbabwe-maize-harvest-recovery"),
            (
                "paragraph",
                (
                    "The research council plans to expand the trials to the Eastern Cape and "
                    "North West next season and to make seed of the best-performing "
                    "varieties available through seed companies within two years. It is also "
                    "studying whether sorghum could be used more widely in animal feed and "
                    "brewing."
                ),
            ),
        ],
    },
    # --- Opinion ---
    {
        "slug": "opinion-cities-must-fix-water-before-growth",
        "section": "opinion",
        "headline": "Opinion: Our cities must fix their pipes before they build anything else",
        "standfirst": (
            "Leaking networks waste the water we already have. Repairing them is "
            "cheaper than any new dam, and it cannot wait for the next drought."
        ),
        "authors": ["naledi-mahlangu"],
        "agency": "",
        "dateline": "Johannesburg",
        "hours_ago": 98,
        "topics": ["Water", "Local government"],
        "premium": False,
        "image": {
            "caption": "Water gushes from a burst pipe on a Johannesburg street.",
            "credit": "Bheki Nkosi/The Newsdesk Times",
            "palette": 0,
        },
        "body": [
            (
                "paragraph",
                (
                    "South Africa is a water-scarce country, a phrase we repeat so often "
                    "that it has lost its power to alarm. Yet our municipalities lose, on "
                    "average, about 40% of the water they treat before it reaches a paying "
                    "customer. In some towns the figure is well over half. No new dam or "
                    "desalination plant can make up for a bucket with a hole in it."
                ),
            ),
            (
                "paragraph",
                (
                    "The reasons are well understood. Pipes laid decades ago have reached "
                    "the end of their lives, pressure is poorly managed, meters are broken "
                    "or missing, and illegal connections go undetected. Maintenance budgets "
                    "are the first to be cut when money is tight, because the consequences "
                    "are hidden underground, at least until a main bursts."
                ),
            ),
            ("subheading", "The cheapest water we will ever find"),
            (
                "paragraph",
                (
                    "Fixing leaks is not glamorous. It does not offer politicians a ribbon "
                    "to cut. But studies consistently show that reducing losses is the "
                    "cheapest way to increase supply. Every kilolitre saved is a kilolitre "
                    "that does not need to be pumped, treated and paid for again, and that "
                    "is available to the households still waiting for a reliable tap."
                ),
            ),
            ("related", "metro-council-approves-water-budget"),
            (
                "paragraph",
                (
                    "Recent commitments by several metros to invest in pipe replacement are "
                    "welcome. The test will be whether the money is spent well and on time, "
                    "and whether the engineers exist to manage the work. Too many repair "
                    "programmes have stalled in procurement disputes or been abandoned "
                    "halfway, leaving residents with open trenches and the same old leaks."
                ),
            ),
            ("subheading", "Residents have a role too"),
            (
                "paragraph",
                (
                    "Residents also have a part to play, by reporting leaks, paying for the "
                    "water they use and supporting councillors who make unglamorous but "
                    "necessary decisions. A city that cannot keep water in its pipes cannot "
                    "promise the investment, jobs and housing that its growing population "
                    "needs."
                ),
            ),
        ],
    },
    {
        "slug": "opinion-coalition-government-needs-rules",
        "section": "opinion",
        "headline": "Opinion: Coalition government is here to stay, so let’s write the rules",
        "standfirst": (
            "Hung councils have produced instability, unpaid bills and "
            "revolving-door mayors. A few simple legal rules could make coalitions "
            "work for residents rather than for parties."
        ),
        "authors": ["thandi-mokoena"],
        "agency": "",
        "dateline": "Cape Town",
        "hours_ago": 145,
        "topics": ["Elections", "Local government", "Parliament"],
        "premium": True,
        "image": {
            "caption": "Councillors debate a motion of no confidence in a Gauteng council chamber.",
            "credit": "Jessica Adams/The Newsdesk Times",
            "palette": 5,
        },
        "body": [
            (
                "paragraph",
                (
                    "A decade ago, coalition government was an exception in South African "
                    "politics. Today it is the norm in several of our largest cities, and "
                    "increasingly at provincial and national level too. Voters have spread "
                    "their support across more parties, and there is little sign that this "
                    "will change. The question is no longer whether coalitions will govern, "
                    "but how well."
                ),
            ),
            (
                "paragraph",
                (
                    "The record so far is mixed at best. Some metros have changed mayors "
                    "several times in a single term, often after motions of no confidence "
                    "driven more by arithmetic than by performance. Each change brings new "
                    "mayoral committees, new priorities and, frequently, a pause in "
                    "decision-making while officials wait to see who is in charge."
                ),
            ),
            ("subheading", "The cost of instability"),
            (
                "paragraph",
                (
                    "Instability has a price, and residents pay it. Budgets are delayed, "
                    "tenders are cancelled and restarted, and senior managers serve in an "
                    "acting capacity for months at a time. Investors watching a city cycle "
                    "through mayors may reasonably conclude that it is not a safe place to "
                    "commit capital for the long term."
                ),
            ),
            (
                "paragraph",
                (
                    "Other democracies with a tradition of coalition government have "
                    "developed rules to manage these problems. In some, a motion of no "
                    "confidence must name a replacement, so that a government cannot be "
                    "removed without an alternative ready to take over. In others, coalition "
                    "agreements are published, giving voters a clear view of what parties "
                    "have promised each other."
                ),
            ),
            ("subheading", "Three simple reforms"),
            (
                "paragraph",
                (
                    "South Africa could adopt similar measures without amending the "
                    "Constitution. First, limit motions of no confidence to one a year per "
                    "council, except in cases of proven misconduct. Second, require "
                    "coalition agreements to be made public within 30 days of being signed. "
                    "Third, set a threshold below which parties cannot claim seats in the "
                    "executive, so that very small parties cannot hold a council to ransom."
                ),
            ),
            ("related", "coalition-talks-collapse-in-metro"),
            (
                "paragraph",
                (
                    "None of these rules would guarantee good government; that still depends "
                    "on the quality of those elected. But they would reduce the incentives "
                    "for the brinkmanship that has paralysed too many councils, and make it "
                    "easier for voters to hold parties to account for the deals they strike."
                ),
            ),
            (
                "paragraph",
                (
                    "Parliament has discussed coalition legislation for several years. It is "
                    "time to stop discussing and start drafting. The next local elections "
                    "are approaching, and another term of revolving-door mayors is a price "
                    "that residents, who simply want their bins collected and their taps "
                    "running, should not have to pay."
                ),
            ),
        ],
    },
    {
        "slug": "opinion-medals-are-won-on-school-fields",
        "section": "opinion",
        "headline": "Opinion: Medals are won on school fields long before they are won in stadiums",
        "standfirst": (
            "Funding for elite athletes matters, but without investment in school "
            "sport and community clubs, South Africa will keep relying on a narrow "
            "pool of talent."
        ),
        "authors": ["ruan-oosthuizen"],
        "agency": "",
        "dateline": "Johannesburg",
        "hours_ago": 320,
        "topics": ["Education", "Athletics"],
        "premium": False,
        "image": {
            "caption": "Children race on a dusty school field in the Eastern Cape.",
            "credit": "Nosipho Mthembu/The Newsdesk Times",
            "palette": 1,
        },
        "body": [
            (
                "paragraph",
                (
                    "Every four years, the country celebrates its Olympic medallists and "
                    "asks why there are not more of them. The answer rarely lies in the "
                    "final months before a Games. It lies in the thousands of primary school "
                    "fields without grass, the community swimming pools closed for repairs "
                    "and the clubs that have folded because volunteers could no longer carry "
                    "the cost."
                ),
            ),
            (
                "paragraph",
                (
                    "Elite programmes, which support athletes once they have already shown "
                    "promise, receive most of the attention and much of the funding. That "
                    "makes sense, as far as it goes. But it means that talent is identified "
                    "almost entirely through a small number of well-resourced schools, and "
                    "that children elsewhere rarely get the chance to discover what they "
                    "might be good at."
                ),
            ),
            ("subheading", "A narrow pipeline"),
            (
                "paragraph",
                (
                    "The pattern is visible across the codes. In rugby and cricket, national "
                    "squads still draw heavily on a handful of schools. In athletics, "
                    "promising runners from rural areas often emerge almost by accident, "
                    "spotted at a district meeting by a coach who happened to be there. How "
                    "many are never spotted at all?"
                ),
            ),
            ("related", "cricket-academies-for-townships"),
            (
                "paragraph",
                (
                    "Recent plans to build academies in townships are welcome, as are moves "
                    "to improve safety in school sport. But they will only make a lasting "
                    "difference if they are matched by a commitment to physical education in "
                    "every school, qualified coaches and facilities that are maintained "
                    "rather than built and abandoned."
                ),
            ),
            ("related", "schools-rugby-stricter-concussion-rules"),
            ("subheading", "A shared responsibility"),
            (
                "paragraph",
                (
                    "This is not a task for the sports ministry alone. Education "
                    "departments, municipalities, sporting bodies and private sponsors all "
                    "have a role to play. The return on that investment will not be counted "
                    "only in medals, but in healthier children, stronger communities and "
                    "young people who learn that effort is rewarded."
                ),
            ),
        ],
    },
]

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
BODY_KINDS = {"paragraph", "subheading", "quote", "related"}


def _check(condition: bool, message: str) -> None:
    """Raise AssertionError with ``message`` unless ``condition`` holds (works under ``python -O`` too)."""
    if not condition:
        raise AssertionError(message)


def _section_paths(specs: list[dict], prefix: str = "") -> list[str]:
    paths = []
    for spec in specs:
        path = f"{prefix}{spec['slug']}"
        paths.append(path)
        paths.extend(_section_paths(spec.get("children", []), prefix=f"{path}/"))
    return paths


def validate() -> None:
    """Check the demo content for internal consistency; raise AssertionError on the first problem."""
    paths = _section_paths(SECTIONS)
    _check(len(paths) == len(set(paths)), "section paths must be unique")
    _check(len(SECTIONS) >= 7, "need at least 7 top-level sections")
    _check(sum(1 for s in SECTIONS if s.get("children")) >= 2, "need at least 2 sections with subsections")

    _check(len(AUTHORS) == 9, "need exactly 9 authors")
    author_slugs = [a["slug"] for a in AUTHORS]
    _check(len(author_slugs) == len(set(author_slugs)), "author slugs must be unique")
    _check(len(AGENCIES) == 2 and len(set(AGENCIES)) == 2, "need two distinct agencies")

    _check(len(ARTICLES) >= 48, "need at least 48 articles")
    slugs = [a["slug"] for a in ARTICLES]
    _check(len(slugs) == len(set(slugs)), "article slugs must be unique")
    known = set(slugs)

    per_section = dict.fromkeys(paths, 0)
    recent = premium = with_related = with_two_subheadings = 0
    topics: set[str] = set()
    for article in ARTICLES:
        slug = article["slug"]
        _check(bool(SLUG_PATTERN.match(slug)) and len(slug) <= 60, f"{slug}: bad slug")
        _check(article["section"] in per_section, f"{slug}: unknown section {article['section']}")
        per_section[article["section"]] += 1
        _check(0 < len(article["headline"]) <= 110, f"{slug}: headline length")
        _check(0 < len(article["standfirst"]) <= 300, f"{slug}: standfirst length")
        _check(len(article["authors"]) <= 2, f"{slug}: too many authors")
        for author in article["authors"]:
            _check(author in author_slugs, f"{slug}: unknown author {author}")
        _check(article["agency"] in ("", *AGENCIES), f"{slug}: unknown agency")
        _check(bool(article["authors"]) or bool(article["agency"]), f"{slug}: needs authors or an agency")
        _check(0.5 <= article["hours_ago"] <= 400, f"{slug}: hours_ago out of range")
        _check(1 <= len(article["topics"]) <= 3, f"{slug}: needs 1-3 topics")
        topics.update(article["topics"])
        image = article["image"]
        _check(bool(image["caption"]) and bool(image["credit"]), f"{slug}: image needs caption and credit")
        _check(image["palette"] in range(8), f"{slug}: palette must be 0..7")

        body = article["body"]
        _check(5 <= len(body) <= 10, f"{slug}: body needs 5-10 items")
        kinds = [kind for kind, _ in body]
        _check(set(kinds) <= BODY_KINDS, f"{slug}: unknown body item kind")
        paragraphs = kinds.count("paragraph")
        _check(paragraphs >= (6 if article["premium"] else 4), f"{slug}: too few paragraphs")
        for kind, value in body:
            if kind == "paragraph":
                _check(isinstance(value, str) and "<" not in value, f"{slug}: paragraphs are plain text")
            elif kind == "quote":
                complete = bool(value["text"]) and bool(value["attribution"])
                _check(complete, f"{slug}: quote needs text and attribution")
            elif kind == "related":
                _check(value in known, f"{slug}: related slug {value} does not exist")
                _check(value != slug, f"{slug}: related link points at itself")
        related = kinds.count("related")
        _check(related <= 2, f"{slug}: at most 2 related links")
        with_related += related > 0
        with_two_subheadings += kinds.count("subheading") >= 2
        recent += article["hours_ago"] <= 48
        premium += bool(article["premium"])

    for path, count in per_section.items():
        _check(count >= 3, f"section {path} has only {count} articles")
    _check(10 <= recent <= 14, f"about 12 articles should be within 48 hours, got {recent}")
    _check(5 <= premium <= 7, f"about 6 articles should be premium, got {premium}")
    _check(with_related >= 20, f"at least 20 articles need related links, got {with_related}")
    _check(with_two_subheadings * 2 >= len(ARTICLES), "half the articles need at least 2 subheadings")
    _check(len(topics) <= 25, f"topic vocabulary should stay small, got {len(topics)}")
