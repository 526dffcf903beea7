"""The official CycleGAN generator (issue 8, level 3): compatibility with official checkpoints, refusal
of unsafe pickles, photo translation, and downloads by name (from a local server, never the internet).

The oracle is a reference network written here from the official `models/networks.py` (ResnetGenerator,
ResnetBlock, get_norm_layer('instance')), independently of core; checkpoints are its random weights
under the official key names, with and without the running statistics that old checkpoints carry."""
from __future__ import annotations

import functools
import http.server
import os
import pickle
import shlex
import socket
import threading
import urllib.error

import numpy as np
import pytest
import torch
from PIL import Image
from torch import nn

from core import cyclegan, cyclegan_official
from core.cyclegan_official import download_official, fit_size, translate

NORM = functools.partial(nn.InstanceNorm2d, affine=False, track_running_stats=False)  # get_norm_layer


class ReferenceBlock(nn.Module):
    """ResnetBlock(dim, 'reflect', norm, use_dropout, use_bias=True), as in the official file."""

    def __init__(self, dim: int, use_dropout: bool) -> None:
        super().__init__()
        block = [nn.ReflectionPad2d(1), nn.Conv2d(dim, dim, kernel_size=3, padding=0, bias=True), NORM(dim),
                 nn.ReLU(True)]
        if use_dropout:
            block += [nn.Dropout(0.5)]
        block += [nn.ReflectionPad2d(1), nn.Conv2d(dim, dim, kernel_size=3, padding=0, bias=True), NORM(dim)]
        self.conv_block = nn.Sequential(*block)

    def forward(self, x):
        return x + self.conv_block(x)


def reference(input_nc=3, output_nc=3, ngf=64, n_blocks=9, use_dropout=False) -> nn.Sequential:
    """The official ResnetGenerator's `model` list, written out as one plain nn.Sequential."""
    model = [nn.ReflectionPad2d(3), nn.Conv2d(input_nc, ngf, kernel_size=7, padding=0, bias=True), NORM(ngf),
             nn.ReLU(True)]
    for i in range(2):  # n_downsampling = 2
        mult = 2**i
        model += [nn.Conv2d(ngf * mult, ngf * mult * 2, kernel_size=3, stride=2, padding=1, bias=True),
                  NORM(ngf * mult * 2), nn.ReLU(True)]
    model += [ReferenceBlock(ngf * 4, use_dropout) for _ in range(n_blocks)]
    for i in range(2):
        mult = 2 ** (2 - i)
        model += [nn.ConvTranspose2d(ngf * mult, int(ngf * mult / 2), kernel_size=3, stride=2, padding=1,
                                     output_padding=1, bias=True), NORM(int(ngf * mult / 2)), nn.ReLU(True)]
    model += [nn.ReflectionPad2d(3), nn.Conv2d(ngf, output_nc, kernel_size=7, padding=0), nn.Tanh()]
    return nn.Sequential(*model)


def official_checkpoint(path, seed=0, legacy=None, zipfile=True, **config):
    """Random weights of the reference under the official keys -> torch.save; returns the reference.

    legacy: None, "pre-0.4" (InstanceNorm running_mean/var) or "0.4" (those and num_batches_tracked);
    the running statistics are random, so a loader that used them would give other outputs."""
    torch.manual_seed(seed)
    net = reference(**config).eval()
    state = {f"model.{k}": v for k, v in net.state_dict().items()}
    generator = torch.Generator().manual_seed(seed + 1)
    norms = [(name, m.num_features) for name, m in net.named_modules() if isinstance(m, nn.InstanceNorm2d)]
    for name, channels in norms if legacy else []:
        state[f"model.{name}.running_mean"] = torch.randn(channels, generator=generator)
        state[f"model.{name}.running_var"] = torch.rand(channels, generator=generator) + 0.5
        if legacy == "0.4":
            state[f"model.{name}.num_batches_tracked"] = torch.tensor(1000)
    torch.save(state, path, _use_new_zipfile_serialization=zipfile)
    return net


# ---------------------------------------------------------------------------- official compatibility


