"""The national commercial algorithms (商用密码, GB/T 39786) the platform seals with: SM4 in GCM mode
(GB/T 32907 with the GCM of GB/T 36624) and HMAC over SM3 (GB/T 32905), from OpenSSL through
`cryptography`. The tag is the last 16 bytes of a sealed value, as AES-GCM lays it out."""

from cryptography.hazmat.primitives import hashes, hmac
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

TAG_BYTES = 16


def sm4_gcm_seal(key: bytes, nonce: bytes, data: bytes, aad: bytes) -> bytes:
    encryptor = Cipher(algorithms.SM4(key), modes.GCM(nonce)).encryptor()
    encryptor.authenticate_additional_data(aad)
    return encryptor.update(data) + encryptor.finalize() + encryptor.tag


def sm4_gcm_open(key: bytes, nonce: bytes, sealed: bytes, aad: bytes) -> bytes:
    """The clear bytes; raises cryptography's InvalidTag when the key, nonce, aad or text differ."""
    body, tag = sealed[:-TAG_BYTES], sealed[-TAG_BYTES:]
    decryptor = Cipher(algorithms.SM4(key), modes.GCM(nonce, tag)).decryptor()
    decryptor.authenticate_additional_data(aad)
    return decryptor.update(body) + decryptor.finalize()


def hmac_sm3(key: bytes, message: bytes) -> bytes:
    mac = hmac.HMAC(key, hashes.SM3())
    mac.update(message)
    return mac.finalize()
