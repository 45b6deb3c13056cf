#!/usr/bin/env bash
# Prepares a Docker engine for Slipway's tests and samples on a Debian machine without registry access.
#
# Installs docker.io and busybox-static when missing, starts dockerd when no engine responds, and creates the
# base image busybox:stable offline from the host's /bin/busybox, because no image can be pulled here.
# Does nothing when the engine responds and the image exists. Run as root.
#
# Environment:
#   BUSYBOX_IMAGE  name of the base image to create (default busybox:stable)
#   DOCKERD_LOG    log file of a dockerd started by this script (default /var/log/dockerd.log)
#   ADDRESS_POOL   address pool of the networks that a dockerd started by this script creates
#                  (default base=10.203.0.0/16,size=24)
set -euo pipefail

readonly image="${BUSYBOX_IMAGE:-busybox:stable}"
readonly dockerd_log="${DOCKERD_LOG:-/var/log/dockerd.log}"
readonly engine_wait_seconds=60
# The engine creates one bridge network per application. Docker's default pools hold about 30 networks, so
# 20 applications deployed at once beside the networks of earlier runs can exhaust them; /24 networks from one /16
# give 256.
readonly address_pool="${ADDRESS_POOL:-base=10.203.0.0/16,size=24}"

say() {
    printf 'setup-docker: %s\n' "$*"
}

engine_responds() {
    docker info >/dev/null 2>&1
}

image_exists() {
    docker image inspect "$image" >/dev/null 2>&1
}

install_missing_packages() {
    local missing=()
    # The engine needs dockerd from the docker.io package, and a machine can have the Docker client without it.
    command -v dockerd >/dev/null 2>&1 || missing+=(docker.io)
    [[ -x /bin/busybox ]] || missing+=(busybox-static)
    if ((${#missing[@]} == 0)); then
        return
    fi
    say "installing ${missing[*]}"
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
}

start_engine() {
    if engine_responds; then
        return
    fi
    say "starting dockerd with network address pool ${address_pool}, log in ${dockerd_log}"
    nohup dockerd --default-address-pool "$address_pool" >>"$dockerd_log" 2>&1 &
    local waited=0
    until engine_responds; do
        if ((waited >= engine_wait_seconds)); then
            say "dockerd did not respond within ${engine_wait_seconds}s; see ${dockerd_log}" >&2
            tail -n 20 "$dockerd_log" >&2 || true
            exit 1
        fi
        sleep 1
        waited=$((waited + 1))
    done
    say "dockerd responds after ${waited}s"
}

import_busybox_image() {
    local root
    root="$(mktemp -d)"
    # Expands now, because root is local and no longer set when the EXIT trap runs.
    # shellcheck disable=SC2064
    trap "rm -rf '${root}'" EXIT

    say "creating ${image} from /bin/busybox in ${root}"
    mkdir -p "${root}/bin" "${root}/etc" "${root}/tmp"
    chmod 1777 "${root}/tmp"
    cp /bin/busybox "${root}/bin/busybox"
    local applet count=0
    while IFS= read -r applet; do
        if [[ "$applet" != busybox && ! -e "${root}/bin/${applet}" ]]; then
            ln -s busybox "${root}/bin/${applet}"
            count=$((count + 1))
        fi
    done < <(/bin/busybox --list)
    say "linked ${count} applets"

    printf '%s\n' 'root:x:0:0:root:/root:/bin/sh' 'nobody:x:65534:65534:nobody:/nonexistent:/bin/false' \
        >"${root}/etc/passwd"
    printf '%s\n' 'root:x:0:' 'nogroup:x:65534:' 'nobody:x:65534:' >"${root}/etc/group"

    tar --numeric-owner --owner=0 --group=0 -C "$root" -c . \
        | docker import --change 'ENV PATH=/bin' --change 'CMD ["sh"]' - "$image" >/dev/null
    say "imported ${image}"
}

if engine_responds && image_exists; then
    say "engine responds and ${image} exists; nothing to do"
    exit 0
fi

install_missing_packages
start_engine
if image_exists; then
    say "${image} exists"
else
    import_busybox_image
fi