def test_the_layout_matches_the_official_key_table_and_parameter_count():
    """papers.md §5: 24 convs x (weight, bias) under these indices, 11,378,179 parameters, ConvT [256,128,3,3]."""
    convs = [1, 4, 7, *[f"{b}.conv_block.{j}" for b in range(10, 19) for j in (1, 5)], 19, 22, 26]
    table = {f"model.{c}.{p}" for c in convs for p in ("weight", "bias")}
    state = cyclegan.ResnetGenerator().state_dict()
    assert set(state) == table == {f"model.{k}" for k in reference().state_dict()}
    assert sum(v.numel() for v in state.values()) == 11_378_179
    assert tuple(state["model.19.weight"].shape) == (256, 128, 3, 3)
    assert tuple(state["model.22.weight"].shape) == (128, 64, 3, 3)


@pytest.mark.parametrize("legacy", [None, "pre-0.4", "0.4"])
@torch.no_grad()
def test_an_official_size_checkpoint_loads_and_matches_the_reference(tmp_path, legacy):
    path = tmp_path / "horse2zebra.pth"
    net = official_checkpoint(path, legacy=legacy)
    if legacy:
        assert "model.10.conv_block.2.running_mean" in torch.load(path, weights_only=True)
    generator = cyclegan.load_official_generator(path)
    assert isinstance(generator, nn.Module) and not generator.training
    assert all(p.device.type == "cpu" for p in generator.parameters())
    x = torch.rand(1, 3, 68, 52, generator=torch.Generator().manual_seed(3)) * 2 - 1  # H != W, multiples of 4
    out = generator(x)
    assert out.shape == (1, 3, 68, 52)
    torch.testing.assert_close(out, net(x), atol=1e-5, rtol=0)


@pytest.mark.parametrize("config", [dict(ngf=8, n_blocks=3), dict(ngf=16, n_blocks=6, use_dropout=True),
                                    dict(ngf=8, n_blocks=9)], ids=str)
@torch.no_grad()
def test_smaller_layouts_are_inferred_from_the_shapes(tmp_path, config):
    path = tmp_path / "small.pth"
    net = official_checkpoint(path, legacy="0.4", zipfile=False, **config)  # the pre-1.6 file format too
    generator = cyclegan_official.load_official_generator(path)
    assert generator.config == {"input_nc": 3, "output_nc": 3, "use_dropout": False, **config}
    x = torch.rand(2, 3, 32, 40) * 2 - 1
    torch.testing.assert_close(generator(x), net(x), atol=1e-5, rtol=0)


def test_a_checkpoint_wrapped_in_a_dict_loads_only_when_the_wrapper_is_unambiguous(tmp_path):
    official_checkpoint(tmp_path / "plain.pth", ngf=4, n_blocks=1)
    state = torch.load(tmp_path / "plain.pth", weights_only=True)
    torch.save({"state_dict": state, "epoch": 200}, tmp_path / "wrapped.pth")
    assert cyclegan.load_official_generator(tmp_path / "wrapped.pth").config["ngf"] == 4
    torch.save({"netG_A": state, "netG_B": state}, tmp_path / "both.pth")
    with pytest.raises(ValueError, match="several state dicts.*netG_A, netG_B"):
        cyclegan.load_official_generator(tmp_path / "both.pth")
    torch.save(list(state.values()), tmp_path / "list.pth")
    with pytest.raises(ValueError, match="holds a list, not a state dict"):
        cyclegan.load_official_generator(tmp_path / "list.pth")


# ---------------------------------------------------------------------------- what is refused


class SystemPayload:
    """Unpickling this runs a shell command: what a hostile .pth would do."""

    def __init__(self, marker):
        self.command = f"touch {shlex.quote(str(marker))}"

    def __reduce__(self):
        return os.system, (self.command,)


class OpenPayload:
    """Unpickling this creates a file through builtins.open, no shell involved."""

    def __init__(self, marker):
        self.marker = str(marker)

    def __reduce__(self):
        return open, (self.marker, "w")


