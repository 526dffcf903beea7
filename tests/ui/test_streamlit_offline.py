"""`make streamlit` reaches no network at start (issue 16): the project's .streamlit/config.toml names the address
to print, so Streamlit never looks up the machine's external IP, and it watches no files."""
import os
from pathlib import Path

import pytest
from streamlit import config
from streamlit.web import bootstrap

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def project_config(monkeypatch):
    monkeypatch.chdir(ROOT)  # Streamlit reads ./.streamlit/config.toml
    config.get_config_options(force_reparse=True)
    yield
    os.chdir(ROOT)
    config.get_config_options(force_reparse=True)


def test_start_up_prints_the_local_url_without_looking_up_an_ip(project_config, monkeypatch, capsys):
    def online(*_):
        raise AssertionError("Streamlit asked the network for this machine's IP")
    monkeypatch.setattr(bootstrap.net_util, "get_external_ip", online)
    monkeypatch.setattr(bootstrap.net_util, "get_internal_ip", online)
    config.set_option("server.headless", True)  # as `make streamlit` runs it
    bootstrap._print_url(False)
    assert "http://127.0.0.1:" in capsys.readouterr().out
    assert config.get_option("server.address") == "127.0.0.1"
    assert config.get_option("server.fileWatcherType") == "none"
