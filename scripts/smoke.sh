#!/usr/bin/env bash
# A smoke run of the built CLI with whatever `node` is first on PATH: start a cluster, use it, stop it.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
export SOFAKAFKA_CONFIG="$work/config.yaml"
port=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port+0);s.close()})")
bin=bin/sofakafka.js
trap 'node $bin local down --purge --yes --dir "$work/cluster" >/dev/null 2>&1 || true' EXIT
echo "smoke run on node $(node --version)"
node $bin --version
node $bin --help >/dev/null
node $bin local up --dir "$work/cluster" --port "$port" >/dev/null
node $bin topic create smoke -p 3 >/dev/null
seq 1 100 | node $bin msg send -t smoke --key k >/dev/null
got=$(node $bin msg query -t smoke -o ndjson 2>/dev/null | wc -l)
[ "$got" -eq 100 ] || { echo "smoke: expected 100 messages, read $got"; exit 1; }
node $bin cluster health >/dev/null
# Nothing but our own talk on stderr (a Node runtime warning would reach every script).
noise=$(node $bin topic list 2>&1 >/dev/null)
[ -z "$noise" ] || { echo "smoke: unexpected stderr: $noise"; exit 1; }
echo "smoke run passed"
