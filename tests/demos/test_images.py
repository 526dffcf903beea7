"""demos/images.py: an upload's memory follows the picture a page needs, not the file (issue 16)."""
import io
import threading

import numpy as np
import pytest
from PIL import Image, ImageDraw

from demos import images
from demos.images import open_image


def ring(size: tuple[int, int]) -> Image.Image:
    image = Image.new("RGB", size, "white")
    w, h = size
    ImageDraw.Draw(image).ellipse((w // 4, h // 5, 3 * w // 4, 4 * h // 5), outline="black", width=max(1, w // 12))
    return image


def test_a_big_jpeg_is_decoded_small_and_keeps_its_size_in_info(tmp_path):
    path = tmp_path / "big.jpg"
    ring((6000, 4000)).save(path, quality=80)
    image, message = open_image(path, longest=256)
    assert message == "" and max(image.size) <= 512 and image.info["original_size"] == (6000, 4000)
    pixels = np.asarray(image.convert("L"), dtype=np.float32)
    assert pixels.min() < 64 and pixels.max() > 192  # still the drawing, ink and paper


def test_a_png_too_big_to_decode_whole_is_refused_with_what_to_do(tmp_path):
    path = tmp_path / "bomb.png"
    Image.new("RGB", (5000, 4000), "white").save(path)  # 20 MP, a few kB on disk
    image, message = open_image(path, longest=256)
    assert image is None and "decoded whole" in message and "JPEG" in message


def test_an_image_over_the_pixel_cap_is_refused_before_decoding(tmp_path, monkeypatch):
    path = tmp_path / "x.jpg"
    ring((300, 200)).save(path)
    monkeypatch.setattr(images, "MAX_PIXELS", 1000)
    image, message = open_image(path, longest=28, what="photo")
    assert image is None and "300 x 200" in message and "photo" in message


def test_exif_orientation_is_applied_after_reducing(tmp_path):
    path = tmp_path / "turned.jpg"
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90 degrees clockwise to display
    ring((1200, 600)).save(path, exif=exif)
    image, _ = open_image(path, longest=100)
    assert image.width < image.height  # upright: the landscape file shows as portrait


@pytest.mark.parametrize("mode", ["L", "RGBA", "P", "1", "I;16"])
def test_every_mode_comes_back(tmp_path, mode):
    path = tmp_path / f"x_{mode.replace(';', '')}.png"
    ring((900, 700)).convert(mode).save(path)
    image, message = open_image(path, longest=100)
    assert message == "" and image is not None and max(image.size) <= 900


def test_no_more_than_two_uploads_decode_at_once(tmp_path, monkeypatch):
    path = tmp_path / "x.png"
    ring((800, 600)).save(path)
    inside, most, lock = [0], [0], threading.Lock()
    decode = images._decode

    def counting(*args):
        with lock:
            inside[0] += 1
            most[0] = max(most[0], inside[0])
        try:
            threading.Event().wait(0.05)
            return decode(*args)
        finally:
            with lock:
                inside[0] -= 1

    monkeypatch.setattr(images, "_decode", counting)
    threads = [threading.Thread(target=open_image, args=(path, 100)) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert most[0] == 2


def _data_url(image: Image.Image, kind: str = "PNG") -> str:
    import base64

    buffer = io.BytesIO()
    image.save(buffer, kind)
    return f"data:image/{kind.lower()};base64," + base64.b64encode(buffer.getvalue()).decode()


def test_a_drawing_pads_data_url_decodes_to_grey_paper_and_ink():
    """What demos/sketch_ui.DrawingPad sends: black strokes on white; a transparent pixel is paper."""
    drawing = Image.new("RGBA", (280, 280), (255, 255, 255, 255))
    drawing.paste((0, 0, 0, 255), (130, 60, 150, 220))
    drawing.paste((0, 0, 0, 0), (0, 0, 10, 10))
    grey = images.decode_drawing(_data_url(drawing))
    assert grey.shape == (280, 280) and grey.dtype == np.uint8
    assert grey[100, 140] == 0 and grey[5, 5] == 255 and grey[250, 20] == 255


@pytest.mark.parametrize("value", [None, "", "hello", "data:image/png;base64,not base64!",
                                   "data:image/png;base64," + "A" * 40, "data:text/plain;base64,aGk="])
def test_no_usable_drawing_is_none_never_an_error(value):
    assert images.decode_drawing(value) is None


def test_a_drawing_over_the_size_cap_is_refused():
    assert images.decode_drawing(_data_url(Image.new("L", (images.MAX_DRAWING_SIDE + 1, 8), 255))) is None


def test_the_drawing_pad_hands_handlers_the_sketchpad_value_shape():
    from demos import digits
    from demos.sketch_ui import DrawingPad

    drawing = Image.new("L", (280, 280), 255)
    drawing.paste(0, (130, 60, 150, 220))
    value = DrawingPad("Draw a digit", elem_id="t-pad", render=False).preprocess(_data_url(drawing))
    digit, message = digits.from_sketch(value)
    assert digit.shape == (28, 28) and message == digits.DRAWN
    assert digits.from_sketch(DrawingPad("Draw", elem_id="t-pad2", render=False).preprocess(""))[0] is None
