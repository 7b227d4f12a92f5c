#!/usr/bin/env bash
# Mints a signed JWT for local use, offline, with openssl only.
#   src/tools/mint-token.sh keys DIR            creates DIR/private.pem and DIR/public.pem (RSA 2048)
#   src/tools/mint-token.sh token DIR SUBJECT ROLES NAMESPACES [SECONDS]
#       ROLES and NAMESPACES are comma-separated (ipam-reader,ipam-writer,ipam-admin; * for all namespaces);
#       prints a token signed with DIR/private.pem, issuer "ipamql-local", audience "ipamql", valid SECONDS (3600).
# Start the service with MP_JWT_VERIFY_PUBLICKEY_LOCATION=DIR/public.pem (issuer and audience are the defaults).
set -euo pipefail
set -f  # "*" is a namespace pattern, not a glob
b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }
json_list() { local IFS=,; local out=""; for item in $1; do out="$out${out:+,}\"$item\""; done; echo "[$out]"; }
case "${1:-}" in
  keys)
    mkdir -p "$2"
    openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$2/private.pem" 2>/dev/null
    openssl pkey -in "$2/private.pem" -pubout -out "$2/public.pem"
    echo "keys written to $2 (private.pem, public.pem)"
    ;;
  token)
    dir=$2 subject=$3 roles=$4 namespaces=$5 seconds=${6:-3600}
    now=$(date +%s)
    header=$(printf '{"alg":"RS256","typ":"JWT"}' | b64url)
    payload=$(printf '{"iss":"ipamql-local","aud":"ipamql","sub":"%s","upn":"%s","groups":%s,"namespaces":%s,"iat":%d,"exp":%d,"jti":"%s"}' \
      "$subject" "$subject" "$(json_list "$roles")" "$(json_list "$namespaces")" "$now" "$((now + seconds))" "$now-$$" | b64url)
    signature=$(printf '%s.%s' "$header" "$payload" | openssl dgst -sha256 -sign "$dir/private.pem" | b64url)
    echo "$header.$payload.$signature"
    ;;
  *)
    sed -n '2,8p' "$0"; exit 2
    ;;
esac
