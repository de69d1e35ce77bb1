#!/usr/bin/env python3
"""PyNaCl's side of the sealed-box interoperability test (tests/tests/suite/secrets.rs).

PyNaCl wraps libsodium, an implementation independent of the Rust `crypto_box` crate.
One JSON object on stdin, one on stdout; every byte string is standard Base64.

  version                                   -> {"version": "1.6.2"}
  keypair                                   -> {"public_key": .., "secret_key": ..}
  seal  {"public_key": .., "plaintexts": [..]} -> {"sealed": [..]}
  open  {"secret_key": .., "sealed": [..]}     -> {"plaintexts": [..]}
"""

import base64
import json
import sys

import nacl
from nacl.public import PrivateKey, PublicKey, SealedBox


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def unb64(text: str) -> bytes:
    return base64.b64decode(text, validate=True)


def main() -> None:
    command = sys.argv[1]
    if command == "version":
        out = {"version": nacl.__version__}
    elif command == "keypair":
        key = PrivateKey.generate()
        out = {"public_key": b64(bytes(key.public_key)), "secret_key": b64(bytes(key))}
    elif command == "seal":
        request = json.load(sys.stdin)
        box = SealedBox(PublicKey(unb64(request["public_key"])))
        out = {"sealed": [b64(box.encrypt(unb64(p))) for p in request["plaintexts"]]}
    elif command == "open":
        request = json.load(sys.stdin)
        box = SealedBox(PrivateKey(unb64(request["secret_key"])))
        out = {"plaintexts": [b64(box.decrypt(unb64(s))) for s in request["sealed"]]}
    else:
        sys.exit(f"unknown command {command!r}")
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
