"""Every kind of bad input gets a clear message, never an exception; a real digit survives conversion."""
import numpy as np
import pytest
import torch
from PIL import Image

from core import data, pretrained
from demos import digits


def save(image: Image.Image, path, **kwargs):
    image.save(path, **kwargs)
    return str(path)


@pytest.fixture(scope="module")
def test_digits():
    x, y = data.load_mnist("test")
    return x[:, 0].numpy(), y.numpy()


def as_photo(digit: np.ndarray, size: int = 300) -> Image.Image:
    """A digit as a user would upload it: black ink on white paper, large, RGB."""
    paper = Image.fromarray(((1 - digit) * 255).astype(np.uint8)).resize((size, size), Image.Resampling.BILINEAR)
    return paper.convert("RGB")


def test_an_uploaded_photo_of_a_digit_is_read_as_that_digit(tmp_path, test_digits):
    x, y = test_digits
    classifier = pretrained.load("classifier_mnist")
    converted, labels = [], []
    for i in range(0, 1000, 50):
        digit, message = digits.from_upload(save(as_photo(x[i]), tmp_path / f"{i}.jpg", quality=90))
        assert message == digits.CONVERTED and digit.shape == (28, 28) and digit.dtype == np.float32
        assert 0 <= digit.min() and digit.max() <= 1 and digit[0].max() == 0  # white on black, margin kept
        converted.append(digit)
        labels.append(y[i])
    predicted, _ = classifier.predict(torch.from_numpy(np.stack(converted)).unsqueeze(1))
    assert (predicted.numpy() == np.array(labels)).mean() >= 0.9


def test_digit_is_fitted_into_20x20_and_centred_by_mass():
    canvas = np.ones((400, 300), dtype=np.float32)
    canvas[50:350, 100:160] = 0.0  # a tall dark bar: a "1"
    digit, _ = digits.from_grey(canvas, ink_is_dark=True)
    rows, cols = np.flatnonzero(digit.any(1)), np.flatnonzero(digit.any(0))
    assert rows[-1] - rows[0] + 1 == 20 and cols[-1] - cols[0] + 1 <= 6
    ys, xs = np.indices(digit.shape)
    assert abs((ys * digit).sum() / digit.sum() - 14) <= 1 and abs((xs * digit).sum() / digit.sum() - 14) <= 1


def test_white_on_black_uploads_are_not_inverted(tmp_path, test_digits):
    x, _ = test_digits
    image = Image.fromarray((x[3] * 255).astype(np.uint8)).resize((112, 112))
    digit, message = digits.from_upload(save(image, tmp_path / "mnist_style.png"))
    assert message == digits.CONVERTED and digit[14, :].max() > 0.5 and digit[0, 0] == 0


@pytest.mark.parametrize("mode", ["RGBA", "LA", "P", "I;16", "CMYK", "1"])
def test_every_image_mode_is_converted(tmp_path, test_digits, mode):
    x, _ = test_digits
    photo = as_photo(x[0], 120)
    if mode == "I;16":
        image = Image.fromarray((np.asarray(photo.convert("L"), dtype=np.uint16) * 257))
        assert image.mode.startswith("I;16")
    elif mode in ("RGBA", "LA"):  # ink only in the alpha channel: transparent paper
        alpha = 255 - np.asarray(photo.convert("L"))
        image = Image.fromarray(np.dstack([np.zeros_like(alpha)] * 3 + [alpha]), "RGBA").convert(mode)
    else:
        image = photo.convert(mode)
    suffix = {"CMYK": "jpg", "I;16": "png"}.get(mode, "png" if mode != "CMYK" else "tif")
    digit, message = digits.from_upload(save(image, tmp_path / f"digit.{suffix}"))
    assert message == digits.CONVERTED, message
    assert digit.sum() > 10


@pytest.mark.parametrize("value", [0, 255])
def test_all_black_or_all_white_images_are_blank(tmp_path, value):
    path = save(Image.new("L", (64, 64), value), tmp_path / "flat.png")
    assert digits.from_upload(path) == (None, digits.BLANK)


def test_a_huge_image_is_refused_before_decoding(tmp_path):
    path = save(Image.new("1", (10_000, 10_000), 1), tmp_path / "huge.png")
    digit, message = digits.from_upload(path)
    assert digit is None and "10,000 x 10,000" in message and "megapixels" in message


def test_truncated_file_is_reported_as_damaged(tmp_path, test_digits):
    good = tmp_path / "good.png"
    save(as_photo(test_digits[0][0]), good)
    cut = tmp_path / "cut.png"
    cut.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    digit, message = digits.from_upload(str(cut))
    assert digit is None and "damaged or truncated" in message


def test_a_pdf_renamed_png_is_not_an_image(tmp_path):
    fake = tmp_path / "homework.png"
    fake.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n")
    digit, message = digits.from_upload(str(fake))
    assert digit is None and "not an image" in message


def test_empty_missing_and_oversized_files(tmp_path):
    empty = tmp_path / "empty.png"
    empty.write_bytes(b"")
    digit, message = digits.from_upload(str(empty))
    assert digit is None and "empty" in message
    assert digits.from_upload(None)[0] is None
    assert "could not be read" in digits.from_upload(str(tmp_path / "gone.png"))[1]
    assert "limit is 10 MB" in digits.from_bytes(b"\0" * (digits.MAX_UPLOAD_BYTES + 1))[1]


def test_sketchpad_values(test_digits):
    assert digits.from_sketch(None)[0] is None
    blank = {"composite": np.full((280, 280), 255, dtype=np.uint8), "layers": [], "background": None}
    digit, message = digits.from_sketch(blank)
    assert digit is None and "canvas is empty" in message
    drawn = np.full((280, 280), 255, dtype=np.uint8)
    drawn[60:220, 130:150] = 0
    digit, message = digits.from_sketch({"composite": drawn})
    assert message == digits.DRAWN and digit.max() == pytest.approx(1.0, abs=0.02)
    rgba = np.dstack([drawn] * 3 + [np.full_like(drawn, 255)])
    np.testing.assert_allclose(digits.from_sketch({"composite": rgba})[0], digit, atol=1e-6)
