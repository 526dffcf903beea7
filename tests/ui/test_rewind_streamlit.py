"""The live GAN page's timeline in Streamlit (AppTest): scrub back, see the earlier frame, resume from it."""
import io

from PIL import Image
from streamlit.testing.v1 import AppTest

from demos import live
from demos.gan import rewind

PAGE = "demos/gan/streamlit_page.py"


def status(at: AppTest) -> str:
    return next(m for m in at.markdown.values if m.startswith("iteration"))


def test_the_timeline_rewinds_to_an_earlier_frame_and_resumes_from_it(app_test):
    for _ in range(4):
        app_test.button(key="gan_step_both").click().run()
    assert status(app_test).startswith("iteration 4")
    app_test.slider(key="gan_timeline").set_value(0.0).run()
    assert not app_test.exception and status(app_test).startswith("iteration 0 ")
    assert "rewound to iteration 0" in status(app_test)
    app_test.slider(key="gan_timeline").set_value(75.0).run()
    assert status(app_test).startswith("iteration 3 ")

    session = app_test.session_state["gan_session"]
    frames = session.run.timeline.frames
    saved = max(s.iteration for s in frames[:4] if s.state is not None)  # states are kept every k frames
    app_test.button(key="gan_resume").click().run()
    live.stop(session.run)  # AppTest has no timer: stop before the scheduler trains far
    assert not app_test.exception and app_test.session_state["gan_timeline"] == 100.0
    kept = [s.iteration for s in session.run.timeline.frames]
    assert kept[:saved + 1] == list(range(saved + 1)) and all(i > saved for i in kept[saved + 1:])
    assert session.run.trainer.iterations >= saved
    gif = Image.open(io.BytesIO(rewind.film(session)[0]))  # what the download button's callable returns
    assert gif.n_frames == len(session.run.timeline.pictures())
