#!/usr/bin/env bash
# PID 1 of one lab host: runs inside the lab network namespace and in fresh mount and PID
# namespaces (started by `lab.sh up`). Usage: host-init.sh HOST_DIR HOST
set -euo pipefail
d=$1 host=$2
# the host's own cgroup subtree and libvirt directories replace the machine's ones
while read -r m; do mount --bind "$m/attune-lab/$host" "$m"; done <"$d/cgroup-mounts"
mount --bind "$d/etc" /etc/libvirt
mount --bind "$d/run" /run/libvirt
mount --bind "$d/lib" /var/lib/libvirt
mount --bind "$d/cache" /var/cache/libvirt
mount --bind "$d/log" /var/log/libvirt
# pid files hold pids of this PID namespace: informational only
virtlogd -d -f /etc/libvirt/virtlogd.conf -p "$d/virtlogd.pid"
libvirtd -d -f /etc/libvirt/libvirtd.conf -p "$d/libvirtd.pid"
# stay PID 1: bash reaps every orphan of the namespace (QEMU after destroy) as soon as it exits
while :; do
    sleep 3600 &
    wait "$!" || true
done
