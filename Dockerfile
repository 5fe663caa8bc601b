FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 UV_PROJECT_ENVIRONMENT=/opt/venv PATH=/opt/venv/bin:$PATH
# CJK font for WeasyPrint PDFs, gettext for the catalogues; WeasyPrint's Pango comes with it.
RUN apt-get update && apt-get install -y --no-install-recommends fonts-noto-cjk gettext \
        libpango-1.0-0 libpangoft2-1.0-0 && rm -rf /var/lib/apt/lists/*
RUN pip install --no-cache-dir uv
WORKDIR /app
COPY pyproject.toml uv.lock ./
RUN uv sync --frozen --no-dev
COPY . .
RUN DJANGO_SETTINGS_MODULE=config.settings.production SECRET_KEY=build-only \
        INTEGRITY_KEY=build-only-not-a-key-0123456789abcdef \
        python manage.py compilemessages --ignore=.venv -v0 \
 && DJANGO_SETTINGS_MODULE=config.settings.production SECRET_KEY=build-only \
        INTEGRITY_KEY=build-only-not-a-key-0123456789abcdef \
        python manage.py collectstatic --noinput -v0
RUN useradd --system --uid 1000 app && mkdir -p /srv/media /srv/integrity /srv/log && chown app /srv/media /srv/integrity /srv/log
USER app
EXPOSE 8000
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]
