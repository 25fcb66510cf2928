"""The words of casualty reporting: which verbs, adjectives and nouns say killed, injured or
missing, what counts people, and what marks a count as a total, a rate or no victims at all."""

from __future__ import annotations

KILLED, INJURED, MISSING = "killed", "injured", "missing"
# Victims of an attack whose fate the phrase leaves open (shot, stabbed, taken to hospital):
# the dead among them are counted elsewhere, the rest are the injured.
HARMED = "harmed"

VERB_CATEGORY = {
    "kill": KILLED,
    "die": KILLED,
    "succumb": KILLED,  # "succumbed to his injuries"
    "perish": KILLED,
    "drown": KILLED,
    "martyr": KILLED,  # "were martyred", as Gaza's and Iran's officials say
    "slay": KILLED,
    "murder": KILLED,
    "behead": KILLED,
    "massacre": KILLED,
    "injure": INJURED,
    "wound": INJURED,
    "hurt": INJURED,
    "hospitalize": INJURED,
    "hospitalise": INJURED,
    "maim": INJURED,
    "abduct": MISSING,
    "kidnap": MISSING,
    "shoot": HARMED,
    "stab": HARMED,
}
ADJ_CATEGORY = {
    "dead": KILLED,
    "deceased": KILLED,
    "killed": KILLED,
    "injured": INJURED,
    "wounded": INJURED,
    "hurt": INJURED,
    "missing": MISSING,
    "unaccounted": MISSING,
}
NOUN_CATEGORY = {"death": KILLED, "deaths": KILLED, "fatalities": KILLED, "injuries": INJURED}
# Nouns that are counted as deaths: "5 killings", "two deaths".
DEATH_NOUNS = frozenset({"deaths", "fatalities", "killings", "homicides", "murders"})
# "the killing of X", "the fatal shooting of X": X was killed.
KILLING_OF = frozenset({"killing", "murder", "death", "homicide", "slaying", "execution"})
HARM_OF = frozenset({"shooting", "stabbing", "wounding", "beating"})
FATAL_ADJECTIVES = frozenset({"fatal", "deadly", "lethal"})
TOLL_NOUNS = frozenset({"toll", "tally", "count"})
ZERO_NOUNS = {
    "casualties": (KILLED, INJURED),
    "deaths": (KILLED,),
    "fatalities": (KILLED,),
    "injuries": (INJURED,),
    "victims": (KILLED, INJURED),
}
PERSON_NOUNS = frozenset(
    """man woman boy girl child teen teenager person baby toddler infant student
        officer driver victim resident civilian soldier worker journalist pedestrian
        passenger mother father son daughter brother sister wife husband suspect gunman
        policeman deputy trooper guard cyclist motorist bystander patient employee
        customer juvenile homeowner clerk shopkeeper neighbor neighbour friend cousin
        nephew niece uncle aunt relative grandmother grandfather""".split()
)
SINGLE_DETERMINERS = frozenset({"a", "an", "the", "another", "his", "her", "their", "one"})
# Things counted near toll words that are not victims: "12 drones", "3 of 4 suspects", and
# attackers ("five gunmen were killed": the domain notes keep them out of the toll).
NOT_VICTIMS = frozenset(
    """drone missile rocket shell bomb building home house car vehicle year day hour minute
    time incident shooting attack shot round bullet region site fire suspect defendant dollar
    percent point tank aircraft plane ship weapon gun block mile
    gunman attacker assailant bomber militant insurgent terrorist jihadist bandit""".split()
)
TIME_NOUNS = frozenset({"day", "week", "month", "year", "night", "hour"})
# "in one week", "over two months": a total over a period, not one event's toll.
PERIOD_NOUNS = frozenset({"week", "weeks", "month", "months", "year", "years", "days"})
# ("since" is read by _counted_since: "since Friday" is a storm's toll, "since 2022" a total.)
TOTAL_WORDS = frozenset({"per", "annually", "daily", "weekly", "monthly", "altogether"})
FATAL_ADVERBS = frozenset({"fatally", "mortally", "dead"})
CATEGORIES = (KILLED, INJURED, MISSING, HARMED)

