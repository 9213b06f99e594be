"""Pages saved with their readers' comments, written for the tests (invented outlets, people and
commenters; one event: the fuel-price protests in Meridan, January 2025). Each thread shape is
one that comment systems produce; each article is the outlet's text alone, so a test can compare
what the outlet says with and without the thread under it."""

COMMENTARY = """\
Meridan, 12 January. The week of fuel protests in Meridan ended the way such weeks always end in Varossa: with the humiliation of the so-called opposition.

Lev Arnaut promised a hundred thousand people on Harbour Avenue. Fewer than four thousand came, and most of them went home before the rain did. His foreign friends, who had booked their hotel rooms in advance, were left to explain the numbers to their sponsors.

The government did what governments do. It kept the subsidy cut, it paid pensioners a one-off sum, and it let the police clear the avenue without a single shot fired. That is not repression; that is patience.

The so-called activists will be back next month with new slogans and the same puppeteers. Varossa will still be here.
"""

# Shape 1: a sign-in prompt, then numbered entries ("Name Offline Name", "Name (nickname) date
# time", the comment), nested replies numbered again and indented, deleted entries.
SIGN_IN_THREAD = """\
Dear reader, to leave comments on the publication, you must sign in.
1
Denis Z Offline Denis Z
Denis Z (Denis_Z) 12 January 2025 22: 12
Arnaut is a Russophobic reptile, and everybody knows who pays him. Lies, all lies, from the first day.
    1
    Mara77 Offline Mara77
    Mara77 (mara) 12 January 2025 23: 05
    The humiliation of the so-called opposition, exactly as the article says. They deserve every bit of it.
2
The comment was deleted.
3
Ivan K Offline Ivan K
Ivan K (ivan_k) 13 January 2025 09: 40
I read this three times and still do not understand why the police waited so long. In my town the traitors would have been sent home on the first evening, and nobody would have cried about it. The whole week was a shameful circus for the foreign cameras, and the ministry let it run.
"""

BLOG = """\
I was on Harbour Avenue on Friday night, and I want to tell you what I saw, because VarTV will not.

The police came at nine. They did not warn anyone. They fired gas into a crowd of pensioners and students who were singing, and then they chased them into the side streets. I saw a woman of seventy fall on the tram rails. Nobody from the ministry has said a word about her.

Interior Minister Anja Dravik says the protesters were paid by foreign embassies. I did not see a single embassy on Harbour Avenue. I saw my neighbours.

We will be back on Saturday. Bring water, bring scarves, and bring your phones.
"""

# Shape 2: a "N comments" header, entries as a name line over a date line, "Reply" links.
REPLY_THREAD = """\
4 comments
Tomas Brenner
January 12, 2025 at 9:14 am
This regime thug of a minister should resign today. Shameful!
Reply
Ana Lisk
January 12, 2025 at 10:02 am
Brenner, you are spreading lies. The police were restrained and you know it.
Reply
Tomas Brenner
January 12, 2025 at 10:30 am
Restrained? They gassed pensioners, you fool.
Reply
Ana Lisk
January 12, 2025 at 11:45 am
Keep your insults.
Reply
Leave a Reply
"""

WIRE = """\
MERIDAN, Jan 11 (Northwire) - Varossa's government said on Saturday it would pay pensioners a one-off sum to soften a 40 percent rise in fuel prices, after a third day of protests in the capital.

Finance Minister Ilan Broz told reporters the payment would reach about 600,000 people in February. "The subsidy will not come back," he said.

The Fair Fuel Coalition, which organised the marches, said the payment was too small and called a new protest for next Saturday. Police said 41 people had been detained since Thursday.
"""

# Shape 3: Disqus-like entries, "Name • 3 hours ago", "Reply • Share ›" under each.
DISQUS_THREAD = """\
Rodion_V • 3 hours ago
Another whitewash. The traitors in the ministry will never admit what happened on Friday.
Reply • Share ›
katya.m • 2 hours ago
@Rodion_V the article quotes both sides, read it again.
Reply • Share ›
Old Sailor • an hour ago
Pensioners paid off with crumbs while the thieves at the top laugh at us. Disgusting.
Reply • Share ›
Load more comments
"""

# An article that talks about comments (a public consultation) and has no thread: not cut.
MENTIONS_COMMENTS = """\
MERIDAN, Jan 14 (Global Press Agency) - Varossa's energy ministry said on Tuesday it had received more than 4,000 comments on its plan to end the fuel subsidy, and that it would publish a reply to the most common ones next week.

Comments

Comments can still be sent until 12 March 2025 at 17:00, a ministry spokesman said. "We read every comment, including the angry ones," he told reporters.

Reply to critics

The opposition said the comment period was too short and that the ministry had already made up its mind. The Fair Fuel Coalition said it would send a joint reply on behalf of its members.
"""

SHAPES = {
    "sign-in prompt, numbered entries, presence lines": (COMMENTARY, SIGN_IN_THREAD),
    "N comments, name over date, Reply links": (BLOG, REPLY_THREAD),
    "Disqus-like, Name • 3 hours ago": (WIRE, DISQUS_THREAD),
}