@pytest.mark.parametrize("payload", [SystemPayload, OpenPayload])
@pytest.mark.parametrize("writer", ["torch.save", "pickle.dump"])
def test_a_malicious_pickle_is_refused_without_side_effects(tmp_path, payload, writer):
    marker, path = tmp_path / "pwned", tmp_path / "horse2zebra.pth"
    evil = {"model.1.bias": payload(marker), "model.1.weight": torch.zeros(64, 3, 7, 7)}
    if writer == "torch.save":
        torch.save(evil, path)
    else:
        path.write_bytes(pickle.dumps(evil, protocol=2))
    with pytest.raises(ValueError, match="not a plain state dict; refusing to unpickle arbitrary objects"):
        cyclegan.load_official_generator(path)
    assert not marker.exists()
    with pytest.raises(ValueError, match=r"it asks for (posix\.system|io\.open), which is code") as refusal:
        cyclegan.load_official_generator(path)
    assert "weights_only` set to `False`" not in str(refusal.value)  # torch's advice to switch the check off
    if writer == "torch.save":  # the payload is live: an unrestricted load runs it, ours did not
        torch.load(path, weights_only=False)
        assert marker.exists()


def test_wrong_keys_are_named(tmp_path):
    torch.save({"main.0.weight": torch.zeros(64, 3, 4, 4), "main.2.weight": torch.zeros(1, 64, 4, 4)},
               tmp_path / "dcgan.pth")
    with pytest.raises(ValueError, match=r"not an official CycleGAN.*missing keys: model\.1\.bias, model\.1\.weight, "
                                         r"model\.4\.bias.*unexpected keys: main\.0\.weight, main\.2\.weight"):
        cyclegan.load_official_generator(tmp_path / "dcgan.pth")
    official_checkpoint(tmp_path / "g.pth", ngf=4, n_blocks=2)
    state = torch.load(tmp_path / "g.pth", weights_only=True)
    prefixed = {f"netG_A.{k}": v for k, v in state.items()}
    torch.save(prefixed, tmp_path / "prefixed.pth")
    with pytest.raises(ValueError, match=r"unexpected keys: netG_A\.model\.1\.bias"):
        cyclegan.load_official_generator(tmp_path / "prefixed.pth")
    state["model.10.conv_block.5.weight"] = torch.zeros(16, 16, 5, 5)
    torch.save(state, tmp_path / "shape.pth")
    with pytest.raises(ValueError, match=r"wrong shape: model\.10\.conv_block\.5\.weight \(16, 16, 5, 5\) "
                                         r"\(expected \(16, 16, 3, 3\)\)"):
        cyclegan.load_official_generator(tmp_path / "shape.pth")


def test_a_layout_far_larger_than_the_official_one_is_not_built(tmp_path):
    """A small file must not make the loader allocate gigabytes (ngf 4096 would mean ~45 billion weights)."""
    torch.save({"model.1.weight": torch.zeros(4096, 3, 7, 7), "model.26.weight": torch.zeros(3, 4096, 7, 7)},
               tmp_path / "huge.pth")
    with pytest.raises(ValueError, match="ngf 4096 and 9 blocks; the official ones have at most ngf 64 and 9"):
        cyclegan.load_official_generator(tmp_path / "huge.pth")


def test_a_small_file_describing_a_big_generator_is_refused_before_anything_is_built(tmp_path, monkeypatch):
    """An 8 KB file naming ngf 256 and 32 blocks built 600 M parameters (+2.3 GB, 4 s) before it was refused."""
    layout = {f"model.{i}.weight": torch.zeros(1) for i in range(2, 49)}
    layout |= {"model.1.weight": torch.zeros(256, 3, 1, 1), "model.49.weight": torch.zeros(3, 256, 1, 1)}
    torch.save(layout, tmp_path / "big.pth")
    built = []
    real = cyclegan.ResnetGenerator.__init__

    def spy(self, *args, **kwargs):
        built.append(torch.get_default_device().type)
        real(self, *args, **kwargs)

    monkeypatch.setattr(cyclegan.ResnetGenerator, "__init__", spy)
    with pytest.raises(ValueError, match="ngf 256 and 32 blocks"):
        cyclegan.load_official_generator(tmp_path / "big.pth")
    official_checkpoint(tmp_path / "wrong_keys.pth", ngf=4, n_blocks=2)
    state = torch.load(tmp_path / "wrong_keys.pth", weights_only=True)
    del state["model.1.bias"]
    torch.save(state, tmp_path / "wrong_keys.pth")
    built.clear()
    with pytest.raises(ValueError, match="missing keys: model.1.bias"):
        cyclegan.load_official_generator(tmp_path / "wrong_keys.pth")
    assert built == ["meta"]  # the layout was checked on the meta device; no weights were made