# Operators that make numbers an expression: "10^100", "10 ^ 6", "2 * 10", "3 × 10".
OPERATORS = frozenset({"^", "**", "*", "×"})
TRANSITIVE = frozenset(
    "kill shoot injure wound hurt murder stab slay behead massacre maim hospitalize".split()
)
REFLEXIVE = frozenset({"himself", "herself", "themselves", "itself", "myself", "ourselves"})
EVENT_NOUNS = frozenset(
    """shooting attack strike explosion blast bombing raid shelling incident stabbing
    homicide murder crash fire killing ambush""".split()
)
# Disasters a toll is of: "the death toll in the Sylhet flood disaster".
DISASTER_NOUNS = frozenset(
    """flood flooding earthquake quake disaster storm tornado hurricane cyclone typhoon
    landslide mudslide stampede collapse wildfire blaze eruption tsunami avalanche""".split()
)
# Words that spread a toll over its place: "killed across Ukraine", "nationwide".
SPREAD_WORDS = frozenset({"across", "throughout", "nationwide", "countrywide"})
# Words that tell where an attack hit: "men attacked the village of X", "it happened in X".
SCENE_WORDS = EVENT_NOUNS | frozenset("hit target shell bomb happen occur".split())
WEEKDAYS = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday weekend yesterday".split()
)
# Words between a figure and the toll word after it: "three dead and 12 wounded", "40 people
# reported dead and 75 injured", "four others hurt".
COUNTED = frozenset({"people", "others", "more", "persons", "civilians"})
# Where victims are taken: "taken to hospital", "airlifted to Lviv".
HOSPITAL_VERBS = frozenset("take send rush transport airlift fly hospitalize admit".split())
# Parts of a place: "north of Lviv", "central Mali".
COMPASS = frozenset(
    """north south east west northeast northwest southeast southwest northeastern northwestern
    southeastern southwestern northern southern eastern western central north-eastern
    north-western south-eastern south-western""".split()
)
# Who strikes: "US strikes", "Russian forces" name an attacker, not a place.
ATTACKERS = frozenset(
    """strike airstrike attack raid assault shelling bombardment drone missile rocket force troop
    army military navy jet warplane""".split()
)
# Who speaks for a place: "Gaza's civil defence agency said" names a source, not where.
AUTHORITIES = frozenset(
    """ministry minister agency authority official government governor mayor spokesman
    spokesperson spokeswoman police army military council administration service office
    department defence defense president leader head chief media""".split()
)
# Counting the dead by their bodies: "the body of a man" (one), "five corpses".
BODIES = frozenset({"body", "corpse", "remains"})
# What a "number" or "total" counts: "the number of dead rose to 14, and of injured to 61".
DEATH_WORDS = frozenset({"dead", "death", "deaths", "victims", "victim", "killed", "fatalities"})
INJURY_WORDS = frozenset({"injury", "injuries", "injured", "wounded", "hurt"})
# A tally that "reached 28" or "hit 30" gives its latest figure; one that "passed 2,000" a floor.
REACH_VERBS = frozenset({"reach", "hit", "climb", "rise"})
PASS_VERBS = frozenset({"top", "exceed", "pass", "surpass"})
# A count over a war is a war's total, not an incident's: "killed in the conflict".
# What a war-long count runs from: "since fighting broke out", "since the offensive began".
CAMPAIGNS = frozenset({"fighting", "offensive", "campaign", "invasion", "hostilities", "siege"})
WARS = frozenset({"war", "conflict", "insurgency", "uprising", "revolution", "occupation"})
# Verbs that say a toll is none: "no casualties were reported", "caused no deaths".
ZERO_VERBS = frozenset("be report cause record suffer leave have register confirm sustain".split())
# Nouns that say a name is a place: "the capital Sofia", "the town of Izium", "the province
# of Kandahar", "off the coast of Lampedusa".
PLACE_NOUNS = frozenset(
    """capital city town village port province governorate region oblast state district coast
    outskirts island""".split()
)
