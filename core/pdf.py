"""PDF rendering with WeasyPrint. Templates extend `shared/pdf_base.html` (GB/T 9704 layout,
Noto CJK SC, `lang="zh-CN"` so the Chinese and not the Japanese glyphs are chosen)."""

from django.conf import settings
from django.template.loader import render_to_string


def render_pdf(template_name: str, context: dict) -> bytes:
    from weasyprint import HTML  # imported lazily: heavy, and only workers need it

    html = render_to_string(template_name, context)
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
