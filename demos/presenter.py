"""The presenter view (`?present=1` on any page) and the keyboard, for a projector read from the back of a hall.

Framework-free text both front ends insert into their pages: CSS keyed on a `genlab-present` class, and, for
Gradio, a script that sets the class from the URL and maps keys to the page's own buttons. Buttons are found by
their elem_id's ending (`gan-play`, `mc-reset`, `minimax-step`, ...), so a page gets the keys by naming its
buttons the house way, and a page without such a button ignores the key.
"""
PARAMETER = "present"  # ?present=1
KEYS = {" ": "play or stop (the first visible live run)", "s": "one step", "r": "reset"}

# Gradio: no navigation bar or footer, type and figures scaled to fill a 1280 x 720 projector, folded
# accordions stay folded, and the page's own prose above the figures is shortened to its first paragraph.
GRADIO_CSS = """
body.genlab-present nav, body.genlab-present footer, body.genlab-present .genlab-secondary {display: none !important}
body.genlab-present .gradio-container {max-width: 100% !important; padding: 0 8px !important}
body.genlab-present .gradio-container > .main {zoom: 1.2}
body.genlab-present .prose {font-size: 1.15rem}
"""

GRADIO_HEAD = """<script>
(() => {
  const presenting = () => new URLSearchParams(location.search).get("%(parameter)s") === "1";
  const mark = () => document.body && document.body.classList.toggle("genlab-present", presenting());
  mark();  // Gradio runs this script once the page's config has loaded, after DOMContentLoaded
  const shown = (ending) => [...document.querySelectorAll(`button[id$="-${ending}"]`)]
    .find((b) => b.offsetParent !== null && !b.disabled);
  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey || event.repeat) return;
    if (event.target.closest && event.target.closest("input, textarea, select, [contenteditable], button")) return;
    const key = event.key.toLowerCase();
    const button = key === " " ? shown("play") || shown("stop") : key === "s" ? shown("step") : key === "r" ? shown("reset") : null;
    if (button) { event.preventDefault(); button.click(); }
  });
})();
</script>""" % {"parameter": PARAMETER}

# Streamlit: no sidebar or header, larger type; st.query_params["present"] == "1" switches it on.
STREAMLIT_CSS = """<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], header[data-testid="stHeader"],
[data-testid="stToolbar"] {display: none !important}
.stMainBlockContainer, .block-container {max-width: 100% !important; padding-top: 1rem !important}
html {font-size: 20px}
</style>"""
