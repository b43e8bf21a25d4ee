#!/usr/bin/env bash
# Boot figures of a provisioned guest without libvirt and without the shared lab: Attune's DHCP and NFS
# provisioners (their real classes, through jshell: supervised dnsmasq + nfs-ganesha) in a network namespace of
# this script's own, and the lab's tiny guest image under raw QEMU (TCG) with the kernel command line the guest
# lifecycle generates. Prints QEMU start -> DHCP lease / NFS mounted / READY, then kills ganesha and dnsmasq and
# prints how long until the running guest writes to its export again, and boots once more (same address).
#
#   itests/lab/lab.sh image && ./mvnw -q -o -pl bundles/org.attune.provision.dhcp,bundles/org.attune.provision.nfs -am install -DskipTests
#   itests/lab/provision-boot.sh [BOOTS]      (root; namespace attune-pboot, 10.98.0.0/24; removes everything after)
set -euo pipefail
BOOTS=${1:-2}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
CACHE=${ATTUNE_LAB_CACHE:-/var/cache/attune-lab}
NS=attune-pboot
W=$(mktemp -d /tmp/attune-pboot.XXXXXX)
MAC=52:54:00:98:00:01
IP=10.98.0.100
now_ms() { date +%s%3N; }
cleanup() {
    [[ -f $W/qemu.pid ]] && kill "$(cat "$W/qemu.pid")" 2>/dev/null || true
    touch "$W/stop"
    for _ in $(seq 1 100); do [[ -f $W/stopped ]] && break; sleep 0.1; done
    ip netns del "$NS" 2>/dev/null || true
    rm -rf "$W"
}
trap cleanup EXIT
[[ -f $CACHE/initramfs.cpio.gz ]] || { echo "no guest image: run itests/lab/lab.sh image" >&2; exit 1; }
KERNEL=$CACHE/vmlinux; [[ -f $KERNEL ]] || KERNEL=$CACHE/vmlinuz
command -v ganesha.nfsd >/dev/null || apt-get install -y -qq nfs-ganesha nfs-ganesha-vfs dbus >/dev/null
mkdir -p "$W/template"; echo "template file" >"$W/template/README"; chmod -R a+rX "$W"
ip netns add "$NS"
ip -n "$NS" link set lo up
ip -n "$NS" link add br0 type bridge
ip -n "$NS" addr add 10.98.0.1/24 dev br0
ip -n "$NS" link set br0 up
ip -n "$NS" tuntap add dev tap0 mode tap
ip -n "$NS" link set tap0 master br0 up
R=${MAVEN_REPO:-$HOME/.m2/repository}; B=$ROOT/bundles
CP=$B/org.attune.api/target/classes:$B/org.attune.process/target/classes:$B/org.attune.provision.dhcp/target/classes:$B/org.attune.provision.nfs/target/classes
CP=$CP:$R/org/slf4j/slf4j-api/1.7.36/slf4j-api-1.7.36.jar:$R/org/slf4j/slf4j-simple/1.7.36/slf4j-simple-1.7.36.jar
cat >"$W/run.jsh" <<JSH
import org.attune.provision.dhcp.*;
import org.attune.provision.nfs.*;
import org.attune.api.*;
import java.nio.file.*;
import java.util.*;
var w = Path.of("$W");
var dhcp = StandaloneDhcpProvisioner.start(DhcpSettings.supervised("10.98.0.100", "10.98.0.149", "br0", "$NS", w.resolve("dhcp")));
var nfs = StandaloneNfsProvisioner.start(NfsSettings.supervised(w.resolve("guests"), w.resolve("template"), "10.98.0.1", "$NS", w.resolve("nfs")));
for (int i = 0; i < 200 && !nfs.ready(); i++) Thread.sleep(100);
var facts = new HashMap<String, String>(dhcp.provisionWithFacts(new Guest("", "pb1", 1, 128, "$MAC", "", Map.of(), GuestState.STOPPED)));
facts.putAll(nfs.provisionWithFacts(new Guest("", "pb1", 1, 128, "$MAC", "", facts, GuestState.STOPPED)));
Files.writeString(w.resolve("up"), facts.toString());
while (!Files.exists(w.resolve("stop"))) Thread.sleep(200);
nfs.deprovision(new Guest("", "pb1", 1, 128, "$MAC", "", facts, GuestState.STOPPED), true);
dhcp.deprovision(new Guest("", "pb1", 1, 128, "$MAC", "", facts, GuestState.STOPPED), true);
nfs.close(); dhcp.close();
Files.writeString(w.resolve("stopped"), "");
/exit
JSH
jshell --class-path "$CP" "$W/run.jsh" >"$W/jshell.log" 2>&1 &
for _ in $(seq 1 120); do [[ -f $W/up ]] && break; sleep 0.5; done
[[ -f $W/up ]] || { cat "$W/jshell.log" >&2; exit 1; }
echo "provisioned: $(cat "$W/up")"
boot() {
    rm -f "$W/console.log"
    local t0 now dh=0 nfs=0 ready=0
    t0=$(now_ms)
    ip netns exec "$NS" qemu-system-x86_64 -accel tcg -m 128 -smp 1 -no-reboot -display none -monitor none \
        -kernel "$KERNEL" -initrd "$CACHE/initramfs.cpio.gz" \
        -append "console=ttyS0 quiet panic=-1 attune.ip=dhcp attune.hostname=pb1 attune.nfs=10.98.0.1:/attune/pb1" \
        -netdev tap,id=n0,ifname=tap0,script=no,downscript=no -device virtio-net-pci,netdev=n0,mac=$MAC \
        -serial "file:$W/console.log" -pidfile "$W/qemu.pid" -daemonize
    for _ in $(seq 1 1200); do
        now=$(now_ms)
        ((dh)) || ! grep -aq 'lease of' "$W/console.log" 2>/dev/null || dh=$((now - t0))
        ((nfs)) || ! grep -aq 'ATTUNE-NFS ok' "$W/console.log" 2>/dev/null || nfs=$((now - t0))
        if grep -aq 'ATTUNE-READY' "$W/console.log" 2>/dev/null; then ready=$((now - t0)); break; fi
        sleep 0.05
    done
    echo "boot: QEMU start -> DHCP lease ${dh} ms, -> NFS mounted ${nfs} ms, -> READY ${ready} ms ($(grep -a 'lease of\|ATTUNE-READY' "$W/console.log" | tr -d '\r' | tr '\n' ' '))"
}
boot
ip netns exec "$NS" curl -s -m 5 "http://$IP/cgi-bin/data?write=first" | grep wrote
t0=$(now_ms)
kill -KILL "$(cat "$W/nfs/ganesha.pid")" "$(cat "$W/dhcp/dnsmasq.pid")"
for _ in $(seq 1 240); do
    ip netns exec "$NS" curl -s -m 3 "http://$IP/cgi-bin/data?write=second" | grep -q wrote && break
    sleep 0.5
done
echo "ganesha + dnsmasq SIGKILLed: guest writes to its export again after $(($(now_ms) - t0)) ms"
ls "$W/guests/pb1"
for ((i = 2; i <= BOOTS; i++)); do
    kill "$(cat "$W/qemu.pid")"; sleep 1
    boot
done
