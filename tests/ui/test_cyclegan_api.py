"""The CycleGAN page from outside: /cyclegan_translate through gradio_client against the app launched in-process."""
import numpy as np
import pytest
from gradio_client.exceptions import AppError

from demos import mnist
from demos.cyclegan import zebra

pytestmark = pytest.mark.skipif(bool(zebra.missing()), reason="the digit CycleGANs are not in pretrained/")


def test_a_plain_digit_is_painted_and_washed_back(client):
    assert "/cyclegan_translate" in client.view_api(return_format="dict", print_info=False)["named_endpoints"]
    digit = mnist.gallery_digit(zebra.DEFAULT_POSITION)
    out = client.predict(digit.tolist(), "cyclegan_digits_lam10", "to_zebra", api_name="/cyclegan_translate")
    translated, back = np.asarray(out["translated"]), np.asarray(out["back"])
    assert np.asarray(out["input"]).shape == back.shape == (28, 28) and translated.shape == (28, 28, 3)
    assert 0 <= translated.min() and translated.max() <= 1
    assert np.abs(translated[..., 0] - translated[..., 2]).mean() > 0.02  # in colour
    assert out["cycle_error"] == pytest.approx(np.abs(back - np.asarray(out["input"])).mean(), abs=1e-3)
    assert len(out["labels"]) == len(out["confidence"]) == 3 and all(0 <= label <= 9 for label in out["labels"])
    again = client.predict((digit * 255).round().tolist(), "cyclegan_digits_lam10", "to_zebra",
                           api_name="/cyclegan_translate")  # 0..255 pixels are scaled
    assert np.abs(np.asarray(again["translated"]) - translated).max() < 0.02


def test_a_zebra_digit_is_washed_and_painted_again_by_either_model(client):
    painted = zebra.zebra_digit(4).transpose(1, 2, 0)  # 28 x 28 x 3
    for model in zebra.MODELS:
        out = client.predict(painted.tolist(), model, "to_plain", api_name="/cyclegan_translate")
        assert out["model"] == model and out["direction"] == "to_plain"
        assert np.asarray(out["translated"]).shape == (28, 28) and np.asarray(out["back"]).shape == (28, 28, 3)
    ten = client.predict(painted.tolist(), "cyclegan_digits_lam10", "to_plain", api_name="/cyclegan_translate")
    assert ten["translated"] != out["translated"]  # the two models differ


def test_the_defaults_are_the_lambda_ten_model_painting(client):
    out = client.predict(mnist.gallery_digit(0).tolist(), api_name="/cyclegan_translate")
    assert (out["model"], out["direction"]) == ("cyclegan_digits_lam10", "to_zebra")


BAD = [(([[0.5] * 28] * 27, "cyclegan_digits_lam10", "to_zebra"), "28 x 28 grey levels"),
       (([[0.5] * 28] * 28, "cyclegan_digits_lam10", "to_plain"), "28 x 28 x 3 RGB values"),
       (([[300.0] * 28] * 28, "cyclegan_digits_lam10", "to_zebra"), "0..1 or 0..255"),
       (([[0.5] * 28] * 28, "horse2zebra", "to_zebra"), "model must be one of"),
       (([[0.5] * 28] * 28, "cyclegan_digits_lam10", "sideways"), "direction must be one of 'to_zebra', 'to_plain'"),
       (("a digit", "cyclegan_digits_lam10", "to_zebra"), "28 x 28 grey levels")]


@pytest.mark.parametrize("args, message", BAD, ids=["27 rows", "grey for colour", "300", "model", "direction", "text"])
def test_bad_input_gets_an_error_message(client, args, message):
    with pytest.raises(AppError) as refused:
        client.predict(*args, api_name="/cyclegan_translate")
    assert message in str(refused.value)


def test_the_app_lets_an_official_generator_through_its_upload_cap():
    """Gradio refuses uploads over launch(max_file_size=...) before the page sees them: a 45 MB .pth must pass."""
    import app
    from demos.cyclegan import photos
    assert app.LAUNCH_KWARGS["max_file_size"] >= photos.MAX_CHECKPOINT_MB << 20 > 45 << 20
