#!/usr/bin/env bash
# Attune virtualization lab: several libvirt "hosts" (TCG only) on this one machine.
#
#   lab.sh install                 apt-get what is missing, fix /etc/libvirt/qemu.conf
#   lab.sh image [--rebuild]       build the tiny guest (kernel + busybox initramfs), cached
#   lab.sh up                      start hostA hostB hostC and the shared guest network
#   lab.sh guest NAME HOST IP|dhcp [--mac MAC] [--memory MiB] [--nic virtio|e1000]
#                [--transient] [--nfs SERVER:/path [--nfs-opts vers=3]] [--timeout SEC]
#   lab.sh guest-xml NAME IP|dhcp [MAC] [same options as guest, but --transient/--timeout]
#   lab.sh dhcp-host MAC IP [NAME]  add a DHCP reservation (dnsmasq rereads it on SIGHUP)
#   lab.sh cpu-limit HOST PCT|off  cap all guests of HOST together at PCT% of one core
#   lab.sh status                  hosts and their guests
#   lab.sh down                    destroy everything the lab made; safe to repeat
#
# Environment: ATTUNE_LAB_DIR (state, default /run/attune-lab), ATTUNE_LAB_CACHE (image cache,
# default /var/cache/attune-lab), ATTUNE_LAB_HOSTS (default "hostA hostB hostC", at most 9).
# ATTUNE_LAB_DHCP=off: `up` starts no dnsmasq (a test brings its own, e.g. Attune's DHCP provisioner).
# See README.md beside this file for the design and measured figures.
set -euo pipefail

LAB_DIR=${ATTUNE_LAB_DIR:-/run/attune-lab}
CACHE_DIR=${ATTUNE_LAB_CACHE:-/var/cache/attune-lab}
LAB_HOSTS=${ATTUNE_LAB_HOSTS:-hostA hostB hostC}
VIRSH_TIMEOUT=${ATTUNE_LAB_VIRSH_TIMEOUT:-60}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

# One network namespace holds the guest L2 segment and all lab daemons; the root namespace
# reaches it through a veth whose far end is a bridge port (same /24, no routing, no NAT).
NETNS=attune-lab
BRIDGE=br-lab
VETH_ROOT=attune-lab0
VETH_NS=lab-root
NET=10.99.0
PREFIX=24
BRIDGE_IP=$NET.1
ROOT_IP=$NET.254
BRIDGE_MAC=02:99:00:00:00:01
DHCP_FIRST=$NET.100
DHCP_LAST=$NET.199
MIGRATION_PORT_BASE=49152

# Packages the lab needs (kmod for modinfo, cpio/gzip for the initramfs, curl for checks).
PACKAGES=(qemu-system-x86 libvirt-daemon libvirt-daemon-system libvirt-daemon-driver-qemu
    libvirt-clients dnsmasq-base busybox-static iproute2 kmod cpio gzip xz-utils util-linux
    procps curl)
# Guest kernel modules by set; /init loads the NIC set that matches the PCI device it finds,
# and the nfs set only when asked to mount NFS. Dependencies are added from modinfo depends=.
declare -A MODULE_SETS=(
    [virtio]="virtio_pci virtio_net"
    [e1000]="e1000"
    [nfs]="sunrpc grace lockd nfs_acl fscache netfs dns_resolver nfs nfsv3 nfsv4"
)

log() { printf '[lab] %s\n' "$*" >&2; }
die() { printf '[lab] ERROR: %s\n' "$*" >&2; exit 1; }
now_ms() { date +%s%3N; }
# milliseconds since $1 (a now_ms value) as seconds with 2 decimals
secs_since() { local d=$(( $(now_ms) - $1 )); printf '%d.%02d' $((d / 1000)) $((d % 1000 / 10)); }

need_root() { [[ $(id -u) -eq 0 ]] || die "must run as root"; }

