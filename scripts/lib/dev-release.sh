# shellcheck shell=bash
# The local run's development release (docs/ota.md, "The local run"), sourced by ./scripts/run. Each step is a
# function of its own, with its folders and URLs as arguments, so it can be run and checked without the local run.

# dev_release_trust RUN_DIR
# Makes (once) a development release key, RUN_DIR/release-key/release.{key,pem}, and an operator credential,
# RUN_DIR/operator-token; exports what the registry reads: the trusted key folder, the credential's SHA-256, and
# plain-HTTP package URLs (the packages are served on loopback).
dev_release_trust() {
  local dir=$1
  mkdir -p "$dir"
  [ -f "$dir/release-key/release.key" ] || "$PIFLEET_ROOT/scripts/release" keygen "$dir/release-key" >/dev/null
  if [ ! -f "$dir/operator-token" ]; then
    (umask 077; head -c 32 /dev/urandom | base64 -w0 | tr '+/' '-_' | tr -d = > "$dir/operator-token")
  fi
  PIFLEET_RELEASE_KEYS_DIRS="$dir/release-key"
  PIFLEET_OPERATOR_TOKEN_HASH=$(tr -d '\n' < "$dir/operator-token" | sha256sum | cut -d' ' -f1)
  PIFLEET_RELEASES_ALLOW_HTTP=true
  export PIFLEET_RELEASE_KEYS_DIRS PIFLEET_OPERATOR_TOKEN_HASH PIFLEET_RELEASES_ALLOW_HTTP
}

# dev_release_version DEB
# The built package's own version (what the simulated Pi runs: a Pi that installed this .deb).
dev_release_version() {
  if command -v dpkg-deb >/dev/null 2>&1; then
    dpkg-deb -f "$1" Version
  else
    local name
    name=$(basename "$1"); name=${name#pifleet-agent_}; echo "${name%_all.deb}"
  fi
}

# dev_release_packages DEB RUN_DIR
# Writes RUN_DIR/releases/: the built package as two newer versions, signed with the development key:
# <version>+dev<build time> (a rollout of it completes on the simulated Pi) and <version>+dev<build time>.unhealthy
# (the simulated Pi never becomes healthy on it: a rollout of it fails its first wave and pauses). A build that was
# packaged before keeps its files. Prints the two versions.
dev_release_packages() {
  local deb=$1 dir=$2 base stamp version tree
  base=$(dev_release_version "$deb")
  stamp=$(date -u -r "$deb" +%Y%m%d%H%M%S)
  mkdir -p "$dir/releases"
  for version in "$base+dev$stamp" "$base+dev$stamp.unhealthy"; do
    local out="$dir/releases/pifleet-agent_${version}_all.deb"
    if [ ! -f "$out.release.json" ]; then
      if command -v dpkg-deb >/dev/null 2>&1; then
        # The same files with another Version:, as the next release would be.
        tree=$(mktemp -d)
        dpkg-deb -R "$deb" "$tree/pkg"
        sed -i "s/^Version: .*/Version: $version/" "$tree/pkg/DEBIAN/control"
        dpkg-deb --root-owner-group -Zgzip -z1 -b "$tree/pkg" "$out" >/dev/null
        rm -rf "$tree"
      else
        # No dpkg here: the version is taken from the file name (./scripts/release does the same).
        cp "$deb" "$out"
      fi
      "$PIFLEET_ROOT/scripts/release" sign "$out" "$dir/release-key/release.key" >/dev/null
    fi
    echo "$version"
  done
}

# dev_release_publish RUN_DIR FILES_URL REGISTRY_URL
# Publishes every signed package in RUN_DIR/releases (served at FILES_URL/<file name>) with the operator credential;
# one published before (409 release_exists) is left as it is.
dev_release_publish() {
  local dir=$1 files_url=$2 registry=$3 meta file answer
  for meta in "$dir"/releases/*.release.json; do
    [ -e "$meta" ] || continue
    file=${meta%.release.json}
    if ! answer=$(PIFLEET_REGISTRY_URL=$registry PIFLEET_OPERATOR_TOKEN=$(tr -d '\n' < "$dir/operator-token") \
        "$PIFLEET_ROOT/scripts/release" publish "$file" "$files_url/$(basename "$file")" 2>&1); then
      case "$answer" in
        *release_exists*) ;;
        *) echo "publishing $(basename "$file") failed: $answer" >&2; return 1 ;;
      esac
    fi
  done
}
