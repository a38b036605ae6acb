"""Programmes that run on the results: who qualifies (免申即享), who is served by which provider,
and (in ``benchmarks.programme_impact``) whether it changed anything.

* ``model`` — the programme document's schema and loader (``ProgrammeError`` problem lines);
* ``versions`` — activated versions in the store (administrators; old versions kept);
* ``eligibility`` — the rules evaluated over the enterprises, eligible and almost eligible;
* ``enrolment`` — the bureau's providers and the enrolment of enterprises.
"""

from assessment.programmes.model import Programme, ProgrammeError, load_bytes, load_file, parse

__all__ = ["Programme", "ProgrammeError", "load_bytes", "load_file", "parse"]