# Names end up in file paths, XML and process arguments: allow a safe subset only.
valid_name() {
    local what=$1 name=$2
    [[ $name =~ ^[A-Za-z0-9_-]{1,63}$ ]] \
        || die "invalid $what name '$name': use 1-63 characters of [A-Za-z0-9_-]"
}
valid_ipv4() {
    local ip=$1 o
    [[ $ip =~ ^([0-9]{1,3})\.([0-9]{1,3})\.([0-9]{1,3})\.([0-9]{1,3})$ ]] || return 1
    for o in "${BASH_REMATCH[@]:1}"; do ((10#$o <= 255)) || return 1; done
}
valid_mac() { [[ $1 =~ ^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}$ ]] || die "invalid MAC '$1'"; }

# Fixed host list, validated once.
read -r -a HOSTS <<<"$LAB_HOSTS"
((${#HOSTS[@]} >= 1 && ${#HOSTS[@]} <= 9)) || die "ATTUNE_LAB_HOSTS must name 1-9 hosts"
for h in "${HOSTS[@]}"; do valid_name host "$h"; done
unset h

host_index() {
    local i
    for i in "${!HOSTS[@]}"; do
        if [[ ${HOSTS[$i]} == "$1" ]]; then echo $((i + 1)); return 0; fi
    done
    die "unknown host '$1' (lab hosts: ${HOSTS[*]})"
}
host_dir() { echo "$LAB_DIR/$1"; }
host_uri() { echo "qemu+unix:///system?socket=$LAB_DIR/$1/libvirt-sock"; }
# Each host owns an address on the bridge; its QEMU listens there for incoming migrations.
host_ip() { echo "$NET.$(( $(host_index "$1") + 1 ))"; }
migrate_uri() { echo "tcp://$(host_ip "$1")"; }
# libvirt refuses to migrate between daemons with equal host UUIDs: derive a stable distinct one.
host_uuid() {
    local h
    h=$(printf 'attune-lab-%s' "$1" | md5sum | cut -c1-32)
    echo "${h:0:8}-${h:8:4}-${h:12:4}-${h:16:4}-${h:20:12}"
}

vsh() {
    local host=$1; shift
    timeout "$VIRSH_TIMEOUT" virsh -q -c "$(host_uri "$host")" "$@"
}
host_alive() {
    [[ -S $LAB_DIR/$1/libvirt-sock ]] \
        && timeout 10 virsh -q -c "$(host_uri "$1")" version >/dev/null 2>&1
}
# A zombie counts as gone: this machine's PID 1 reaps orphans only every ~2 s.
proc_alive() {
    local st
    st=$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null) || return 1
    [[ -n $st && $st != Z ]]
}
pid_alive() { [[ -f $1 ]] && proc_alive "$(cat "$1")"; }

# ---------------------------------------------------------------------------------- install

cmd_install() {
    need_root
    local missing=() p policy_added=0
    for p in "${PACKAGES[@]}"; do
        [[ $(dpkg-query -W -f='${Status}' "$p" 2>/dev/null) == 'install ok installed' ]] \
            || missing+=("$p")
    done
    if ((${#missing[@]})); then
        log "installing: ${missing[*]}"
        # never let package scripts start a system libvirtd (or its default NAT network)
        if [[ ! -e /usr/sbin/policy-rc.d ]]; then
            printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
            chmod 755 /usr/sbin/policy-rc.d
            policy_added=1
        fi
        local rc=0
        DEBIAN_FRONTEND=noninteractive apt-get update -qq || rc=$?
        ((rc == 0)) && { DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
            --no-install-recommends "${missing[@]}" >/dev/null || rc=$?; }
        ((policy_added)) && rm -f /usr/sbin/policy-rc.d
        ((rc == 0)) || die "apt-get failed ($rc)"
    else
        log "packages: all present"
    fi
    # Without user/group root libvirt re-probes QEMU on every call (40-70 s each).
    local conf=/etc/libvirt/qemu.conf key
    [[ -f $conf ]] || touch "$conf"
    for key in user group; do
        if grep -Eq "^[[:space:]]*${key}[[:space:]]*=" "$conf"; then
            sed -i -E "s/^[[:space:]]*${key}[[:space:]]*=.*/$key = \"root\"/" "$conf"
        else
            echo "$key = \"root\"" >>"$conf"
        fi
    done
    [[ -c /dev/net/tun ]] || die "/dev/net/tun missing: guests need tap devices"
    log "install: done"
}

# ------------------------------------------------------------------------------------ image

# Prints NAME PATH lines for a module and its dependencies, dependencies first.
# $1: module dir, $2: file with "name path" index, rest: module names.
module_closure() {
    local moddir=$1 index=$2; shift 2
    local -A seen=()
    local out=()
    visit() {
        local m=${1//-/_} path dep
        [[ -n ${seen[$m]:-} ]] && return 0
        seen[$m]=1
        path=$(awk -v m="$m" '$1 == m {print $2; exit}' "$index")
        if [[ -z $path ]]; then
            # built into the kernel: nothing to load
            grep -Eq "/${m//_/[-_]}\.ko$" "$moddir/modules.builtin" && return 0
            die "kernel module $m not found"
        fi
        for dep in $(modinfo -F depends "$path" | tr ',' ' '); do visit "$dep"; done
        out+=("$m $path")
    }
    local m
    for m in "$@"; do visit "$m"; done
    printf '%s\n' "${out[@]}"
}

# Fetches the Debian kernel once: vmlinuz, its config, and only the modules the guest may load.
fetch_kernel() {
    local kdir=$CACHE_DIR/kernel set
    [[ -f $kdir/vmlinuz && -f $kdir/config && -f $kdir/nfs.list ]] && return 0
    local pkg
    pkg_of() { apt-cache depends linux-image-amd64 2>/dev/null \
        | awk '/Depends: linux-image-[0-9]/ {print $2; exit}'; }
    pkg=$(pkg_of)
    if [[ -z $pkg ]]; then
        apt-get update -qq
        pkg=$(pkg_of)
    fi
    [[ -n $pkg ]] || die "cannot resolve the linux-image-amd64 kernel package"
    local tmp; tmp=$(mktemp -d "$CACHE_DIR/tmp-kernel.XXXXXX")
    log "fetching $pkg"
    # the sandbox user _apt may not write to the cache dir
    (cd "$tmp" && apt-get download -qq -o APT::Sandbox::User=root "$pkg")
    # dpkg-deb -x only unpacks: no postinst, no initramfs hooks
    dpkg-deb -x "$tmp"/*.deb "$tmp/x"
    local moddir; moddir=$(echo "$tmp"/x/lib/modules/*)
    [[ -d $moddir ]] || die "no modules in $pkg"
    # Debian bookworm ships plain .ko; decompress .ko.xz in case a later kernel does not.
    find "$moddir/kernel" -name '*.ko.xz' -exec xz -d {} +
    # index "name path", with module names normalised to underscores as depends= uses them
    find "$moddir/kernel" -name '*.ko' -printf '%f %p\n' \
        | awk '{ n = $1; sub(/\.ko$/, "", n); gsub(/-/, "_", n); print n, $2 }' >"$tmp/index"
    rm -rf "$kdir"; mkdir -p "$kdir/modules"
    cp "$tmp"/x/boot/vmlinuz-* "$kdir/vmlinuz"
    cp "$tmp"/x/boot/config-* "$kdir/config"
    basename "$moddir" >"$kdir/version"
    local name path mods
    for set in "${!MODULE_SETS[@]}"; do
        read -r -a mods <<<"${MODULE_SETS[$set]}"
        module_closure "$moddir" "$tmp/index" "${mods[@]}" >"$tmp/$set.list"
        while read -r name path; do cp "$path" "$kdir/modules/$name.ko"; done <"$tmp/$set.list"
        cut -d' ' -f1 "$tmp/$set.list" >"$kdir/$set.list"
    done
    rm -rf "$tmp"
    log "kernel $(cat "$kdir/version") cached"
}

# Unpacks the ELF vmlinux from the xz-compressed bzImage $1 into $2. QEMU boots such an ELF
# through its PVH entry point: no firmware real-mode path and no in-guest decompression, which
# under TCG roughly halves the boot time (~5 s instead of ~8-10 s to ATTUNE-READY).
extract_vmlinux() {
    local src=$1 dst=$2 off
    while IFS=: read -r off _; do
        # trailing bytes after the xz stream are expected: judge by the ELF magic instead
        tail -c +$((off + 1)) "$src" | xz -dc --single-stream >"$dst" 2>/dev/null || true
        [[ $(head -c 4 "$dst" | od -An -c | tr -d ' ') == '177ELF' ]] && return 0
    done < <(LC_ALL=C grep -obUaP '\xfd7zXZ\x00' "$src" || true)
    rm -f "$dst"
    return 1
}

cmd_image() {
    need_root
    local rebuild=0
    [[ ${1:-} == --rebuild ]] && rebuild=1
    mkdir -p "$CACHE_DIR"
    # leftovers of an interrupted build
    rm -rf "$CACHE_DIR"/tmp-*
    ((rebuild)) && rm -rf "$CACHE_DIR/kernel" "$CACHE_DIR/image.stamp"
    local t0; t0=$(now_ms)
    fetch_kernel
    local kdir=$CACHE_DIR/kernel stamp set
    # rebuild whenever the guest files, the kernel, busybox or this function's layout change
    stamp=$( (echo layout-2; cd "$HERE/guest" && find . -type f | LC_ALL=C sort | xargs sha256sum;
        cat "$kdir/version" "$kdir"/*.list; sha256sum /bin/busybox) | sha256sum | cut -d' ' -f1)
    if [[ -f $CACHE_DIR/initramfs.cpio.gz && -f $CACHE_DIR/vmlinuz \
        && $(cat "$CACHE_DIR/image.stamp" 2>/dev/null) == "$stamp" ]]; then
        log "image: cached in $CACHE_DIR"
        return 0
    fi
    if ! { [[ -x /bin/busybox ]] && /bin/busybox --list | grep -x httpd >/dev/null; }; then
        die "/bin/busybox (busybox-static) missing: run lab.sh install"
    fi
    rm -f "$CACHE_DIR/image.stamp"
    local tree; tree=$(mktemp -d "$CACHE_DIR/tmp-initramfs.XXXXXX")
    mkdir -p "$tree"/{bin,dev,etc,lib/modules,www/cgi-bin}
    cp /bin/busybox "$tree/bin/busybox"
    ln -s busybox "$tree/bin/sh"
    # the kernel opens /dev/console for /init before devtmpfs is mounted
    mknod -m 600 "$tree/dev/console" c 5 1
    cp -r "$HERE/guest/." "$tree/"
    chmod 755 "$tree/init" "$tree/etc/udhcpc.script" "$tree"/www/cgi-bin/*
    cp "$kdir"/modules/*.ko "$tree/lib/modules/"
    for set in "${!MODULE_SETS[@]}"; do cp "$kdir/$set.list" "$tree/lib/modules/$set.order"; done
    (cd "$tree" && find . -mindepth 1 | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) \
        | gzip -9 >"$CACHE_DIR/initramfs.cpio.gz.tmp"
    mv "$CACHE_DIR/initramfs.cpio.gz.tmp" "$CACHE_DIR/initramfs.cpio.gz"
    rm -rf "$tree"
    cp "$kdir/vmlinuz" "$CACHE_DIR/vmlinuz"
    rm -f "$CACHE_DIR/vmlinux"
    if grep -qx 'CONFIG_PVH=y' "$kdir/config" \
        && extract_vmlinux "$kdir/vmlinuz" "$CACHE_DIR/vmlinux.tmp"; then
        mv "$CACHE_DIR/vmlinux.tmp" "$CACHE_DIR/vmlinux"
    else
        log "image: no PVH vmlinux, guests boot the slower bzImage"
    fi
    echo "$stamp" >"$CACHE_DIR/image.stamp"
    log "image: kernel $(cat "$kdir/version") ($(basename "$(boot_kernel)")), initramfs" \
        "$(du -k "$CACHE_DIR/initramfs.cpio.gz" | cut -f1) KiB, built in $(secs_since "$t0") s"
}

# The kernel guests boot: the PVH vmlinux when the image has one, else the bzImage.
boot_kernel() {
    if [[ -f $CACHE_DIR/vmlinux ]]; then echo "$CACHE_DIR/vmlinux"; else echo "$CACHE_DIR/vmlinuz"; fi
}

# --------------------------------------------------------------------------------------- up

# The lab's daemons outlive the command that started them, so they must not keep its open files: above
# all the descriptor of a `flock /run/attune-lab.lock lab.sh up` (without -o), which would keep the shared
# lab lock held, by the daemons, until someone runs `down`.
close_inherited_fds() {
    local fd
    for fd in /proc/$BASHPID/fd/*; do
        fd=${fd##*/}
        if ((fd > 2)); then eval "exec $fd>&-" 2>/dev/null || true; fi
    done
}

# Created once; every step checks first so `up` can be repeated or resume a half-made lab.
setup_network() {
    [[ -e /run/netns/$NETNS ]] || ip netns add "$NETNS"
    # remember the namespace inode: `down` finds stray processes by it even if the name is gone
    stat -L -c %i "/run/netns/$NETNS" >"$LAB_DIR/netns.inode"
    ip -n "$NETNS" link set lo up
    if ! ip -n "$NETNS" link show "$BRIDGE" >/dev/null 2>&1; then
        # fixed MAC: a bridge otherwise takes the lowest port MAC, which changes as taps come and go
        ip -n "$NETNS" link add "$BRIDGE" address "$BRIDGE_MAC" type bridge \
            stp_state 0 forward_delay 0
    fi
    local i addr
    for addr in "$BRIDGE_IP" $(for i in "${!HOSTS[@]}"; do echo "$NET.$((i + 2))"; done); do
        ip -n "$NETNS" addr replace "$addr/$PREFIX" dev "$BRIDGE"
    done
    ip -n "$NETNS" link set "$BRIDGE" up
    # no forwarding in the lab namespace: nothing leaves the guest segment
    ip netns exec "$NETNS" sysctl -qw net.ipv4.ip_forward=0
    if ! ip link show "$VETH_ROOT" >/dev/null 2>&1; then
        ip link add "$VETH_ROOT" type veth peer name "$VETH_NS" netns "$NETNS"
    fi
    ip -n "$NETNS" link set "$VETH_NS" master "$BRIDGE" up
    ip addr replace "$ROOT_IP/$PREFIX" dev "$VETH_ROOT"
    ip link set "$VETH_ROOT" up
}

start_dnsmasq() {
    local pidf=$LAB_DIR/dnsmasq.pid
    pid_alive "$pidf" && return 0
    touch "$LAB_DIR/dhcp-hosts"
    # DHCP only (--port=0: no DNS), no router option: guests get an address and nothing else
    nsenter --net="/run/netns/$NETNS" dnsmasq --conf-file=/dev/null --port=0 \
        --interface="$BRIDGE" --bind-interfaces --except-interface=lo \
        --dhcp-range="$DHCP_FIRST,$DHCP_LAST,255.255.255.0,1h" --dhcp-authoritative --no-ping \
        --dhcp-option=3 --dhcp-option=6 --dhcp-hostsfile="$LAB_DIR/dhcp-hosts" \
        --dhcp-leasefile="$LAB_DIR/dnsmasq.leases" --pid-file="$pidf" \
        --log-facility="$LAB_DIR/dnsmasq.log" --user=root --group=root
}

# cgroup mount points (v1 hierarchies and/or cgroup2), without named ones like name=systemd.
# With "lab": only those that still hold a lab subtree.
cgroup_mounts() {
    if [[ ${1:-} == lab ]]; then
        local m
        for m in $(cgroup_mounts); do [[ -d $m/attune-lab ]] && echo "$m"; done
        return 0
    fi
    awk '{ for (i = 7; i <= NF && $i != "-"; i++) {}
           if (($(i + 1) == "cgroup" || $(i + 1) == "cgroup2") && $(i + 3) !~ /name=/) print $5 }' \
        /proc/self/mountinfo
}

# Gives host $1 its own subtree <mount>/attune-lab/<host> in every cgroup hierarchy. Its libvirtd
# sees that subtree as the cgroup root (bind mount in its mount namespace), so (a) guests of two
# hosts never share a cgroup: domain ids restart at 1 in every daemon, and during a migration
# source and destination would both use machine/qemu-1-NAME; (b) a CPU quota on the subtree caps
# the whole host (cpu-limit).
setup_host_cgroups() {
    local host=$1 m dir parent c
    : >"$LAB_DIR/$host/cgroup-mounts"
    for m in $(cgroup_mounts); do
        for dir in "$m/attune-lab" "$m/attune-lab/$host"; do
            parent=${dir%/*}
            # cgroup2: children only get the controllers their parent delegates
            if [[ -f $parent/cgroup.subtree_control ]]; then
                local ctrls=()
                read -r -a ctrls <"$parent/cgroup.controllers" || true
                for c in "${ctrls[@]}"; do
                    echo "+$c" >"$parent/cgroup.subtree_control" 2>/dev/null || true
                done
            fi
            [[ -d $dir ]] || mkdir "$dir"
            # cgroup v1 cpuset: a new group has no cpus/mems and accepts no task until set
            for c in cpuset.cpus cpuset.mems; do
                if [[ -f $dir/$c && -z $(cat "$dir/$c") ]]; then cat "$parent/$c" >"$dir/$c"; fi
            done
            if [[ $dir == "$m/attune-lab" ]]; then lab_cpu_priority "$dir"; fi
        done
        echo "$m" >>"$LAB_DIR/$host/cgroup-mounts"
    done
}

# The lab's hosts emulate machines of their own: a process outside the lab (a build, another test) must not take a
# lab host's CPU, or a loaded guest looks idle and a host that should be hot is not. The lab's group therefore
# outweighs every other process on this machine (by default a cgroup weighs as much as one process), and is capped
# at 85% of the machine so that what manages the lab (Karaf, the tests, the front end) always keeps some CPU. Each
# host still gets at most its own cpu-limit quota; the hosts share equally among themselves.
lab_cpu_priority() {
    local quota=$(( $(nproc) * 85000 ))
    if [[ -f $1/cpu.shares ]]; then
        echo 262144 >"$1/cpu.shares"
        echo 100000 >"$1/cpu.cfs_period_us"
        echo "$quota" >"$1/cpu.cfs_quota_us"
    elif [[ -f $1/cpu.weight ]]; then
        echo 10000 >"$1/cpu.weight"
        echo "$quota 100000" >"$1/cpu.max"
    fi
}

# Removes the lab cgroup subtrees (bottom-up; a group just emptied can be busy for a moment).
remove_cgroups() {
    local m i
    for m in $(cgroup_mounts lab); do
        for ((i = 0; i < 20; i++)); do
            find "$m/attune-lab" -depth -type d -exec rmdir {} + 2>/dev/null || true
            [[ -d $m/attune-lab ]] || break
            sleep 0.1
        done
        [[ ! -d $m/attune-lab ]] || log "WARNING: cannot remove cgroup $m/attune-lab"
    done
}

write_host_config() {
    local host=$1 d idx ip
    d=$(host_dir "$host"); idx=$(host_index "$host"); ip=$(host_ip "$host")
    mkdir -p "$d"/{etc,run,lib,cache,log}
    cat >"$d/etc/libvirtd.conf" <<EOF
# attune lab host $host (generated by lab.sh)
unix_sock_dir = "$d"
unix_sock_group = "root"
unix_sock_ro_perms = "0770"
unix_sock_rw_perms = "0770"
auth_unix_ro = "none"
auth_unix_rw = "none"
host_uuid = "$(host_uuid "$host")"
log_outputs = "3:file:$d/libvirtd.log"
EOF
    cat >"$d/etc/virtlogd.conf" <<EOF
log_outputs = "3:file:$d/virtlogd.log"
EOF
    cat >"$d/etc/qemu.conf" <<EOF
# root/root: otherwise every libvirt call re-probes QEMU (40-70 s)
user = "root"
group = "root"
security_driver = "none"
# no per-guest /dev namespace: fewer moving parts inside our own mount namespace
namespaces = [ ]
# incoming migrations listen on this host's own bridge address and port range
migration_address = "$ip"
migration_host = "$ip"
migration_port_min = $((MIGRATION_PORT_BASE + (idx - 1) * 64))
migration_port_max = $((MIGRATION_PORT_BASE + idx * 64 - 1))
EOF
}

start_host() {
    local host=$1 d t0
    d=$(host_dir "$host")
    t0=$(now_ms)
    if host_alive "$host"; then
        log "$host: already up"
        return 0
    fi
    stop_host_daemons "$host"
    rm -rf "$d"
    write_host_config "$host"
    # Warm start: QEMU capabilities probed by another host are valid here too (same binaries).
    local other
    for other in "${HOSTS[@]}"; do
        if [[ $other != "$host" && -d $LAB_DIR/$other/cache/qemu/capabilities ]]; then
            mkdir -p "$d/cache/qemu"
            cp -r "$LAB_DIR/$other/cache/qemu/capabilities" "$d/cache/qemu/"
            break
        fi
    done
    setup_host_cgroups "$host"
    local dir
    for dir in /etc/libvirt /run/libvirt /var/lib/libvirt /var/cache/libvirt /var/log/libvirt; do
        if [[ ! -d $dir ]]; then
            mkdir -p "$dir"
            echo "$dir" >>"$LAB_DIR/created-dirs"
        fi
    done
    # nsenter --net instead of `ip netns exec`: the latter remounts /sys and so hides the
    # cgroup hierarchies libvirt needs. unshare -m gives the daemons private libvirt dirs;
    # unshare -p makes host-init.sh PID 1 of the host, so it reaps the QEMU processes
    # libvirt kills at once (this machine's real PID 1 reaps orphans only every ~2 s, and
    # libvirt waits for that on every destroy and after every migration). Killing the unshare
    # process kills the whole host (--kill-child). Signals of the caller's session are ignored.
    (
        trap '' HUP INT
        close_inherited_fds
        exec nsenter --net="/run/netns/$NETNS" unshare --mount --propagation private --pid \
            --fork --kill-child=SIGKILL --mount-proc bash "$HERE/host-init.sh" "$d" "$host"
    ) </dev/null >>"$d/init.log" 2>&1 &
    echo "$!" >"$d/host.pid"
    local deadline=$((SECONDS + 120))
    until host_alive "$host"; do
        pid_alive "$d/host.pid" || die "$host: namespace init exited, see $d/init.log"
        ((SECONDS < deadline)) || die "$host: libvirtd not answering after 120 s, see $d/libvirtd.log"
        sleep 0.2
    done
    log "$host: up in $(secs_since "$t0") s"
}

write_hosts_files() {
    local host env=$LAB_DIR/hosts.env props=$LAB_DIR/hosts.properties
    {
        echo "# attune lab hosts (generated by lab.sh up); shell-sourceable"
        echo "ATTUNE_LAB_HOSTS=\"${HOSTS[*]}\""
        for host in "${HOSTS[@]}"; do
            echo "HOST_${host}_URI='$(host_uri "$host")'"
            echo "HOST_${host}_MIGRATE_URI='$(migrate_uri "$host")'"
        done
        echo "ATTUNE_LAB_BRIDGE=$BRIDGE"
        echo "ATTUNE_LAB_NETWORK=$NET.0/$PREFIX"
        echo "ATTUNE_LAB_ROOT_IP=$ROOT_IP"
        echo "ATTUNE_LAB_DHCP_HOSTS='$LAB_DIR/dhcp-hosts'"
        echo "ATTUNE_LAB_DNSMASQ_PID='$LAB_DIR/dnsmasq.pid'"
        echo "ATTUNE_LAB_KERNEL='$(boot_kernel)'"
        echo "ATTUNE_LAB_INITRD='$CACHE_DIR/initramfs.cpio.gz'"
    } >"$env.tmp"
    {
        echo "# attune lab hosts (generated by lab.sh up); java.util.Properties"
        echo "hosts=${HOSTS[*]}"
        for host in "${HOSTS[@]}"; do
            echo "host.$host.uri=$(host_uri "$host")"
            echo "host.$host.migrateUri=$(migrate_uri "$host")"
            echo "host.$host.address=$(host_ip "$host")"
            echo "host.$host.cpuCgroup=$(host_cpu_cgroup "$host" || true)"
        done
        echo "bridge=$BRIDGE"
        echo "network=$NET.0/$PREFIX"
        echo "rootAddress=$ROOT_IP"
        echo "dhcpHostsFile=$LAB_DIR/dhcp-hosts"
        echo "dnsmasqPidFile=$LAB_DIR/dnsmasq.pid"
        echo "kernel=$(boot_kernel)"
        echo "initrd=$CACHE_DIR/initramfs.cpio.gz"
        echo "consoleDir=$LAB_DIR/guests"
    } >"$props.tmp"
    mv "$env.tmp" "$env"
    mv "$props.tmp" "$props"
}

cmd_up() {
    need_root
    command -v libvirtd >/dev/null || die "libvirtd missing: run lab.sh install"
    local t0 host; t0=$(now_ms)
    # unix socket paths are limited to 107 bytes
    ((${#LAB_DIR} <= 60)) || die "ATTUNE_LAB_DIR too long for unix socket paths (max 60 chars)"
    mkdir -p "$LAB_DIR/guests"
    # a /run/netns we create is a mount of its own (made by ip netns): `down` removes it again
    if [[ ! -d /run/netns ]]; then echo /run/netns >>"$LAB_DIR/created-dirs"; fi
    setup_network
    if [[ ${ATTUNE_LAB_DHCP:-on} != off ]]; then start_dnsmasq; fi
    for host in "${HOSTS[@]}"; do start_host "$host"; done
    write_hosts_files
    log "lab up in $(secs_since "$t0") s"
    for host in "${HOSTS[@]}"; do
        printf '%s\turi=%s\tmigrate=%s\n' "$host" "$(host_uri "$host")" "$(migrate_uri "$host")"
    done
    echo "hosts file: $LAB_DIR/hosts.env ($LAB_DIR/hosts.properties)"
}

# ------------------------------------------------------------------------------------ guest

# Stable locally administered MAC from the guest name, so DHCP reservations can be predicted.
default_mac() {
    local h; h=$(printf '%s' "$1" | md5sum)
    echo "52:54:00:${h:0:2}:${h:2:2}:${h:4:2}"
}

# Usage: guest_xml NAME IP MAC MEMORY NIC NFS NFS_OPTS
guest_xml() {
    local name=$1 ip=$2 mac=$3 mem=$4 nic=$5 nfs=$6 nfs_opts=$7 ipc cmdline
    if [[ $ip == dhcp ]]; then ipc=dhcp; else ipc="$ip/$PREFIX"; fi
    cmdline="console=ttyS0 quiet panic=-1 attune.ip=$ipc attune.hostname=$name"
    [[ -n $nfs ]] && cmdline+=" attune.nfs=$nfs"
    [[ -n $nfs_opts ]] && cmdline+=" attune.nfsopts=$nfs_opts"
    # Nothing host-specific: the same XML is valid on every lab host, before and after migration.
    cat <<EOF
<domain type='qemu'>
  <name>$name</name>
  <memory unit='MiB'>$mem</memory>
  <vcpu>1</vcpu>
  <os>
    <type arch='x86_64' machine='pc'>hvm</type>
    <kernel>$(boot_kernel)</kernel>
    <initrd>$CACHE_DIR/initramfs.cpio.gz</initrd>
    <cmdline>$cmdline</cmdline>
  </os>
  <features><acpi/></features>
  <clock offset='utc'/>
  <on_poweroff>destroy</on_poweroff>
  <on_reboot>restart</on_reboot>
  <on_crash>destroy</on_crash>
  <devices>
    <emulator>/usr/bin/qemu-system-x86_64</emulator>
    <interface type='bridge'>
      <source bridge='$BRIDGE'/>
      <mac address='$mac'/>
      <model type='$nic'/>
    </interface>
    <serial type='file'>
      <source path='$LAB_DIR/guests/$name.console.log' append='on'/>
      <target port='0'/>
    </serial>
    <controller type='usb' model='none'/>
    <memballoon model='none'/>
  </devices>
</domain>
EOF
}

# Parses NAME IP [MAC] and options shared by guest and guest-xml into the G_* globals.
parse_guest_args() {
    G_NAME=$1 G_IP=$2; shift 2
    G_MAC='' G_MEM=128 G_NIC=virtio G_NFS='' G_NFS_OPTS='' G_TRANSIENT=0 G_TIMEOUT=120
    while (($#)); do
        case $1 in
            --mac) G_MAC=${2:?--mac needs a value}; shift 2 ;;
            --memory) G_MEM=${2:?--memory needs a value}; shift 2 ;;
            --nic) G_NIC=${2:?--nic needs a value}; shift 2 ;;
            --nfs) G_NFS=${2:?--nfs needs a value}; shift 2 ;;
            --nfs-opts) G_NFS_OPTS=${2:?--nfs-opts needs a value}; shift 2 ;;
            --timeout) G_TIMEOUT=${2:?--timeout needs a value}; shift 2 ;;
            --transient) G_TRANSIENT=1; shift ;;
            -*) die "unknown option $1" ;;
            *) [[ -z $G_MAC ]] || die "unexpected argument $1"; G_MAC=$1; shift ;;
        esac
    done
    valid_name guest "$G_NAME"
    [[ $G_IP == dhcp ]] || valid_ipv4 "$G_IP" || die "invalid IP '$G_IP' (A.B.C.D or dhcp)"
    [[ -n $G_MAC ]] || G_MAC=$(default_mac "$G_NAME")
    valid_mac "$G_MAC"
    if ! [[ $G_MEM =~ ^[0-9]+$ ]] || ((G_MEM < 64 || G_MEM > 4096)); then
        die "invalid --memory '$G_MEM' (64-4096 MiB)"
    fi
    [[ $G_NIC == virtio || $G_NIC == e1000 ]] || die "invalid --nic '$G_NIC' (virtio|e1000)"
    [[ -z $G_NFS || $G_NFS =~ ^[0-9.]+:/[A-Za-z0-9_./-]*$ ]] \
        || die "invalid --nfs '$G_NFS' (SERVER_IP:/path)"
    [[ $G_NFS_OPTS =~ ^[A-Za-z0-9=,._]*$ ]] || die "invalid --nfs-opts '$G_NFS_OPTS'"
    [[ $G_TIMEOUT =~ ^[0-9]+$ ]] || die "invalid --timeout '$G_TIMEOUT'"
}

cmd_guest_xml() {
    (($# >= 2)) || die "usage: lab.sh guest-xml NAME IP|dhcp [MAC] [--memory MiB] [--nic virtio|e1000]"
    parse_guest_args "$@"
    guest_xml "$G_NAME" "$G_IP" "$G_MAC" "$G_MEM" "$G_NIC" "$G_NFS" "$G_NFS_OPTS"
}

# Prints the lab host currently running guest $1, if any.
guest_host() {
    local host
    for host in "${HOSTS[@]}"; do
        [[ -S $LAB_DIR/$host/libvirt-sock ]] || continue
        if VIRSH_TIMEOUT=20 vsh "$host" list --all --name 2>/dev/null | grep -x "$1" >/dev/null; then echo "$host"; return 0; fi
    done
    return 1
}

cmd_guest() {
    (($# >= 3)) || die "usage: lab.sh guest NAME HOST IP|dhcp [--mac MAC] [--memory MiB] ..."
    need_root
    local name=$1 host=$2; shift 2
    valid_name guest "$name"
    valid_name host "$host"
    host_index "$host" >/dev/null
    parse_guest_args "$name" "$@"
    host_alive "$host" || die "$host is not up: run lab.sh up"
    [[ -f $CACHE_DIR/vmlinuz && -f $CACHE_DIR/initramfs.cpio.gz ]] \
        || die "no guest image in $CACHE_DIR: run lab.sh image"
    local where
    if where=$(guest_host "$name"); then die "guest $name already exists on $where"; fi
    local xml=$LAB_DIR/guests/$name.xml console=$LAB_DIR/guests/$name.console.log
    mkdir -p "$LAB_DIR/guests"
    guest_xml "$G_NAME" "$G_IP" "$G_MAC" "$G_MEM" "$G_NIC" "$G_NFS" "$G_NFS_OPTS" >"$xml"
    # a stale console log would hold an old READY line
    rm -f "$console"
    local t0; t0=$(now_ms)
    if ((G_TRANSIENT)); then
        vsh "$host" create "$xml" >/dev/null
    else
        vsh "$host" define "$xml" >/dev/null
        vsh "$host" start "$name" >/dev/null
    fi
    local deadline=$((SECONDS + G_TIMEOUT)) n=0
    until grep -q '^ATTUNE-READY' "$console" 2>/dev/null; do
        if ((SECONDS >= deadline)); then
            tail -n 20 "$console" >&2 2>/dev/null || true
            die "guest $name: no ATTUNE-READY within $G_TIMEOUT s (console: $console)"
        fi
        # a crashed boot would otherwise only show as the timeout: check now and then
        if ((++n % 10 == 0)) && ! [[ $(vsh "$host" domstate "$name" 2>/dev/null) == running ]]; then
            die "guest $name stopped during boot (console: $console)"
        fi
        sleep 0.2
    done
    local ready; ready=$(grep -m1 '^ATTUNE-READY' "$console" | tr -d '\r')
    log "guest $name on $host: ${ready#ATTUNE-READY } ready in $(secs_since "$t0") s"
    echo "${ready#ATTUNE-READY }"
}

cmd_dhcp_host() {
    (($# >= 2)) || die "usage: lab.sh dhcp-host MAC IP [NAME]"
    valid_mac "$1"
    valid_ipv4 "$2" || die "invalid IP '$2'"
    local line="$1,$2"
    if (($# >= 3)); then valid_name guest "$3"; line+=",$3"; fi
    [[ -f $LAB_DIR/dhcp-hosts ]] || die "lab is not up"
    grep -qix "$line" "$LAB_DIR/dhcp-hosts" || echo "$line" >>"$LAB_DIR/dhcp-hosts"
    pid_alive "$LAB_DIR/dnsmasq.pid" && kill -HUP "$(cat "$LAB_DIR/dnsmasq.pid")"
    log "dhcp reservation $line"
}

# Directory of host $1's cgroup subtree that carries the cpu controller (v1 or v2).
host_cpu_cgroup() {
    local m
    for m in $(cgroup_mounts); do
        if [[ -f $m/attune-lab/$1/cpu.cfs_quota_us || -f $m/attune-lab/$1/cpu.max ]]; then
            echo "$m/attune-lab/$1"
            return 0
        fi
    done
    return 1
}

# Caps the CPU of all guests of a host together (emulates a smaller host): PERCENT of one core.
cmd_cpu_limit() {
    (($# == 2)) || die "usage: lab.sh cpu-limit HOST PERCENT|off   (100 = one core)"
    need_root
    valid_name host "$1"
    host_index "$1" >/dev/null
    local dir pct=$2
    dir=$(host_cpu_cgroup "$1") || die "$1 has no cpu cgroup (is the lab up?)"
    if [[ $pct == off ]]; then
        if [[ -f $dir/cpu.max ]]; then echo "max 100000" >"$dir/cpu.max"
        else echo -1 >"$dir/cpu.cfs_quota_us"; fi
        log "$1: no CPU limit"
        return 0
    fi
    if ! [[ $pct =~ ^[0-9]{1,4}$ ]] || ((10#$pct < 1)); then
        die "invalid PERCENT '$pct' (1-9999 or off)"
    fi
    pct=$((10#$pct))
    if [[ -f $dir/cpu.max ]]; then
        echo "$((pct * 1000)) 100000" >"$dir/cpu.max"
    else
        echo 100000 >"$dir/cpu.cfs_period_us"
        echo $((pct * 1000)) >"$dir/cpu.cfs_quota_us"
    fi
    log "$1: guests limited to $pct% of one core ($dir)"
}

# ------------------------------------------------------------------------------ daemon-stop/start

# The libvirtd of one host, by its pid file (an argument on its command line), as root-namespace pids.
daemon_pids() { pgrep -f -- "libvirtd -d -f /etc/libvirt/libvirtd.conf -p $(host_dir "$1")/libvirtd.pid" || true; }

# Kills one host's libvirtd (its guests keep running: QEMU does not depend on libvirtd).
cmd_daemon_stop() {
    (($# == 1)) || die "usage: lab.sh daemon-stop HOST"
    need_root
    valid_name host "$1"
    host_index "$1" >/dev/null
    local pids
    pids=$(daemon_pids "$1")
    [[ -n $pids ]] || die "$1: no libvirtd running"
    # shellcheck disable=SC2086
    kill -KILL $pids
    local deadline=$((SECONDS + 10))
    while [[ -n $(daemon_pids "$1") ]]; do
        ((SECONDS < deadline)) || die "$1: libvirtd still there 10 s after SIGKILL"
        sleep 0.1
    done
    log "$1: libvirtd killed"
}

# Starts one host's libvirtd again, inside that host's mount, PID and network namespaces.
cmd_daemon_start() {
    (($# == 1)) || die "usage: lab.sh daemon-start HOST"
    need_root
    valid_name host "$1"
    host_index "$1" >/dev/null
    local d init t0
    d=$(host_dir "$1")
    t0=$(now_ms)
    [[ -z $(daemon_pids "$1") ]] || die "$1: libvirtd is already running"
    pid_alive "$d/host.pid" || die "$1: the host is not up (lab.sh up)"
    init=$(pgrep -P "$(cat "$d/host.pid")" | head -n 1)
    [[ -n $init ]] || die "$1: no namespace init process under $(cat "$d/host.pid")"
    rm -f "$d/run/libvirtd.pid"
    (
        close_inherited_fds
        exec nsenter -t "$init" -m -p -n libvirtd -d -f /etc/libvirt/libvirtd.conf -p "$d/libvirtd.pid"
    ) </dev/null >>"$d/init.log" 2>&1
    local deadline=$((SECONDS + 60))
    until host_alive "$1"; do
        ((SECONDS < deadline)) || die "$1: libvirtd not answering 60 s after restart, see $d/init.log"
        sleep 0.2
    done
    log "$1: libvirtd back in $(secs_since "$t0") s"
}

# ----------------------------------------------------------------------------------- status

cmd_status() {
    local host any=0
    for host in "${HOSTS[@]}"; do
        if host_alive "$host"; then
            any=1
            echo "$host: up  uri=$(host_uri "$host")  migrate=$(migrate_uri "$host")"
            vsh "$host" list --all | sed 's/^/    /' || true
        else
            echo "$host: down"
        fi
    done
    if pid_alive "$LAB_DIR/dnsmasq.pid"; then echo "dhcp: dnsmasq pid $(cat "$LAB_DIR/dnsmasq.pid")"; fi
    ((any)) || return 3
}

# ------------------------------------------------------------------------------------- down

# pids that kill_pids signalled (down waits for their zombies to be reaped)
KILLED=()

# Kills pids: SIGNAL (default TERM), then KILL after a bounded wait of 5 s.
kill_pids() {
    local sig=TERM
    if [[ ${1:-} == -* ]]; then sig=${1#-}; shift; fi
    local pids=("$@") p i
    ((${#pids[@]})) || return 0
    KILLED+=("${pids[@]}")
    kill "-$sig" "${pids[@]}" 2>/dev/null || true
    for ((i = 0; i < 50; i++)); do
        local alive=()
        for p in "${pids[@]}"; do proc_alive "$p" && alive+=("$p"); done
        ((${#alive[@]})) || return 0
        pids=("${alive[@]}")
        sleep 0.1
    done
    kill -KILL "${pids[@]}" 2>/dev/null || true
}

# Ends host $1: its unshare process takes the PID namespace (libvirtd, virtlogd, QEMU) with it.
# unshare --fork ignores TERM while it waits for its child, so KILL it.
stop_host_daemons() {
    local f
    f=$(host_dir "$1")/host.pid
    if pid_alive "$f"; then kill_pids -KILL "$(cat "$f")"; fi
}

# Inode of the lab network namespace, from its name or as recorded by `up`.
lab_netns_inode() {
    if [[ -e /run/netns/$NETNS ]]; then
        stat -L -c %i "/run/netns/$NETNS"
    elif [[ -f $LAB_DIR/netns.inode ]]; then
        cat "$LAB_DIR/netns.inode"
    fi
}

# Every process in network namespace $1 (daemons, QEMU, dnsmasq).
lab_pids() {
    local inode=$1 p
    [[ -n $inode ]] || return 0
    for p in /proc/[0-9]*; do
        [[ $(stat -L -c %i "$p/ns/net" 2>/dev/null) == "$inode" ]] && echo "${p#/proc/}"
    done
    return 0
}

cmd_down() {
    need_root
    local host name t0 inode; t0=$(now_ms)
    inode=$(lab_netns_inode)
    # 1. stop guests cleanly where the daemon still answers (short timeouts: best effort)
    for host in "${HOSTS[@]}"; do
        host_alive "$host" || continue
        for name in $(VIRSH_TIMEOUT=20 vsh "$host" list --all --name 2>/dev/null || true); do
            VIRSH_TIMEOUT=20 vsh "$host" destroy "$name" >/dev/null 2>&1 || true
            VIRSH_TIMEOUT=20 vsh "$host" undefine "$name" >/dev/null 2>&1 || true
        done
    done
    # 2. kill every lab process: by pid file, then by network namespace (catches orphans)
    for host in "${HOSTS[@]}"; do stop_host_daemons "$host"; done
    local pids
    mapfile -t pids < <(lab_pids "$inode")
    kill_pids "${pids[@]}"
    # 3. links and namespace (deleting one veth end deletes the pair)
    ip link del "$VETH_ROOT" 2>/dev/null || true
    ip netns del "$NETNS" 2>/dev/null || true
    remove_cgroups
    # 4. directories the lab created outside its state dir, then the state dir
    if [[ -f $LAB_DIR/created-dirs ]]; then
        local dir
        while read -r dir; do
            if [[ $dir == /run/netns ]]; then
                [[ -z $(ls -A /run/netns 2>/dev/null) ]] || continue
                umount /run/netns 2>/dev/null || true
            fi
            rmdir "$dir" 2>/dev/null || true
        done <"$LAB_DIR/created-dirs"
    fi
    rm -rf "$LAB_DIR"
    # 5. let PID 1 reap our zombies so that no lab process shows in ps afterwards (bounded)
    local p i
    for ((i = 0; i < 40; i++)); do
        for p in "${KILLED[@]}"; do [[ -e /proc/$p ]] && break; done
        [[ -e /proc/${p:-0} ]] || break
        sleep 0.1
    done
    # 6. verify
    mapfile -t pids < <(lab_pids "$inode")
    if ((${#pids[@]})) || ip link show "$VETH_ROOT" >/dev/null 2>&1 \
        || [[ -e /run/netns/$NETNS ]] || [[ -n $(cgroup_mounts lab) ]]; then
        die "down: leftovers: pids=${pids[*]}"
    fi
    log "down in $(secs_since "$t0") s"
}

# ------------------------------------------------------------------------------------- main

usage() { sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | grep '^#' | sed 's/^# \{0,1\}//'; }

main() {
    local cmd=${1:-}
    (($#)) && shift
    case $cmd in
        install) cmd_install "$@" ;;
        image) cmd_image "$@" ;;
        up) cmd_up "$@" ;;
        guest) cmd_guest "$@" ;;
        guest-xml) cmd_guest_xml "$@" ;;
        dhcp-host) cmd_dhcp_host "$@" ;;
        cpu-limit) cmd_cpu_limit "$@" ;;
        status) cmd_status "$@" ;;
        daemon-stop) cmd_daemon_stop "$@" ;;
        daemon-start) cmd_daemon_start "$@" ;;
        down) cmd_down "$@" ;;
        help | -h | --help) usage ;;
        *) usage >&2; exit 2 ;;
    esac
}

main "$@"
