"""The app's scriptable surface, through gradio_client against the app launched in-process."""
import numpy as np
import pytest
from gradio_client import Client, handle_file
from gradio_client.exceptions import AppError
from PIL import Image

from core import data


@pytest.fixture(scope="module")
def client(gradio_url):
    c = Client(gradio_url, verbose=False, download_files=False)
    yield c
    c.close()


@pytest.fixture(scope="module")
def digit_png(tmp_path_factory):
    x, _ = data.load_mnist("test")
    path = tmp_path_factory.mktemp("upload") / "seven.png"
    Image.fromarray(((1 - x[0, 0].numpy()) * 255).astype(np.uint8)).resize((200, 200)).save(path)
    return str(path)


def test_documented_endpoints_exist(client):
    names = set(client.view_api(return_format="dict", print_info=False)["named_endpoints"])
    assert {"/ae_reconstruct", "/ae_sample"} <= names


def test_reconstruct_an_uploaded_digit(client, digit_png):
    status, x, x_hat, error, pca, code, latent, summary = client.predict(
        handle_file(digit_png), "MLP, z = 8", 0.0, api_name="/ae_reconstruct")
    assert "MNIST-style" in status
    for image in (x, x_hat, error, pca):
        assert image["path"].endswith(".png")
    assert code["type"] == "plotly" and latent["type"] == "plotly"
    assert "MLP, z = 8 vs PCA with 8 components" in summary


def test_a_bad_upload_gets_a_message_and_changes_nothing(client, tmp_path):
    fake = tmp_path / "essay.png"
    fake.write_bytes(b"%PDF-1.4 not really an image")
    status, *outputs = client.predict(handle_file(str(fake)), "MLP, z = 8", 0.0, api_name="/ae_reconstruct")
    assert "not an image" in status
    assert all(o == {"__type__": "update"} for o in outputs)  # gr.skip(): the page keeps what it showed


def test_sample_is_reproducible_by_seed_and_advances_the_seed(client):
    grid, verdict, next_seed = client.predict("Conv, z = 2", 5, api_name="/ae_sample")
    _, again, _ = client.predict("Conv, z = 2", 5, api_name="/ae_sample")
    assert grid["path"].endswith(".png") and next_seed == 6
    assert verdict == again and "random decodes" in verdict


def test_uploads_over_the_app_cap_are_refused_by_the_server(client, tmp_path):
    """64 MB, the largest upload any page takes (an official CycleGAN generator); Gradio refuses more itself."""
    huge = tmp_path / "huge.png"
    huge.write_bytes(b"\0" * (65 * 1024 * 1024))
    with pytest.raises(Exception, match="(?i)size|large"):
        client.predict(handle_file(str(huge)), "MLP, z = 8", 0.0, api_name="/ae_reconstruct")


def test_a_digit_upload_over_its_page_cap_gets_the_pages_message(client, tmp_path):
    big = tmp_path / "big.png"
    big.write_bytes(b"\0" * (11 * 1024 * 1024))
    status, *_ = client.predict(handle_file(str(big)), "MLP, z = 8", 0.0, api_name="/ae_reconstruct")
    assert "limit is 10 MB" in status


def test_an_omitted_seed_is_0_and_a_missing_one_is_refused(client):
    grid, verdict, next_seed = client.predict("MLP, z = 8", api_name="/ae_sample")
    assert grid["path"].endswith(".png") and next_seed == 1 and "seed 0" in verdict
    with pytest.raises(AppError, match="seed: got None; seed must be a whole number from 0 to"):
        client.predict("MLP, z = 8", None, api_name="/ae_sample")


def test_vae_decode_and_encode_round_trip_through_json(client):
    names = set(client.view_api(return_format="dict", print_info=False)["named_endpoints"])
    assert {"/vae_decode", "/vae_encode"} <= names
    x, _ = data.load_mnist("test")
    encoded = client.predict(x[0, 0].tolist(), "z = 8", api_name="/vae_encode")
    assert len(encoded["mu"]) == len(encoded["logvar"]) == 8
    image = np.asarray(client.predict(encoded["mu"], "z = 8", api_name="/vae_decode"), dtype=float) / 255
    assert image.shape == (28, 28) and np.mean((image - x[0, 0].numpy()) ** 2) < 0.05
    with pytest.raises(AppError, match="image must be 28 lists of 28 finite numbers from 0 to 1"):
        client.predict([[0.5] * 3], "z = 8", api_name="/vae_encode")
