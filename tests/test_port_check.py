"""`dkg app` / `dkg demo` may start again right after a stop: a port whose last connections are in TIME-WAIT is
free, a port something listens on is not."""

from __future__ import annotations

import socket

import pytest

from diplomatic_kg.cli.app import port_free


def _listener(reuse: bool = True) -> socket.socket:
    s = socket.socket()
    if reuse:  # as tornado (Streamlit's server) sets it on its own listener
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", 0))
    s.listen()
    return s


def _time_wait_port() -> int:
    """A port whose server side closed a connection first, as a stopped dashboard leaves it: in TIME-WAIT."""
    with _listener() as server:
        port = server.getsockname()[1]
        client = socket.create_connection(("127.0.0.1", port))
        conn, _ = server.accept()
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")
        conn.close()  # the server closes first: its end of the connection goes to TIME-WAIT
        client.recv(1024)
        client.close()
    return port


def test_a_port_in_time_wait_is_free():
    port = _time_wait_port()
    with socket.socket() as plain, pytest.raises(OSError):  # the old check: a bind without SO_REUSEADDR fails
        plain.bind(("127.0.0.1", port))
    assert port_free("127.0.0.1", port)


@pytest.mark.parametrize("reuse", [True, False])
def test_a_port_something_listens_on_is_in_use(reuse):
    with _listener(reuse) as server:
        assert not port_free("127.0.0.1", server.getsockname()[1])
