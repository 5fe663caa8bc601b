from tests.matrix import Case, expect, public, township_readers

ENTRIES = {
    # Staff get their home, anyone else the public landing page (journey 4).
    "home": Case(expect(200, anonymous=200)),
    # County data (every period counts with it), entered by that county's reviewers only.
    "committees:holidays": Case(
        expect=expect(404, reviewer=200), kwargs=lambda world: {"pk": world.county.pk}
    ),
    "login": Case(
        public(200)
        | {
            p: 302
            for p in (
                "nobody",
                "secretary",
                "clerk",
                "member",
                "cadre",
                "finance_group",
                "outsider",
                "reviewer",
                "far_reviewer",
                "auditor",
                "system_admin",
                "security_admin",
            )
        }
    ),
    "logout": Case(public(302), method="post"),
    # SEC-2: the user's own page and the second factor's steps (every persona here has
    # a verified authenticator: tests/conftest.py).
    "account": Case(expect(200)),
    "account_verify": Case(expect(200)),
    "account_enrol": Case(expect(200)),
    "account_recovery_codes": Case(expect(200), method="post"),
    "password_change": Case(expect(200)),
    "password_change_done": Case(expect(200)),
    "set_language": Case(
        public(302), method="post", data=lambda world: {"language": "en"}
    ),
    "committees:township": Case(
        township_readers(), kwargs=lambda w: {"slug": w.own.slug}
    ),
    "committees:people": Case(
        township_readers(), kwargs=lambda w: {"slug": w.own.slug}
    ),
    "committees:rules": Case(township_readers(), kwargs=lambda w: {"slug": w.own.slug}),
    "committees:history": Case(
        expect(404, secretary=200, clerk=200, reviewer=200, auditor=200),
        kwargs=lambda w: {"model_label": "committees.township", "pk": w.own.pk},
    ),
    "committees:audit_log": Case(expect(404, auditor=200)),
    "committees:integrity_check": Case(expect(404, auditor=302), method="post"),
    # SEC-6: the administrators' trail; the auditor's reads of it.
    "committees:trail": Case(expect(404, auditor=200)),
    "committees:trail_reads": Case(expect(404, security_admin=200)),
}
