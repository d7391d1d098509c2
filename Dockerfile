# The portal behind gunicorn. Configuration comes from the environment (see docker-compose.yml).
FROM python:3.12-slim

# The code runs from /app, next to templates/ and static/, which settings find from BASE_DIR;
# `pip install .` brings the dependencies.
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONPATH=/app

WORKDIR /app
COPY . .

# Pango and a font for the PDFs of printed documents (WeasyPrint, fulfilment/printing/pdf.py).
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

# Settings refuse to load without a secret; collectstatic needs a placeholder, not the real one.
RUN pip install . \
    && SECRET_KEY=collectstatic-only python manage.py collectstatic --noinput \
    && useradd --system --no-create-home csrportal

USER csrportal
EXPOSE 8000
CMD ["gunicorn", "csrportal.wsgi", "--bind", "0.0.0.0:8000", "--workers", "4", "--access-logfile", "-"]