@pytest.mark.parametrize("channels_in, channels_out", [(1, 3), (2, 3), (4, 3), (3, 1)])
def test_a_generator_that_is_not_rgb_to_rgb_is_refused_at_load(tmp_path, channels_in, channels_out):
    generator = cyclegan.ResnetGenerator(input_nc=channels_in, output_nc=channels_out, ngf=4, n_blocks=1)
    torch.save(generator.state_dict(), tmp_path / "g.pth")
    with pytest.raises(ValueError, match=f"maps {channels_in} channels to {channels_out}; a photo generator maps RGB"):
        cyclegan.load_official_generator(tmp_path / "g.pth")


def test_files_that_are_not_checkpoints_give_a_value_error(tmp_path):
    (tmp_path / "page.pth").write_text("<html>404 Not Found</html>")
    with pytest.raises(ValueError, match="page.pth is not a plain state dict"):
        cyclegan.load_official_generator(tmp_path / "page.pth")
    with pytest.raises(ValueError, match="cannot read missing.pth"):
        cyclegan.load_official_generator(tmp_path / "missing.pth")


# ---------------------------------------------------------------------------- translate


@pytest.fixture(scope="module")
def small_generator():
    torch.manual_seed(0)
    return cyclegan.ResnetGenerator(ngf=4, n_blocks=1).eval()


def test_translate_of_an_odd_size_photo_keeps_the_aspect_within_512_and_multiples_of_4(small_generator):
    photo = Image.fromarray(np.random.default_rng(0).integers(0, 256, (517, 333, 3), dtype=np.uint8))
    out = translate(small_generator, photo)
    assert out.dtype == np.uint8 and out.shape == (512, 328, 3)
    assert fit_size(333, 517) == (328, 512) and fit_size(4000, 3000) == (512, 384)
    assert fit_size(201, 99) == (200, 100)  # small photos are not enlarged, only rounded


def test_translate_maps_minus_one_to_one_back_to_the_same_pixels():
    """With the identity as generator, ToTensor + Normalize(0.5, 0.5) and its inverse give the photo back."""
    photo = np.random.default_rng(1).integers(0, 256, (256, 192, 3), dtype=np.uint8)
    np.testing.assert_array_equal(translate(nn.Identity(), photo), photo)
    np.testing.assert_array_equal(translate(nn.Identity(), Image.fromarray(photo)), photo)


def test_translate_handles_grey_rgba_16_bit_and_tiny_images(small_generator):
    grey = np.tile(np.arange(64, dtype=np.uint8) * 4, (32, 1))
    out = translate(nn.Identity(), grey)
    assert out.shape == (32, 64, 3) and (out == grey[..., None]).all()
    assert (translate(nn.Identity(), Image.fromarray(grey)) == out).all()
    rgba = np.zeros((16, 16, 4), dtype=np.uint8)
    rgba[:8] = (200, 10, 10, 255)  # opaque red on top, fully transparent black below
    out = translate(nn.Identity(), Image.fromarray(rgba, "RGBA"))
    assert (out[:8] == (200, 10, 10)).all() and (out[8:] == 255).all()  # transparency shows as white
    assert (translate(nn.Identity(), rgba) == out).all()
    assert (translate(nn.Identity(), grey > 127) == np.where(grey > 127, 255, 0)[..., None]).all()  # bool mask
    deep = Image.fromarray((np.arange(16 * 16, dtype=np.uint16).reshape(16, 16) * 250))  # 16-bit grey
    assert translate(nn.Identity(), deep).max() == 255
    for image in (np.zeros((3, 3), np.uint8), Image.new("CMYK", (5, 1)), np.zeros((9, 9, 1), np.uint8)):
        out = translate(small_generator, image)  # the generator needs 8 px: 2 at the bottleneck
        assert out.dtype == np.uint8 and min(out.shape[:2]) >= 8 and out.shape[0] % 4 == out.shape[1] % 4 == 0


@pytest.mark.parametrize("bad", [np.zeros((0, 5, 3), np.uint8), np.zeros((4, 4, 2), np.uint8),
                                 np.zeros((2, 4, 4, 3), np.uint8), np.array([["a"]])],
                         ids=["empty", "two channels", "a batch", "strings"])
