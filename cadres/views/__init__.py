"""Views of the cadres app, one module per mechanism (learning; roster; appointments later)."""
