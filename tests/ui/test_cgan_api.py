"""The Conditional GAN page from outside: /cgan_generate through gradio_client against the app launched in-process."""
import re

import numpy as np
import pytest
from gradio_client.exceptions import AppError


def test_cgan_generate_returns_digits_of_the_class_asked_for(client):
    assert "/cgan_generate" in client.view_api(return_format="dict", print_info=False)["named_endpoints"]
    out = client.predict(7, 3, 6, "cgan_mnist", api_name="/cgan_generate")
    images = np.asarray(out["images"])
    assert images.shape == (6, 28, 28) and images.min() >= 0 and images.max() <= 1 and images.std() > 0.05
    assert out["labels"] == [7] * 6 and len(out["predicted"]) == 6 and all(0 <= p <= 9 for p in out["predicted"])
    assert client.predict(7, 3, 6, "cgan_mnist", api_name="/cgan_generate")["images"] == out["images"]  # seeded
    other = client.predict(1, 3, 6, "cgan_mnist", api_name="/cgan_generate")
    assert other["images"] != out["images"] and other["labels"] == [1] * 6  # the class changes the digits


def test_cgan_generate_defaults_to_the_cgan_and_serves_the_acgan(client):
    assert client.predict(2, 0, 1, api_name="/cgan_generate")["model"] == "cgan_mnist"
    out = client.predict(2, 0, 64, "acgan_mnist", api_name="/cgan_generate")
    assert out["model"] == "acgan_mnist" and len(out["images"]) == 64 and out["labels"] == [2] * 64


BAD = [((11, 0, 1, "cgan_mnist"), "digit_class: got 11; digit_class must be a whole number from 0 to 9"),
       ((3, 0, 0, "cgan_mnist"), "n must be a whole number from 1 to 64"),
       ((3, 0, 1000, "cgan_mnist"), "n must be"), ((3, 0, 1, "nope"), "model must be one of 'cgan_mnist'")]


@pytest.mark.parametrize("args, message", BAD)
def test_cgan_generate_answers_bad_input_with_an_error(client, args, message):
    with pytest.raises(AppError, match=re.escape(message)):
        client.predict(*args, api_name="/cgan_generate")
