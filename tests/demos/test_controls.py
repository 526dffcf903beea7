"""demos/controls.py: every value a control is given is kept, or changed with a note; links never inject markup."""
import pytest

from demos.controls import Control, from_query, markdown_table, query_string, take_all

SEED = Control("seed", "Seed", 0, "same seed, same run", low=0, high=10_000, step=1)
LR = Control("lr", "Learning rate", 0.001, low=1e-5, high=1.0)
LOSS = Control("loss", "Loss", "nonsaturating", choices={"non-saturating": "nonsaturating", "minimax": "minimax"})


@pytest.mark.parametrize("raw, value, noted", [
    (5, 5, False), (5.0, 5, False), ("7", 7, False), (-5, 0, True), (99_999, 10_000, True), (2.6, 3, True),
    (float("inf"), 10_000, True), (float("nan"), 0, True), (None, 0, True), ("abc", 0, True), (2 ** 63, 10_000, True)])
def test_a_typed_number_is_kept_or_clipped_with_a_note(raw, value, noted):
    got, note = SEED.take(raw)
    assert got == value and type(got) is int
    assert (note is not None) == noted
    if noted:
        assert note.startswith("Seed: ")


def test_a_float_control_keeps_floats_and_names_its_range():
    assert LR.take(0.5) == (0.5, None)
    value, note = LR.take(3)
    assert value == 1.0 and "allowed 1e-05..1" in note


def test_choices_take_values_or_labels_and_refuse_the_rest():
    assert LOSS.take("minimax") == ("minimax", None)
    assert LOSS.take("non-saturating") == ("nonsaturating", None)
    value, note = LOSS.take("wgan")
    assert value == "nonsaturating" and "not one of" in note


def test_a_link_falls_back_to_defaults_and_says_which():
    values, notes = from_query([SEED, LR, LOSS], {"seed": "-3", "loss": "minimax", "zoom": "2", "present": "1"})
    assert values == {"seed": 0, "lr": 0.001, "loss": "minimax"}
    assert notes == ["Seed: '-3' is outside 0..10,000; using the default 0", "unknown setting: 'zoom'"]


def test_a_crafted_link_cannot_inject_markup():
    _, notes = from_query([SEED, LOSS], {"seed": "<img src=x onerror=alert(1)>", "<script>": "1"})
    assert notes and all("<" not in note for note in notes)


def test_the_link_carries_only_what_differs_from_the_defaults():
    assert query_string([SEED, LR, LOSS], {"seed": 3, "lr": 0.001, "loss": "minimax"}) == "seed=3&loss=minimax"
    values, notes = from_query([SEED, LR, LOSS], {"seed": "3", "loss": "minimax"})
    assert notes == [] and values == {"seed": 3, "lr": 0.001, "loss": "minimax"}


def test_a_link_writes_values_as_the_browser_does():
    """Streamlit's link (changed) and Gradio's (written in JavaScript) must be the same link for the same setup."""
    lam = Control("lam", "λ", 10.0, low=0.0, high=100.0, step=0.5)
    flag = Control("identity", "Identity", False, choices={"off": False, "on": True})
    assert query_string([lam, flag, LR], {"lam": 0.0, "identity": True, "lr": 0.5}) == "lam=0&identity=True&lr=0.5"
    assert from_query([lam, flag], {"lam": "0", "identity": "True"}) == ({"lam": 0.0, "identity": True}, [])


def test_a_multi_choice_takes_a_links_list_in_the_choices_order_and_names_the_unknown():
    methods = Control("methods", "Methods", ("sim",), choices={"simultaneous": "sim", "alternating": "alt"},
                      multiple=True)
    assert from_query([methods], {"methods": "alt,sim"}) == ({"methods": ["sim", "alt"]}, [])
    assert from_query([methods], {"methods": "alternating"}) == ({"methods": ["alt"]}, [])
    values, notes = from_query([methods], {"methods": "alt,<b>x</b>"})
    assert values == {"methods": ["alt"]} and "&lt;b&gt;" in notes[0]
    assert from_query([methods], {"methods": ""})[0] == {"methods": ["sim"]}  # none known: the default
    assert methods.take([]) == ([], None)  # a widget emptied on the way to another choice: the page says why
    assert query_string([methods], {"methods": ["sim", "alt"]}) == "methods=sim%2Calt"
    assert query_string([methods], {"methods": ["sim"]}) == ""


def test_a_declaration_refuses_a_default_it_does_not_allow():
    with pytest.raises(ValueError):
        Control("n", "N", 20, low=0, high=10)
    with pytest.raises(ValueError):
        Control("loss", "Loss", "hinge", choices={"minimax": "minimax"})


def test_the_readme_table_has_a_row_per_control():
    table = markdown_table([SEED, LOSS])
    assert "| `seed` | Seed | 0..10,000 | 0 |" in table and "| `loss` |" in table
    assert take_all([SEED], {}) == ({"seed": 0}, [])
