"""A fixed sample of invented documents whose output rows are kept as goldens.

Each text is written for this sample, about invented events; together they reach every kind
of row: wire, state and partisan styles, Russian, too short to judge, empty, a text that is
not a string, a repeated id and a repeated text. :mod:`capture` writes their rows,
:mod:`tests.test_golden` scores them again and compares.
"""

from __future__ import annotations

SAMPLE: list[dict] = [
    {"id": "wire-ferry", "outlet": "Reuters", "text": (
        "LISBON, June 4 (Reuters) - Portugal's port authority said on Wednesday that a new ferry "
        "terminal would open in August, officials said. \"We expect the first ships before the "
        "summer ends,\" Ana Ribeiro, a spokeswoman for the authority, told reporters. The project "
        "cost 85 million euros, the ministry said in a statement. A contractor said work was on "
        "schedule, while two residents said the area had waited years for it.")},
    {"id": "wire-flood", "outlet": "AFP", "text": (
        "BISHKEK, March 3 (AFP) - Flooding in the south has forced thousands of people from their "
        "homes, officials said on Sunday. The emergencies ministry said more than 4,000 residents "
        "had been evacuated. Rescue teams reached the worst-hit areas overnight, a ministry "
        "spokesman told AFP. According to the regional governor, at least 12 bridges were washed "
        "away. Local police said two people were missing.")},
    {"id": "wire-vote", "outlet": "AP", "text": (
        "VALLETTA, Malta (AP) - Lawmakers in the island's parliament voted 38 to 29 on Tuesday to "
        "approve a budget that raises spending on hospitals, the speaker's office said. "
        "Opposition leader Mark Vella said the plan \"borrows from our children\" and his party "
        "would challenge it. The finance minister said the deficit would stay below 3 percent, "
        "a figure economists at the central bank said was possible but uncertain.")},
    {"id": "wire-market", "outlet": "Bloomberg", "text": (
        "Copper prices rose 2.1 percent on Thursday after a strike halted output at a mine in "
        "northern Chile, traders said. The union said 1,200 workers walked out over pay, while "
        "the company said in a statement that talks would resume on Monday. \"Supply is tight,\" "
        "said Laura Chen, an analyst at a London brokerage. Futures for delivery in three months "
        "traded at $9,410 a ton.")},
    {"id": "state-harvest", "outlet": "KCNA", "text": (
        "PYONGYANG, September 9 -- The working people across the country are greeting the harvest "
        "with great labour successes under the wise guidance of the respected leader. Farmers "
        "of cooperative farms, single-mindedly united around the Party, have overfulfilled their "
        "plans, displaying boundless loyalty. The great achievements are a brilliant fruition of "
        "the leader's outstanding ideas and tireless devotion to the people's happiness.")},
    {"id": "state-summit", "outlet": "Xinhua", "text": (
        "BEIJING, May 12 -- The President met with the visiting Prime Minister at the Great Hall "
        "on Monday, and the two sides agreed to deepen their comprehensive strategic partnership "
        "for a new era. The President stressed that the two countries should firmly support each "
        "other on issues concerning their core interests. The Prime Minister spoke highly of the "
        "country's great achievements in development and expressed willingness to strengthen "
        "win-win cooperation.")},
    {"id": "state-minister", "outlet": "RT", "text": (
        "Foreign Minister Sergey Lavrov said on Friday that Western attempts to isolate the "
        "country have completely failed, stressing that the so-called sanctions only hurt "
        "Europe itself. The minister noted that the collective West continues its hostile "
        "campaign of lies, while the majority of the world supports a fair multipolar order. "
        "Moscow has repeatedly warned that such provocations will not go unanswered.")},
    {"id": "partisan-rant", "outlet": "blog", "text": (
        "Let's be honest: the radical elites in the capital have betrayed every hard-working "
        "family in this country. Their disastrous, job-killing scheme is nothing but a shameless "
        "power grab, and the corrupt media cheers them on. Wake up! Patriots are fed up with "
        "these arrogant bureaucrats who sneer at ordinary people. It's time to fight back before "
        "they destroy everything we love.")},
    {"id": "partisan-column", "outlet": "opinion", "text": (
        "Once again the greedy corporations and their puppets in the legislature have shown "
        "exactly whom they serve. This shameful bill is a cruel attack on working people, "
        "dressed up in the usual lies. Anyone who still believes their phony promises has not "
        "been paying attention. We must organise, vote them out and end this rigged system for "
        "good. Enough is enough!")},
    {"id": "partisan-tweetstorm", "outlet": "blog", "text": (
        "UNBELIEVABLE. The so-called experts got it wrong AGAIN and nobody is held accountable. "
        "These clowns want to lecture us about facts while they push their insane agenda on our "
        "kids. Shame on every coward who voted for this disgrace. Share this before they censor "
        "it! The truth always wins, and they know it, which is why they are terrified.")},
    {"id": "ru-bridge", "outlet": "TASS", "text": (
        "МОСКВА, 14 мая. Городские власти во вторник объявили, что новый мост через реку "
        "откроется в следующем месяце, сообщили в мэрии. «Мы ожидаем первых водителей уже в "
        "июне», — заявил журналистам заместитель мэра Иван Петров. По словам представителя "
        "подрядчика, работы идут по графику. Стоимость проекта составила четыре миллиарда "
        "рублей, сообщило министерство транспорта. Местные жители рассказали, что пробки в "
        "районе не прекращались много лет.")},
    {"id": "ru-state", "outlet": "RIA", "text": (
        "Президент провёл совещание с членами правительства, на котором подчеркнул, что "
        "страна уверенно преодолевает все трудности, несмотря на беспрецедентное давление "
        "Запада. Глава государства отметил выдающиеся успехи отечественной промышленности и "
        "поручил продолжить укрепление суверенитета. Так называемые санкции, по его словам, "
        "лишь сплотили народ вокруг общих целей. Участники совещания единодушно поддержали "
        "курс руководства страны и выразили уверенность в дальнейших успехах.")},
    {"id": "short", "outlet": "Reuters", "text": "The ferry terminal opens in August, officials said."},
    {"id": "empty", "outlet": "AFP", "text": "   "},
    {"id": "not-text", "outlet": "AFP", "text": 12345},
    {"id": "no-text-field", "outlet": "AFP"},
    {"id": "wire-ferry", "outlet": "Reuters", "text": (
        "A second story under an id used before: the port authority said on Thursday that the "
        "ferry timetable would be published next week, a spokeswoman told reporters. Fares will "
        "rise by 4 percent, the ministry said in a statement, while residents said they welcomed "
        "the new service.")},
    {"id": "wire-flood-copy", "outlet": "AFP", "text": (
        "BISHKEK, March 3 (AFP) - Flooding in the south has forced thousands of people from their "
        "homes, officials said on Sunday. The emergencies ministry said more than 4,000 residents "
        "had been evacuated. Rescue teams reached the worst-hit areas overnight, a ministry "
        "spokesman told AFP. According to the regional governor, at least 12 bridges were washed "
        "away. Local police said two people were missing.")},
    {"id": "comments", "outlet": "forum", "text": (
        "The city council said on Monday that the park would close for repairs until spring, "
        "according to a statement. Officials said the work would cost 2 million dollars.\n\n"
        "Comments\n\nJohn: This is a total disgrace, the council wastes our money again!\n\n"
        "Mary: Finally, the park needed this. Thanks for the update.")},
    {"id": "german", "outlet": "dpa", "text": (
        "BERLIN (dpa) - Die Bundesregierung hat am Mittwoch ein neues Gesetz zur Förderung des "
        "Bahnverkehrs beschlossen, teilte ein Sprecher des Ministeriums mit. Nach Angaben des "
        "Verkehrsministeriums sollen bis 2030 mehr als zehn Milliarden Euro investiert werden. "
        "Kritiker sagten, das reiche nicht aus.")},
    {"id": "markup", "outlet": "web", "text": (
        "<script>alert(1)</script> Officials said on Monday that the bridge would reopen, a "
        "spokesman told reporters. \"Traffic will flow by Friday,\" he said. The repair cost "
        "3 million dollars, according to the transport ministry. Drivers said the detour had "
        "added an hour to their commute, while shop owners near the bridge told reporters that "
        "sales had fallen by half since the closure in May.")},
]
