"""AUD-2: the seals' keyed hash switchable to SM3 (国密, GB/T 32905) by a setting; every
seal records its algorithm (its version), so seals of both kinds verify."""

import hmac

import pytest
from django.core.exceptions import ImproperlyConfigured
from gmssl import func, sm3

from core import integrity, rowsecurity
from core.models import Seal
from meetings.models import MinutesVersion
from tests.meetings import factories as f


def test_aud2_sm3_known_answers():
    """AUD-2: SM3 as GB/T 32905-2016 Appendix A gives it ("abc", and 64 bytes)."""
    assert integrity.sm3_digest(b"abc").hex() == (
        "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
    )
    assert integrity.sm3_digest(b"abcd" * 16).hex() == (
        "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732"
    )


class _SM3:
    """SM3 with hashlib's interface, so the standard library's HMAC (RFC 2104) can be
    the independent reference for ours."""

    digest_size = 32
    block_size = 64

    def __init__(self, data=b""):
        self._data = bytes(data)

    def update(self, data):
        self._data += bytes(data)

    def copy(self):
        return _SM3(self._data)

    def digest(self):
        return bytes.fromhex(self.hexdigest())

    def hexdigest(self):
        return sm3.sm3_hash(func.bytes_to_list(self._data))


@pytest.mark.parametrize(
    "key",
    [b"k", b"test-only-integrity-key-0123456789abcdef", b"x" * 64, b"long" * 40],
    ids=["short", "typical", "one-block", "longer-than-a-block"],
)
def test_aud2_hmac_sm3_is_rfc2104_with_a_64_byte_block(key):
    """AUD-2: HMAC-SM3 equals the standard library's HMAC driven by SM3 (B = 64), for
    keys shorter than, equal to and longer than a block."""
    message = "南岗镇 2026 年第 3 次会议纪要".encode()
    expected = hmac.new(key, message, _SM3).hexdigest()
    assert integrity.hmac_sm3(key, message) == expected
    assert integrity.hmac_sm3(key, message + b"!") != expected


@pytest.fixture
def town(db):
    return f.make_town(members=7)


def test_aud2_sm3_seals_record_their_algorithm_and_verify(town, settings):
    """AUD-2: INTEGRITY_HASH = "sm3" seals with HMAC-SM3 (version 3); the check verifies
    them and still finds a change behind the application's back."""
    settings.INTEGRITY_HASH = "sm3"
    _meeting, _item, version = f.decided_and_locked(town, text="纪要（国密）")
    seals = list(Seal.objects.filter(township_id=town.township.pk))
    assert seals and {s.version for s in seals} == {Seal.Version.KEYED_SM3}
    entry = Seal.objects.get(model="meetings.MinutesVersion", object_id=version.pk)
    assert entry.digest == integrity.hmac_sm3(
        settings.INTEGRITY_KEY.encode(),
        integrity.json.dumps(
            entry.content, sort_keys=True, ensure_ascii=False, separators=(",", ":")
        ).encode(),
    )
    report = integrity.verify()
    assert report.ok and report.seals == len(seals) and report.unkeyed == 0

    # Someone with database access but not the key rewrites the minutes and their seal.
    forged = integrity.canonical({**entry.content, "text": "改过的纪要"})
    with rowsecurity.as_owner(maintenance=True):
        MinutesVersion.objects.filter(pk=version.pk).update(  # history-ok: tampering
            text="改过的纪要"
        )
        Seal.objects.filter(pk=entry.pk).update(  # history-ok: tampering on purpose
            content=forged, digest=integrity._hash(forged, Seal.Version.UNKEYED)
        )
    kinds = {b["kind"] for b in integrity.verify().breaches}
    assert integrity.SEAL_CHANGED in kinds


def test_aud2_a_chain_switched_between_sha256_and_sm3_verifies_seal_by_seal(
    town, settings
):
    """AUD-2: a county switches to SM3 halfway: the older HMAC-SHA256 seals and the newer
    HMAC-SM3 seals chain on and all verify; a switch back does too."""
    settings.INTEGRITY_HASH = "sha256"
    f.decided_and_locked(town, text="第一次")
    settings.INTEGRITY_HASH = "sm3"
    meeting, _item, _version = f.decided_and_locked(town, text="第二次")
    versions = list(
        Seal.objects.filter(township_id=town.township.pk)
        .order_by("id")
        .values_list("version", flat=True)
    )
    assert versions[0] == Seal.Version.KEYED and versions[-1] == Seal.Version.KEYED_SM3
    assert integrity.verify().ok
    settings.INTEGRITY_HASH = "sha256"
    assert integrity.verify().ok


def test_aud2_an_unknown_hash_setting_is_refused(settings):
    """AUD-2: a misspelt INTEGRITY_HASH stops sealing instead of silently choosing."""
    settings.INTEGRITY_HASH = "md5"
    with pytest.raises(ImproperlyConfigured):
        integrity.current_version()
    settings.INTEGRITY_HASH = "SM3"
    assert integrity.current_version() == Seal.Version.KEYED_SM3
