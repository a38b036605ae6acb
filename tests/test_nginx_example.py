"""The nginx example serves the app only behind TLS (issue 10, point 18): HTTP redirects, HTTPS
with the district's certificate, HSTS and security headers. Read as text here (the machine
running the tests has no nginx); README → Security says how it was checked with `nginx -t`."""

from __future__ import annotations

import re
from pathlib import Path

CONF = (Path(__file__).resolve().parents[1] / "deploy" / "nginx-assessment.conf").read_text(encoding="utf-8")


def servers() -> list[str]:
    """The text of each top-level ``server { ... }`` block (comments removed)."""
    text = "\n".join(line.split("#", 1)[0] for line in CONF.splitlines())
    blocks, depth, start = [], 0, None
    for m in re.finditer(r"server\s*\{|\{|\}", text):
        if m.group().startswith("server") and depth == 0:
            start = m.start()
        depth += 1 if m.group().endswith("{") else -1
        if depth == 0 and start is not None:
            blocks.append(text[start : m.end()])
            start = None
    return blocks


def test_plain_http_only_redirects_to_https():
    plain = [s for s in servers() if re.search(r"listen\s+80;", s)]
    assert len(plain) == 1
    assert "return 301 https://$host$request_uri;" in plain[0] and "proxy_pass" not in plain[0]


def test_https_with_the_certificate_hsts_and_security_headers():
    (tls,) = [s for s in servers() if re.search(r"listen\s+443\s+ssl", s)]
    assert "ssl_certificate     /etc/ssl/certs/assessment.pem;" in tls
    assert "ssl_certificate_key /etc/ssl/private/assessment.key;" in tls
    assert re.search(r"ssl_protocols TLSv1\.2 TLSv1\.3;", tls)
    headers = dict(re.findall(r'add_header\s+([\w-]+)\s+"([^"]*)"\s+always;', tls))
    assert int(re.search(r"max-age=(\d+)", headers["Strict-Transport-Security"]).group(1)) >= 31536000
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "SAMEORIGIN" and headers["Referrer-Policy"]
    csp = dict(d.strip().split(" ", 1) for d in headers["Content-Security-Policy"].split(";"))
    assert csp["default-src"] == "'self'" and csp["frame-ancestors"] == "'self'" and csp["object-src"] == "'none'"
    assert all("http" not in v and "*" not in v for v in csp.values()), "no other origin"
    assert "proxy_pass http://assessment_app;" in tls and "proxy_set_header Upgrade $http_upgrade;" in tls
    # no location sets its own add_header: it would drop every header of the server
    assert tls.count("add_header") == len(headers)
    assert not re.search(r"location[^{]*\{[^}]*add_header", tls)
