# syntax=docker/dockerfile:1
#
# Baton's image: `baton serve` on port 8000 by default; any other `baton` command by
# replacing CMD (e.g. `docker run IMAGE keys master --out /keys/master.key`).
# Needs BuildKit (the default builder since Docker 23, and what `docker compose build` uses).

ARG PYTHON_IMAGE=python:3.11-slim-bookworm

# ---- builder: one wheel for Baton plus a wheel for every dependency --------------------------
FROM ${PYTHON_IMAGE} AS builder

ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_ROOT_USER_ACTION=ignore \
    PYTHONDONTWRITEBYTECODE=1

WORKDIR /src
# .dockerignore keeps the venv, caches, tests, local data and key files out of the context.
COPY . .

# --only-binary: every dependency (psycopg[binary], cryptography, pydantic-core, ...) must come
# as a prebuilt wheel, so neither this stage nor the final image ever needs a compiler.
RUN --mount=type=cache,target=/root/.cache/pip \
    pip wheel --only-binary=:all: --wheel-dir /wheels .

# ---- runtime: the wheels installed, no build tools, a non-root user --------------------------
FROM ${PYTHON_IMAGE} AS runtime

LABEL org.opencontainers.image.title="baton" \
      org.opencontainers.image.description="Carries a young child's learning journey from early-years settings to the school that receives them." \
      org.opencontainers.image.licenses="Apache-2.0"

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_ROOT_USER_ACTION=ignore \
    BATON_DATA_DIR=/data

# WeasyPrint (the summary's PDF) draws text with Pango and HarfBuzz, Debian's shared libraries
# (the list its documentation gives for Debian; fontconfig comes with them) and one font.
# One layer, no recommended extras, the package lists removed. The build tools stay out.
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 fonts-dejavu-core fonts-liberation \
 && rm -rf /var/lib/apt/lists/*

# uid/gid 10001: outside the range of any user on a typical host. /data (the embedded store) and
# /keys (where compose's init step writes the master key) are created here, owned by that user,
# so that a named volume mounted on either starts out owned by it too.
RUN groupadd --gid 10001 baton \
 && useradd --uid 10001 --gid 10001 --no-log-init --no-create-home \
        --home-dir /app --shell /usr/sbin/nologin baton \
 && mkdir -p /app /data /keys \
 && chown 10001:10001 /app /data /keys \
 && chmod 0700 /data /keys

# The wheels are bind-mounted from the builder, so they never become a layer of this image.
RUN --mount=type=bind,from=builder,source=/wheels,target=/wheels \
    pip install --no-index --find-links=/wheels baton

WORKDIR /app
USER 10001:10001
VOLUME ["/data"]
EXPOSE 8000

# Liveness only (no store check): slim images have no curl, so Python's urllib does it.
# urlopen raises on any non-2xx answer or no answer, and python then exits 1.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/health', timeout=4)"]

ENTRYPOINT ["baton"]
CMD ["serve", "--host", "0.0.0.0", "--port", "8000"]
