"""Four invented texts for the label regressions of issue 19 (classifier v3), written for the tests.

Each is the kind of document framing-en-v2 got wrong or that the issue names:

- ``BROADCASTER``: a government-funded international broadcaster's straight report about unrest
  abroad, critical of the government there, citing ministers with dates and figures and giving
  critics their say, in a dense, formal register (framing-en-v2 called it ``state``, 0.78;
  framing-en-v3 calls it ``wire`` at 0.55, flagged low-confidence: the formal register still
  pulls towards ``state``, and without its two direct quotes v3 calls it ``state``, a limitation
  docs/limitations.md states): not ``state``;
- ``STATE_WIRE_REGISTER``: a state agency's story in wire register (dateline, "said", dates),
  with the state line in its own voice (honorifics, "wise leadership", "so-called opposition",
  "puppet masters", "terrorists"): ``state``;
- ``REPRINT_NO_CREDIT``: a partisan site's reprint of an agency story with the agency credit cut:
  ``wire``;
- ``STATE_RELAYS_GOVERNMENT``: a state agency relaying its government's statements (a minister's
  words, deferential verbs, officials only): ``state``, not ``partisan``.

The country, people and events are invented.
"""

BROADCASTER = """\
The government of Varossa has come under growing pressure after a week of protests against the sharp rise in the price of fuel, which the authorities in Teldra introduced on 1 March as part of a programme agreed with the International Monetary Fund.

According to figures published by the interior ministry on Monday, 41 people have been detained and 12 members of the security forces injured since the start of the demonstrations. The opposition puts the number of arrests at more than 200.

Prime Minister Aldo Renn defended the decision in a speech to parliament on Friday. "The subsidies cost the state 1.1 billion dollars a year, the equivalent of 7.2 percent of our economic output," he said. Critics of the government say the burden of the reform falls on the poorest households in the north of the country, where the average income is less than half of that in the capital.

Human rights organisations have accused the police of the excessive use of force. Amnesty International said it had documented five cases of the mistreatment of detainees. The minister of the interior, Karl Vesk, rejected the allegation on Saturday. "The police acted in accordance with the law," he told journalists.

Analysts say the crisis is the most serious test of the Renn government since the elections of 2021. The European Union and the United States have called on the authorities to respect the right of peaceful assembly.
"""

STATE_WIRE_REGISTER = """\
TELDRA, March 4 (VSNA) -- The respected President of the Republic of Varossa, Comrade Aldo Renn, on Tuesday received the credentials of the new ambassadors of four friendly countries, the presidential press service said.

President Renn stressed that Varossa would firmly continue its independent foreign policy despite the provocations of hostile forces. He noted the remarkable achievements of the heroic Varossan people in building a strong and prosperous country under the wise leadership of the ruling party.

The so-called opposition, financed by foreign puppet masters, has again tried to destabilise the country with lies and riots. The terrorists who attacked police stations in the south last week have been arrested and will be punished severely according to the law.

The glorious victory of the national economy, which grew by 6.1 percent last year, proves the correctness of the policy of the President, the statement said. Workers across the country expressed their boundless support for the wise guidance of the head of state.

The ambassadors thanked the President and highly praised the great successes of Varossa, the press service said.
"""

REPRINT_NO_CREDIT = """\
Varossa's central bank raised its main interest rate by half a percentage point to 9 percent on Thursday, its third increase this year, as inflation climbed to its highest level in more than a decade.

The bank said consumer prices rose 11.4 percent in the year to February, driven by fuel and food, and that it was ready to tighten policy further if needed. Most economists polled last week had expected a smaller increase of a quarter point.

"Inflation expectations are rising and we have to act before they become entrenched," Governor Lena Hart told a news conference in Teldra.

The currency firmed 0.8 percent against the dollar after the decision, and yields on two-year government bonds rose 15 basis points, according to market data.

Finance Minister Paul Drey said on Wednesday the government would keep fuel subsidies at their current level until June. Two officials familiar with the budget talks, who asked not to be named because the discussions were private, said the ministry was considering a windfall tax on energy companies.

The bank's next policy meeting is scheduled for April 27.
"""

STATE_RELAYS_GOVERNMENT = """\
Varossan Foreign Minister Pavel Orin said on Wednesday that the new sanctions announced by several Western countries were illegal and would not change the course of the Republic of Varossa.

Speaking at a meeting with the ambassador of a friendly country, the minister stressed that unilateral sanctions violate the Charter of the United Nations and the principles of international law. He pointed out that Varossa had always been open to equal and mutually respectful dialogue with all partners.

Minister Orin noted that the measures would only harm the ordinary citizens of the countries that imposed them. He emphasised that the Varossan economy had successfully adapted to external pressure and that trade with friendly states had grown by 18 percent last year.

The minister underlined that the government of Varossa reserves the right to take retaliatory measures to protect its national interests. He expressed confidence that cooperation with the countries of the region would continue to develop steadily.

Deputy Foreign Minister Ilse Marr added that the ministry had summoned the ambassadors of the countries concerned to hand them a note of protest. The ministry's spokesperson reiterated that Varossa would continue its independent and peaceful foreign policy.
"""

REGRESSIONS = (
    ("broadcaster's straight report critical of a foreign government", BROADCASTER,
     lambda label: label != "state"),
    ("state agency in wire register, state line in its own voice", STATE_WIRE_REGISTER,
     lambda label: label == "state"),
    ("partisan reprint of an agency story, credit cut", REPRINT_NO_CREDIT,
     lambda label: label == "wire"),
    ("state agency relaying its government's statements", STATE_RELAYS_GOVERNMENT,
     lambda label: label == "state"),
)
