"""Short texts written for the tests, shared by several test modules."""

# a wire story with a dateline and a dozen attributions, no quote marks (invented event)
AFP_FLOOD = (
    "BISHKEK, March 3 (AFP) - Flooding in the south has forced thousands of people from their "
    "homes, officials said on Sunday. The emergencies ministry said more than 4,000 residents had "
    "been evacuated from villages near the river. Rescue teams reached the worst-hit areas "
    "overnight, a ministry spokesman told AFP. According to the regional governor, at least 12 "
    "bridges were washed away. Local police said two people were missing after a car was swept "
    "off a road. Meteorologists said more rain was expected on Monday."
)
