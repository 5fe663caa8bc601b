"""Selection and appointment mechanism (SPEC APT-1 … APT-5), part of the `cadres` app.

Models are loaded by the last line of `cadres/models.py`; URLs by `config/urls.py`.
"""
