"""GenLab's core: data, models, losses, training and the pretrained registry.

torch + numpy only: nothing here imports a UI or plotting library (design.md §2).
"""
