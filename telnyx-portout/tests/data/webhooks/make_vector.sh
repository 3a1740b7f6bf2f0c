#!/usr/bin/env bash
# Produces openssl_vector.txt: a Telnyx-style webhook signature made by an implementation
# independent of ed25519-dalek (the OpenSSL command line), which tests/webhooks.rs verifies.
#
#   bash telnyx-portout/tests/data/webhooks/make_vector.sh
#
# Needs OpenSSL >= 3.0 (`pkeyutl -rawin` for Ed25519). Every run makes a new key pair, so the
# committed vector only changes when this script is re-run. The private key is not kept.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
out="$here/openssl_vector.txt"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# The timestamp Telnyx would send in `telnyx-timestamp` (2022-04-11T14:46:27Z).
timestamp=1649688387
# The raw body, one line, with non-ASCII text so that byte-exactness matters.
body='{"data":{"event_type":"portout.new_comment","id":"2d1a6ad4-6a1b-4b4e-9d3a-2d07a4c1e0f5","occurred_at":"2022-04-11T14:46:27Z","payload":{"comment":"Café — the LOA is attached ✓","id":"96dfa9e4-c753-4fd3-97cd-42d66f26cf0c","portout_id":"d26109e5-0605-4671-a235-d3c649cc8406","user_id":"1c45c968-c2e0-4559-b1dd-db073962fc61"},"record_type":"event"},"meta":{"attempt":1,"delivered_to":"https://example.com/webhooks/telnyx"}}'

openssl genpkey -algorithm ed25519 -out "$tmp/key.pem"
# The raw 32-byte public key is the last 32 bytes of the SubjectPublicKeyInfo DER.
public_key="$(openssl pkey -in "$tmp/key.pem" -pubout -outform DER | tail -c 32 | base64 -w0)"
printf '%s|%s' "$timestamp" "$body" > "$tmp/message"
openssl pkeyutl -sign -rawin -inkey "$tmp/key.pem" -in "$tmp/message" -out "$tmp/signature"
signature="$(base64 -w0 < "$tmp/signature")"

# Self-check with OpenSSL before writing.
openssl pkey -in "$tmp/key.pem" -pubout -out "$tmp/pub.pem"
openssl pkeyutl -verify -rawin -pubin -inkey "$tmp/pub.pem" -in "$tmp/message" -sigfile "$tmp/signature" >/dev/null

{
  echo "# Made by make_vector.sh with $(openssl version | cut -d' ' -f1-2). One 'name=value' per line;"
  echo "# body is the raw request body (the rest of its line, no trailing newline)."
  echo "public_key=$public_key"
  echo "timestamp=$timestamp"
  echo "signature=$signature"
  echo "body=$body"
} > "$out"
echo "wrote $out"
