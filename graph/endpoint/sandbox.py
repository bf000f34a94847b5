"""Limits a query worker puts on itself before it runs anyone's SPARQL: no network, bounded memory.

Refusing ``SERVICE`` by reading the query text is a race against the grammar (escapes in prefixed names,
``\\u`` escapes in IRIs, comments): a text scan can be fooled, and the engine then fetches the URL. So a
worker that runs user-written queries on the embedded store takes the network away from itself: a
seccomp filter (Linux) makes every ``socket()`` call other than a local Unix socket fail with EACCES, in
all of the process's threads and in any thread started later. Whatever the engine parses, it cannot open
a connection. The worker's memory is capped too (``RLIMIT_DATA``), so a runaway join ends that worker,
not the machine.

Both are one-way: a process cannot lift them again, which is why they are only ever applied in worker
processes, never in the CLI or the app themselves.
"""

from __future__ import annotations

import ctypes
import errno
import os
import platform
import resource
import sys

from graph.errors import SandboxError

__all__ = ["SandboxError", "forbid_network", "limit_memory", "network_forbidding_supported"]




# BPF opcodes (linux/filter.h) and seccomp constants (linux/seccomp.h, linux/audit.h)
_LD_W_ABS = 0x20
_JEQ_K = 0x15
_JGE_K = 0x35
_RET_K = 0x06
_RET_ALLOW = 0x7FFF0000
_RET_ERRNO = 0x00050000
_PR_SET_NO_NEW_PRIVS = 38
_SECCOMP_SET_MODE_FILTER = 1
_SECCOMP_FILTER_FLAG_TSYNC = 1
_AF_UNIX = 1
_X32_SYSCALL_BIT = 0x40000000
_IO_URING_SETUP = 425  # the same number on both architectures; io_uring can open sockets by itself

# machine -> (AUDIT_ARCH_*, __NR_seccomp, __NR_socket)
_ARCH = {
    "x86_64": (0xC000003E, 317, 41),
    "aarch64": (0xC00000B7, 277, 198),
}


class _Filter(ctypes.Structure):
    _fields_ = [("code", ctypes.c_ushort), ("jt", ctypes.c_ubyte), ("jf", ctypes.c_ubyte), ("k", ctypes.c_uint)]


class _Program(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.POINTER(_Filter))]


def network_forbidding_supported() -> bool:
    """True where :func:`forbid_network` can work (Linux on x86_64 or aarch64)."""
    return sys.platform == "linux" and platform.machine() in _ARCH


def _program(arch: int, nr_socket: int) -> list[tuple[int, int, int, int]]:
    deny, allow = 9, 8  # indexes of the two returns below; jumps are counted from the next instruction
    return [
        (_LD_W_ABS, 0, 0, 4),  # 0: seccomp_data.arch
        (_JEQ_K, 0, deny - 2, arch),  # 1: a foreign ABI (32-bit calls) gets nothing
        (_LD_W_ABS, 0, 0, 0),  # 2: seccomp_data.nr
        (_JGE_K, deny - 4, 0, _X32_SYSCALL_BIT),  # 3: the x32 ABI's numbers
        (_JEQ_K, deny - 5, 0, _IO_URING_SETUP),  # 4
        (_JEQ_K, 0, allow - 6, nr_socket),  # 5: any other call is allowed
        (_LD_W_ABS, 0, 0, 16),  # 6: socket()'s first argument, the address family (low word)
        (_JEQ_K, 0, 1, _AF_UNIX),  # 7: a Unix socket (our own pipes) is allowed
        (_RET_K, 0, 0, _RET_ALLOW),  # 8
        (_RET_K, 0, 0, _RET_ERRNO | errno.EACCES),  # 9
    ]


def forbid_network() -> None:
    """From now on no thread of this process can open a network socket (``socket()`` fails with EACCES).

    Raises :class:`SandboxError` where that cannot be done (see :func:`network_forbidding_supported`).

    >>> import socket, multiprocessing as mp                  # doctest: +SKIP
    >>> forbid_network(); socket.socket(socket.AF_INET)        # doctest: +SKIP
    Traceback (most recent call last):
    PermissionError: [Errno 13] Permission denied
    """
    if not network_forbidding_supported():
        raise SandboxError(f"cannot forbid network access on {sys.platform}/{platform.machine()}")
    arch, nr_seccomp, nr_socket = _ARCH[platform.machine()]
    code = _program(arch, nr_socket)
    filters = (_Filter * len(code))(*[_Filter(*c) for c in code])
    prog = _Program(len(code), filters)
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        raise SandboxError(ctypes.get_errno(), "prctl(PR_SET_NO_NEW_PRIVS) failed")
    # seccomp(2) with TSYNC rather than prctl: the filter then holds in every thread already running too
    if libc.syscall(nr_seccomp, _SECCOMP_SET_MODE_FILTER, _SECCOMP_FILTER_FLAG_TSYNC, ctypes.byref(prog)) != 0:
        err = ctypes.get_errno()
        raise SandboxError(err, f"seccomp filter refused: {os.strerror(err)}")


def limit_memory(max_bytes: int) -> None:
    """Cap this process's data segment (heap and private mappings) at ``max_bytes``.

    An allocation past it fails, which ends a query worker (Rust aborts on a failed allocation); its
    parent reports the query and starts another worker.
    """
    soft, hard = resource.getrlimit(resource.RLIMIT_DATA)
    if hard != resource.RLIM_INFINITY:
        max_bytes = min(max_bytes, hard)
    try:
        resource.setrlimit(resource.RLIMIT_DATA, (max_bytes, hard))
    except (ValueError, OSError) as e:
        raise SandboxError(f"cannot cap memory at {max_bytes:,} bytes: {e}") from None
