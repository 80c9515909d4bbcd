FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 LANG=C.UTF-8 \
    DJANGO_SETTINGS_MODULE=compact.settings.production
WORKDIR /app

# Pango and fonts for WeasyPrint, which lays out the newsletter's PDF and the demo's; poppler's pdftotext,
# pdfinfo and pdftoppm, which read the library's PDFs and draw their first page (util-linux's prlimit, which
# bounds that drawing's memory, comes with the base image).
RUN apt-get update && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core fonts-wqy-microhei \
    poppler-utils \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --create-home --uid 1000 compact
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
# collectstatic needs a key and a proxy count only to import the settings; the real ones come from the
# environment at run time.
RUN SECRET_KEY=build-only-key-build-only-key-build-only-key-1234567 TRUSTED_PROXY_COUNT=0 \
    python manage.py collectstatic --noinput \
    && mkdir -p /app/media && chown -R compact /app/media
USER compact
EXPOSE 8000
CMD ["gunicorn", "-c", "gunicorn.conf.py", "compact.wsgi:application"]