def test_translate_refuses_what_is_not_an_image(bad):
    with pytest.raises(ValueError):
        translate(nn.Identity(), bad)


# ---------------------------------------------------------------------------- download_official


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture()
def server(tmp_path):
    """A local HTTP server on 127.0.0.1 serving tmp_path/served (never the internet)."""
    served = tmp_path / "served"
    served.mkdir()
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=served))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield served, f"http://127.0.0.1:{httpd.server_address[1]}/", httpd
    httpd.shutdown()
    httpd.server_close()


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.network
def test_download_caches_the_file_and_later_calls_need_no_server(server, tmp_path, monkeypatch):
    served, url, httpd = server
    official_checkpoint(served / "horse2zebra.pth", ngf=4, n_blocks=2, legacy="pre-0.4")
    monkeypatch.setenv("GENLAB_CACHE", str(tmp_path / "cache"))
    path = download_official("horse2zebra", base_url=url)
    assert path == tmp_path / "cache" / "cyclegan" / "horse2zebra.pth"
    assert path.read_bytes() == (served / "horse2zebra.pth").read_bytes()
    assert sorted(p.name for p in path.parent.iterdir()) == ["horse2zebra.pth"]  # no temporary file left
    assert cyclegan.load_official_generator(path).config["n_blocks"] == 2
    httpd.shutdown()
    httpd.server_close()
    assert download_official("horse2zebra", base_url=url) == path
    assert download_official("horse2zebra", base_url=f"http://127.0.0.1:{closed_port()}/") == path
    assert cyclegan_official.cached_path("horse2zebra") == path and cyclegan_official.cached_path("zebra2horse") is None


@pytest.mark.network
def test_an_unreachable_server_gives_a_clear_error_and_caches_nothing(tmp_path):
    with pytest.raises(RuntimeError, match=r"could not download horse2zebra .*needs a network connection"):
        download_official("horse2zebra", cache_dir=tmp_path, base_url=f"http://127.0.0.1:{closed_port()}/", timeout=5)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.network
def test_a_missing_file_or_an_error_page_is_not_cached(server, tmp_path):
    served, url, _ = server
    with pytest.raises(RuntimeError, match="could not download zebra2horse from .*zebra2horse.pth: HTTP 404"):
        download_official("zebra2horse", cache_dir=tmp_path / "cache", base_url=url)
    (served / "style_monet.pth").write_text("<html>Please log in to this Wi-Fi</html>")
    with pytest.raises(RuntimeError, match="did not send a CycleGAN checkpoint"):
        download_official("style_monet", cache_dir=tmp_path / "cache", base_url=url)
    assert list((tmp_path / "cache").iterdir()) == []


@pytest.mark.network
def test_a_download_larger_than_any_generator_is_abandoned(server, tmp_path, monkeypatch):
    served, url, _ = server
    (served / "monet2photo.pth").write_bytes(bytes(3 << 20))
    monkeypatch.setattr(cyclegan_official, "MAX_DOWNLOAD_BYTES", 2 << 20)
    with pytest.raises(RuntimeError, match="sent more than 2 MB"):
        download_official("monet2photo", cache_dir=tmp_path / "cache", base_url=url)
    assert list((tmp_path / "cache").iterdir()) == []


def test_the_official_url_and_names_are_used_and_unknown_names_never_reach_the_network(tmp_path, monkeypatch):
    asked = []

    def offline(url, timeout):
        asked.append(url)
        raise urllib.error.URLError("[Errno -3] Temporary failure in name resolution")

    monkeypatch.setattr(cyclegan_official.urllib.request, "urlopen", offline)
    with pytest.raises(RuntimeError, match="needs a network connection to efrosgans.eecs.berkeley.edu"):
        download_official("horse2zebra", cache_dir=tmp_path)
    assert asked == ["http://efrosgans.eecs.berkeley.edu/cyclegan/pretrained_models/horse2zebra.pth"]
    with pytest.raises(ValueError, match="unknown official CycleGAN model 'horse2cat'.*style_monet"):
        download_official("horse2cat", cache_dir=tmp_path)
    assert len(asked) == 1 and len(cyclegan.OFFICIAL_MODELS) == 18
