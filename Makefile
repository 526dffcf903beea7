# GenLab: `make run` serves the Gradio app, `make test` runs every test (browser tests included).
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
export GRADIO_ANALYTICS_ENABLED := False

.PHONY: run streamlit test chromium nginx serve pretrained bench clean

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements-dev.txt $(VENV)/.installed
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

run: $(VENV)/.installed  ## the Gradio app on http://127.0.0.1:7860, offline
	$(PY) app.py

streamlit: $(VENV)/.installed  ## the same pages in Streamlit on http://127.0.0.1:8501
	$(VENV)/bin/streamlit run streamlit_app.py --server.headless true --browser.gatherUsageStats false

chromium:  ## Debian's chromium for the browser tests, where we may install it
	@if command -v chromium >/dev/null 2>&1; then echo "chromium: $$(command -v chromium)"; \
	elif [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	elif sudo -n true 2>/dev/null; then sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	else echo "chromium is not installed and cannot be installed here: browser tests will skip"; fi

nginx:  ## Debian's nginx for tests/test_deploy.py (replicas behind a proxy), where we may install it
	@if command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ]; then echo "nginx: $$(command -v nginx || echo /usr/sbin/nginx)"; \
	elif [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx; \
	elif sudo -n true 2>/dev/null; then sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx; \
	else echo "nginx is not installed and cannot be installed here: the deployment test will skip"; fi

serve: $(VENV)/.installed nginx  ## N=2 replicas behind nginx on http://127.0.0.1:7860 (deploy/README.md)
	$(PY) -m deploy.serve --replicas $(or $(N),2)

test: $(VENV)/.installed-dev chromium nginx  ## every test: core, views, Gradio API, Streamlit AppTest, browser
	$(PY) -m pytest

pretrained: $(VENV)/.installed  ## rebuild pretrained/ from the recipes' seeds
	$(PY) -m core.train --all

bench: $(VENV)/.installed-dev chromium nginx  ## benchmarks/results/*.json and *.md, quoted in the README
	$(PY) -m benchmarks.ae_quality
	$(PY) -m benchmarks.startup
	$(PY) -m benchmarks.slider_latency
	$(PY) -m benchmarks.vae_elbo
	$(PY) -m benchmarks.minimax_latency
	$(PY) -m benchmarks.gan_speed
	$(PY) -m benchmarks.gan_digits
	$(PY) -m benchmarks.mode_collapse
	$(PY) -m benchmarks.cgan
	$(PY) -m benchmarks.cyclegan_speed
	$(PY) -m benchmarks.cyclegan_digits
	$(PY) -m benchmarks.frame_cost
	$(PY) -m benchmarks.classroom
	$(PY) -m benchmarks.side_by_side
	$(PY) -m benchmarks.soak
	$(PY) -m benchmarks.replicas
	$(PY) -m benchmarks.visitors
	$(PY) -m benchmarks.uploads
	$(PY) -m benchmarks.flood

clean:
	rm -rf $(VENV) .pytest_cache
