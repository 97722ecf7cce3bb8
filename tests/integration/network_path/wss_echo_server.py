#!/usr/bin/env python3
"""Test peer for the network path probes: HTTPS (any GET -> 200) and a
WebSocket echo (RFC 6455) on one TLS port, plain HTTP on another. Prints
"PLAIN <n>" and "PORT <n>" (TLS) when ready.
Stdlib only; loopback only."""
import argparse, asyncio, base64, hashlib, ssl, struct, sys

GUID = b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11"


async def read_frame(reader):
    b0, b1 = await reader.readexactly(2)
    n = b1 & 0x7F
    if n == 126:
        n = struct.unpack("!H", await reader.readexactly(2))[0]
    elif n == 127:
        n = struct.unpack("!Q", await reader.readexactly(8))[0]
    mask = await reader.readexactly(4) if b1 & 0x80 else b"\0\0\0\0"
    data = bytes(c ^ mask[i % 4] for i, c in enumerate(await reader.readexactly(n)))
    return b0 & 0x0F, data


def frame(opcode, data):
    head = bytes([0x80 | opcode])
    if len(data) < 126:
        head += bytes([len(data)])
    else:
        head += bytes([126]) + struct.pack("!H", len(data))
    return head + data


async def handle(reader, writer):
    try:
        head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 10)
        lines = head.decode("latin1").split("\r\n")
        headers = {k.strip().lower(): v.strip() for k, _, v in (l.partition(":") for l in lines[1:] if l)}
        if headers.get("upgrade", "").lower() != "websocket":
            body = b"minspec test endpoint\n"
            writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\nConnection: close\r\n\r\n" % len(body) + body)
            await writer.drain()
            return
        accept = base64.b64encode(hashlib.sha1(headers["sec-websocket-key"].encode() + GUID).digest())
        writer.write(b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                     b"Sec-WebSocket-Accept: " + accept + b"\r\n\r\n")
        await writer.drain()
        while True:
            opcode, data = await asyncio.wait_for(read_frame(reader), 10)
            if opcode == 8:
                writer.write(frame(8, b""))
                break
            if opcode in (1, 2):
                writer.write(frame(opcode, data))
            elif opcode == 9:
                writer.write(frame(10, data))
            await writer.drain()
    except Exception:
        pass
    finally:
        writer.close()


async def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cert", required=True)
    ap.add_argument("--key", required=True)
    ap.add_argument("--host", default="127.0.0.1")
    args = ap.parse_args()
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(args.cert, args.key)
    server = await asyncio.start_server(handle, args.host, 0, ssl=ctx)
    plain = await asyncio.start_server(handle, args.host, 0)  # http:// (the "port 80" leg)
    print("PLAIN %d" % plain.sockets[0].getsockname()[1], flush=True)
    print("PORT %d" % server.sockets[0].getsockname()[1], flush=True)
    async with server, plain:
        await asyncio.gather(server.serve_forever(), plain.serve_forever())


if __name__ == "__main__":
    asyncio.run(main())
