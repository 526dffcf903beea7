"""The Mode collapse page's timeline in Streamlit (AppTest): scrub back, both panels show the earlier frame; new
settings put the timeline back at now."""
from streamlit.testing.v1 import AppTest

from core.mode_collapse import STEPS
from demos import live
from demos.mode_collapse.view import DEFAULTS

TOTAL = max(STEPS[DEFAULTS["method"]], STEPS[DEFAULTS["versus"]])  # the page's default pair

PAGE = "demos/mode_collapse/streamlit_page.py"


def status(at: AppTest) -> str:
    return next(m for m in at.markdown.values if m.startswith("iteration"))


def test_the_timeline_shows_an_earlier_frame_of_both_runs(app_test):
    session = app_test.session_state["mc_session"]
    for _ in range(3):  # frames at iterations 20, 40, 60, as a playing run's are drawn
        session.run.trainer.step(20)
        app_test.run()
    assert status(app_test).startswith(f"iteration 60 / {TOTAL:,}")
    app_test.slider(key="mc_timeline").set_value(0.0).run()
    assert not app_test.exception and status(app_test).startswith(f"iteration 0 / {TOTAL:,}")
    assert "rewound to iteration 0" in status(app_test) and "goes on from iteration 60" in status(app_test)
    app_test.slider(key="mc_timeline").set_value(50.0).run()
    assert status(app_test).startswith("iteration 40 / ")  # frames 0, 20, 40, 60: the middle one, rounded up
    assert not session.run.playing and session.run.trainer.iterations == 60

    app_test.button(key="mc_play").click().run()  # Play goes on from the newest frame; the timeline follows
    live.stop(session.run)  # AppTest has no timer: stop before the scheduler trains far
    assert app_test.session_state["mc_timeline"] == 100.0 and "rewound" not in status(app_test)

    app_test.slider(key="mc_timeline").set_value(0.0).run()
    app_test.selectbox(key="mc_versus").set_value("pacgan").run()  # new runs: the timeline is at now again
    assert not app_test.exception and app_test.session_state["mc_timeline"] == 100.0
    assert status(app_test).startswith("iteration 0 / ") and "rewound" not in status(app_test)
