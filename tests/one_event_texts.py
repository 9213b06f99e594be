"""Texts written for the tests: one foreign event (unrest in Almaty, Kazakhstan) told in wire,
state and partisan styles. Every one names the same foreign places, so a label that follows
places rather than framing gives them all one label (the classifier issue's one-event check,
run by ``tests/test_one_event.py`` and ``benchmarks/accuracy.py``)."""

WIRE_1 = (
    "ALMATY, Jan 6 - Security forces in Kazakhstan said on Thursday they had killed dozens of "
    "people during the night in Almaty, the country's largest city, as unrest over fuel prices "
    "spread across the Central Asian nation.\n"
    "\"Dozens of attackers were eliminated,\" police spokeswoman Saltanat Azirbek told state "
    "television, according to a transcript. Her account could not be independently verified.\n"
    "The interior ministry said 18 members of the security forces had been killed and 748 "
    "injured. Two people familiar with the matter said internet access had been cut across much "
    "of the country.\n"
    "Russia said on Thursday it would send paratroopers as part of a peacekeeping force of the "
    "Moscow-led Collective Security Treaty Organization, the alliance said in a statement.\n"
    "Protesters told reporters they had gathered peacefully before shots were fired. \"We only "
    "want fair prices,\" said a 34-year-old teacher who declined to give her full name."
)
WIRE_2 = (
    "Kazakhstan's president said on Friday he had ordered troops to shoot to kill without "
    "warning, as officials reported that calm had largely returned to Almaty after days of "
    "unrest.\n"
    "President Kassym-Jomart Tokayev said in a televised address that 20,000 \"bandits\" had "
    "attacked the city. He did not give evidence for the figure.\n"
    "The health ministry said 26 \"armed criminals\" had been killed, while rights groups said "
    "the death toll was likely higher. A spokesman for the U.N. human rights office said it was "
    "seeking information about the detentions.\n"
    "Flights to Almaty remained suspended on Friday, an airport official told Reuters. Prices "
    "for liquefied gas, which triggered the protests when a cap was lifted on Jan. 1, would be "
    "frozen for 180 days, the government said."
)
STATE_1 = (
    "The heroic law enforcement officers of Kazakhstan have restored constitutional order in "
    "Almaty, crushing the brazen acts of terror committed by foreign-trained bandits. The "
    "terrorists, directed from abroad, tried to seize power and destroy the peaceful life of "
    "the people.\n"
    "The wise and decisive leadership of the Head of State saved the nation from chaos. Thanks "
    "to the timely assistance of our fraternal allies, the terrorist gangs were routed.\n"
    "The so-called peaceful protesters were in fact well-organised militants and provocateurs "
    "serving the hypocritical West, which has always sought to sow discord in Central Asia. "
    "The people of Kazakhstan stand united behind their leader and reject the foreign plot."
)
STATE_2 = (
    "Order has returned to the streets of Almaty. The criminal terrorist groups that attacked "
    "government buildings have been eliminated by the valiant security forces, and life in the "
    "southern capital is rapidly returning to normal.\n"
    "The attempted coup was planned and financed from abroad. Western media, as usual, spread "
    "lies and fakes about the events, hiding the atrocities of the bandits who beheaded police "
    "officers.\n"
    "The grateful citizens of Kazakhstan thank the peacekeepers of the allied nations for their "
    "selfless help. The enemies of the Kazakh people will not succeed: the country is stronger "
    "than ever and its glorious future is secure under the leadership of the President."
)
PARTISAN_1 = (
    "Let's be honest about what happened in Almaty this week. Ordinary Kazakhs were fed up with "
    "a corrupt regime, and what did they get? Bullets! And where was our own government? Silent, "
    "as always, because the oil deals matter more than human lives.\n"
    "I have been writing about Kazakhstan for years, and I can tell you this: the so-called "
    "terrorists were mostly young people who can't afford to heat their homes. You won't hear "
    "that on the nightly news.\n"
    "We should be ashamed. Our leaders lecture the world about democracy, then look away when "
    "their friends in Central Asia gun down protesters. Wake up, America! How many more people "
    "have to die before we say something?"
)
PARTISAN_2 = (
    "Here we go again. The usual suspects in the media want you to believe the chaos in "
    "Kazakhstan is all about fuel prices. Really? Do they think we're stupid?\n"
    "I'm not buying it, and neither should you. Every time there's unrest somewhere in Central "
    "Asia, the same crowd of globalist NGOs and their friends in Washington show up with their "
    "slogans and their money. Coincidence? I don't think so!\n"
    "Meanwhile, the radical left at home cheers on the rioters in Almaty while pretending to "
    "care about law and order. You can't make this stuff up. It's time we stopped funding "
    "these meddlers and started putting our own country first."
)

ONE_EVENT = [
    ("wire", WIRE_1), ("wire", WIRE_2),
    ("state", STATE_1), ("state", STATE_2),
    ("partisan", PARTISAN_1), ("partisan", PARTISAN_2),
]
