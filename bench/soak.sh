#!/usr/bin/env bash
# 60 s of mixed GET load (catalogue JSON, a trip page, its feed and map, the home and a site page) on the
# app under gunicorn with 2 workers over a fresh seeded SQLite database; passes when wrk reports no
# non-2xx/3xx answer and gunicorn logs no error. Needs wrk (Debian). Usage: bash bench/soak.sh [SECONDS]
# `bash bench/soak.sh writes [ARGS]`: concurrent re-plans and launch moves on SQLite and PostgreSQL
# instead (bench/soak_writes.py: no 5xx, no traceback logged).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" = writes ]; then shift; exec .venv/bin/python bench/soak_writes.py "$@"; fi
seconds="${1:-60}" port=5111 work="$(mktemp -d)"
export TOURPLANNER_DATABASE_URL="sqlite:///$work/soak.sqlite" TOURPLANNER_TILES=none \
  TOURPLANNER_SECRET_KEY="soak-$(date +%s)-0123456789abcdef" TOURPLANNER_PUBLIC_URL="http://127.0.0.1:$port"
.venv/bin/tourplanner init >/dev/null
.venv/bin/gunicorn -w 2 --log-level warning --bind "127.0.0.1:$port" "tourplanner:create_app()" \
  >"$work/gunicorn.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$work"' EXIT
sleep 5
urls=$(curl -sf -X POST "http://127.0.0.1:$port/api/trips" -H 'Content-Type: application/json' -d \
  '{"start_date":"2027-02-20","end_date":"2027-03-04","launch":"soyuz-ms-30","booking_date":"2026-11-30",
    "sites":["museum-of-cosmonautics","star-city","baikonur-gagarins-start"],
    "traveller":{"nationality":"FR","age":30,"party_size":1}}' |
  .venv/bin/python -c 'import json,sys; u=json.load(sys.stdin)["urls"]; print(" ".join(u[k].split(sys.argv[1],1)[1] for k in ("page","feed","map")))' ":$port")
read -r page feed map <<<"$urls"
cat >"$work/mix.lua" <<LUA
paths = {"/api/sites", "/api/launches", "$page", "$feed", "$map", "/", "/sites/star-city"}
i = 0
request = function() i = i + 1; return wrk.format("GET", paths[(i % #paths) + 1]) end
LUA
out=$(wrk -t2 -c8 -d"${seconds}s" -s "$work/mix.lua" "http://127.0.0.1:$port/")
echo "$out"
errors=$(grep -ci "error\|traceback" "$work/gunicorn.log" || true)
echo "gunicorn errors logged: $errors"
! grep -q "Non-2xx or 3xx" <<<"$out" && [ "$errors" = 0 ]
