"""The classifier issue's one-event check: texts about one foreign event, written in wire, state
and partisan styles, must not all get one label, and a straight report about a foreign event is
not labelled `state` for naming foreign places."""

import framing
from one_event_texts import ONE_EVENT, WIRE_1, WIRE_2


def test_one_event_texts_do_not_all_get_one_label():
    labels = framing.load_model().predict([text for _, text in ONE_EVENT])
    assert None not in labels
    assert len(set(labels)) > 1, labels


def test_straight_report_about_a_foreign_event_is_not_state():
    for text in (WIRE_1, WIRE_2):
        [p] = framing.load_model().explain([text])
        assert p.label != "state", (p.label, p.probabilities, p.top_features[:4])


def test_places_are_not_what_the_model_reads():
    [p] = framing.load_model().explain([WIRE_1])
    assert p.extraction.places, "the evidence still names the foreign places"
    named = {f["feature"] for f in p.top_features if f.get("kind") == "feature"}
    assert "foreign_place_own_per_100w" not in named
    assert "foreign_place_own_per_100w" not in framing.load_model().default.columns
