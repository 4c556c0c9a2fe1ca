# tourplanner under gunicorn. The wheel carries templates/, data/, migrations/ and static/.
FROM python:3.11-slim AS build
WORKDIR /src
COPY . .
RUN pip wheel --no-cache-dir --wheel-dir /wheels .

FROM python:3.11-slim
RUN useradd --system --create-home --uid 10001 tourplanner
COPY --from=build /wheels /wheels
RUN pip install --no-cache-dir /wheels/*.whl && rm -rf /wheels
USER tourplanner
WORKDIR /home/tourplanner
ENV PYTHONUNBUFFERED=1 \
    GUNICORN_CMD_ARGS="--bind 0.0.0.0:8000 --workers 2 --access-logfile -"
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz')"
# Migrate and seed (idempotent), then serve; the container keeps no state of its own.
CMD ["sh", "-c", "tourplanner init && exec gunicorn 'tourplanner:create_app()'"]
