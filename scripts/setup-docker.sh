#!/usr/bin/env bash
# Prepares a Docker engine for Slipway's tests and samples on a Debian machine without registry access.
#
# Installs docker.io and busybox-static when missing, and starts dockerd when no engine responds. No image can be
# pulled here, so it creates two images offline: the base image busybox:stable from the host's /bin/busybox, and the
# reverse proxy image slipway/proxy:caddy-2.6.2 from Debian's caddy package.
# Does nothing when the engine responds and both images exist. Run as root.
#
# Environment:
#   BUSYBOX_IMAGE  name of the base image to create (default busybox:stable)
#   PROXY_IMAGE    name of the proxy image to create (default slipway/proxy:caddy-2.6.2)
#   DOCKERD_LOG    log file of a dockerd started by this script (default /var/log/dockerd.log)
#   ADDRESS_POOL   address pool of the networks that a dockerd started by this script creates
#                  (default base=10.203.0.0/16,size=24)
set -euo pipefail

readonly image="${BUSYBOX_IMAGE:-busybox:stable}"
readonly proxy_image="${PROXY_IMAGE:-slipway/proxy:caddy-2.6.2}"
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
    docker image inspect "$1" >/dev/null 2>&1
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
    # The proxy image's import sets its own EXIT trap, which replaces this one.
    rm -rf "$root"
    trap - EXIT
    say "imported ${image}"
}

# Builds the proxy image from the caddy binary of Debian's caddy package (2.6.2 on Debian 12) and the shared
# libraries that it links. The image has the user nobody (uid 65534), an empty /etc/caddy/sites and a sticky
# world-writable /tmp.
import_proxy_image() {
    local work
    work="$(mktemp -d)"
    # shellcheck disable=SC2064
    trap "rm -rf '${work}'" EXIT
    # apt-get warns that it downloads as root, because its user _apt cannot write to this private folder. The
    # download works all the same.

    say "creating ${proxy_image} from Debian's caddy package in ${work}"
    if ! (cd "$work" && apt-get download caddy); then
        say "caddy package not downloaded; updating the package lists and trying again"
        apt-get update
        (cd "$work" && apt-get download caddy)
    fi
    local package
    package="$(find "$work" -maxdepth 1 -name 'caddy_*.deb' -print -quit)"
    if [[ -z "$package" ]]; then
        say "apt-get download caddy left no caddy_*.deb in ${work}" >&2
        exit 1
    fi
    dpkg-deb -x "$package" "${work}/package"

    local root="${work}/root"
    mkdir -p "${root}/usr/bin" "${root}/etc/caddy/sites" "${root}/tmp"
    chmod 1777 "${root}/tmp"
    cp "${work}/package/usr/bin/caddy" "${root}/usr/bin/caddy"
    # The Debian build links libzstd and libc dynamically. ldd prints "name => /path (address)" for libraries
    # and "/path (address)" for the loader.
    local library count=0
    while IFS= read -r library; do
        mkdir -p "${root}$(dirname "$library")"
        cp -L "$library" "${root}${library}"
        count=$((count + 1))
    done < <(ldd "${root}/usr/bin/caddy" | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }')
    if ((count == 0)); then
        say "ldd listed no shared library for caddy; the image would not start" >&2
        exit 1
    fi
    say "copied caddy and ${count} shared libraries"

    printf '%s\n' 'root:x:0:0:root:/root:/bin/false' 'nobody:x:65534:65534:nobody:/nonexistent:/bin/false' \
        >"${root}/etc/passwd"
    printf '%s\n' 'root:x:0:' 'nogroup:x:65534:' 'nobody:x:65534:' >"${root}/etc/group"

    tar --numeric-owner --owner=0 --group=0 -C "$root" -c . \
        | docker import --change 'ENTRYPOINT ["/usr/bin/caddy"]' --change 'USER 65534:65534' \
            --change 'ENV XDG_DATA_HOME=/tmp/caddy/data XDG_CONFIG_HOME=/tmp/caddy/config' - "$proxy_image" \
            >/dev/null
    rm -rf "$work"
    trap - EXIT
    say "imported ${proxy_image}"
}

if engine_responds && image_exists "$image" && image_exists "$proxy_image"; then
    say "engine responds and ${image} and ${proxy_image} exist; nothing to do"
    exit 0
fi

install_missing_packages
start_engine
if image_exists "$image"; then
    say "${image} exists"
else
    import_busybox_image
fi
if image_exists "$proxy_image"; then
    say "${proxy_image} exists"
else
    import_proxy_image
fi
