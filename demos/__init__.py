"""GenLab's pages: one folder per page, each with a framework-free view.py and two thin UIs."""
