#!/usr/bin/env python3
"""Runs a command with stdin and stderr on a pseudo-terminal and stdout on a pipe, answering prompts.

Input (JSON on stdin): {"argv": [...], "env": {...}, "steps": [{"expect": "text", "send": "answer\\r"}], "timeout": 60}
Output (JSON on stdout): {"code": N, "terminal": "what the terminal showed", "stdout": "what went to stdout", "unmet": "expect text or null"}
"""
import fcntl, json, os, pty, select, struct, subprocess, sys, termios, time

spec = json.load(sys.stdin)
master, slave = pty.openpty()
# A real terminal has a size; spinners and prompts lay out by it.
fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack('HHHH', 24, 120, 0, 0))
proc = subprocess.Popen(spec["argv"], stdin=slave, stderr=slave, stdout=subprocess.PIPE, env=spec["env"], close_fds=True)
os.close(slave)
terminal, stdout = b"", b""
steps = list(spec.get("steps", []))
deadline = time.time() + spec.get("timeout", 60)
unmet = None
open_fds = {master, proc.stdout.fileno()}
while open_fds and time.time() < deadline:
    ready, _, _ = select.select(list(open_fds), [], [], 0.1)
    for fd in ready:
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            chunk = b""
        if not chunk:
            open_fds.discard(fd)
            continue
        if fd == master:
            terminal += chunk
        else:
            stdout += chunk
    # Strip ANSI so prompts are matched on their words.
    plain = terminal.decode("utf8", "replace")
    if steps and steps[0]["expect"] in plain:
        os.write(master, steps.pop(0)["send"].encode())
        terminal += b"\n<<answered>>\n"
    if proc.poll() is not None and not ready:
        break
if steps:
    unmet = steps[0]["expect"]
try:
    code = proc.wait(timeout=max(1, deadline - time.time()))
except subprocess.TimeoutExpired:
    proc.kill()
    code = -9
rest = proc.stdout.read() if proc.stdout else b""
json.dump({"code": code, "terminal": terminal.decode("utf8", "replace"), "stdout": (stdout + rest).decode("utf8", "replace"), "unmet": unmet}, sys.stdout)
