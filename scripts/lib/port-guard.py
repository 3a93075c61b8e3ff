#!/usr/bin/env python3
"""Runs a command (the test suite) while holding the local run's ports on 127.0.0.1, as ./scripts/run does.

A test that binds one of them fails to start, as it would next to the local run. A test that connects to one fails
the run too: next to the local run it would use the local run's services and data. Ports already taken (the local
run is up) stay with their owner, which holds them just as well.

usage: port-guard.py PORT... -- COMMAND...   (exits with the command's status, or 1 if a held port was contacted)
Only the standard library: it runs before anything is installed.
"""
import collections
import os
import selectors
import socket
import subprocess
import sys
import threading


def say(message):
    print(f"\033[1m[pifleet]\033[0m port guard: {message}", flush=True)


def hold(ports):
    selector = selectors.DefaultSelector()
    held, taken = [], []
    for port in sorted(set(ports)):
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        # As the local run's servers do (Vert.x, Node, GreenMail); a second bind of the port still fails.
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            listener.bind(("127.0.0.1", port))
            listener.listen(64)
        except OSError:
            listener.close()
            taken.append(port)
            continue
        selector.register(listener, selectors.EVENT_READ, port)
        held.append(port)
    return selector, held, taken


def client_of(port, peer_port):
    """The process on the other end of a connection, from /proc (Linux), e.g. 'java in services/alerting'."""
    try:
        inodes = set()
        for table in ("/proc/net/tcp", "/proc/net/tcp6"):
            with open(table) as lines:
                for line in list(lines)[1:]:
                    fields = line.split()
                    local, remote = fields[1], fields[2]
                    if int(local.rsplit(":", 1)[1], 16) == peer_port and int(remote.rsplit(":", 1)[1], 16) == port:
                        inodes.add(f"socket:[{fields[9]}]")
        for pid in filter(str.isdigit, os.listdir("/proc")):
            try:
                fds = os.listdir(f"/proc/{pid}/fd")
                if any(os.readlink(f"/proc/{pid}/fd/{fd}") in inodes for fd in fds):
                    with open(f"/proc/{pid}/cmdline", "rb") as cmdline:
                        program = os.path.basename(cmdline.read().split(b"\0")[0].decode())
                    return f"{program} (pid {pid}) in {os.readlink(f'/proc/{pid}/cwd')}"
            except OSError:
                continue
    except (OSError, ValueError, IndexError):
        pass
    return "an unknown process"


def record(selector, contacts):
    while True:
        for key, _ in selector.select():
            try:
                connection, peer = key.fileobj.accept()
            except OSError:
                continue
            who = client_of(key.data, peer[1])
            connection.close()  # at once: the client fails fast instead of waiting for an answer
            contacts.append(f"port {key.data}: a connection from {who}")


def main(argv):
    if "--" not in argv:
        sys.exit(__doc__)
    split = argv.index("--")
    ports, command = [int(port) for port in argv[:split]], argv[split + 1:]
    selector, held, taken = hold(ports)
    say(f"holding the local run's ports {' '.join(map(str, held)) or '(none)'} while the tests run")
    if taken:
        say(f"already taken (the local run?), left to their owner: {' '.join(map(str, taken))}")
    contacts = []
    threading.Thread(target=record, args=(selector, contacts), daemon=True).start()
    try:
        status = subprocess.call(command)
    except KeyboardInterrupt:
        return 130
    if contacts:
        say("tests contacted the local run's ports; a test must start what it needs on a free port (FreePort):")
        for contact, times in collections.Counter(contacts).items():
            print(f"  {contact}" + (f" ({times} times)" if times > 1 else ""), flush=True)
        return status or 1
    if status == 0 and held:
        say(f"the tests passed while {' '.join(map(str, held))} were held; none was contacted")
    elif status == 0:
        say("the tests passed next to the owners of those ports")
    else:
        say("no held port was contacted; a failure above may be a test binding one ('Address already in use')")
    return status

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
