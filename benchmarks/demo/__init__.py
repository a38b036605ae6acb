"""The demo cohort: a reproducible synthetic cohort of enterprises and their assessments.

``generate(store, n, seed)`` fills a database with ``n`` invented enterprises of the district's
parks, industries and size classes, and their submitted assessments on every questionnaire,
so that the dashboards, reports and clusters have data that behaves like real data. Every record
it writes carries the ``synthetic`` flag.

The model (every number is an assumption of the demo, not a fact about the district; the figures
are in ``model.yaml``, each with what it assumes):

* Each enterprise has a general digital capability ``g ~ N(size + industry + park effect, 1)``
  and one propensity per latent dimension (``model.LATENT``): ``g`` plus the industry's strength in
  that dimension plus a specific term, small for most firms and large for a minority of
  "uneven" ones. Shared ``g`` makes areas correlate; industry terms make industries differ
  (finance strong in security, software in data architecture, manufacturing in equipment
  networking and production scenarios, trade and tourism weaker overall).
* DCMM: every item gets a capability on the 1-5 scale from the propensity of its area; a
  criterion of level L is met with probability ``logistic(k * (capability - L + 0.5))``, so
  higher levels are much less likely to be met and item levels come out mostly 1-3. Some
  enterprises answer in quick mode (the level they would reach, sometimes one higher).
* SME: ordered single-choice options as a binomial draw on the propensity, multiple choice as
  one draw per option (never "none" with others), bands and raw figures drawn together (the
  band value is computed from the figures), scenario levels 0-4 from the propensity of their
  latent dimension.
* CMMM (cmmm-2020): three in four manufacturers self-assess on it, on the path their industry
  suggests (brewing, pharma and food mostly process; apparel, appliances and rail equipment
  discrete); contract manufacturers mark product design not applicable, process manufacturers
  often product service. Sub-domain capability on the level scale from the general capability,
  the size class and a planted shape (``cmmm.shapes``); requirements answered 0 / 0.5 / 0.8 / 1
  from it, or, for two in five, quick mode (the level the detailed answers would reach, sometimes
  one higher, with the check question). Levels come out near the national self-diagnosis
  (about 69 % at level 1 or below, 15 % at 2, 7 % at 3, 9 % at 4 and above).
* Rounds: about a third of the enterprises are assessed in 2024 and 2025. In 2025 the
  propensities shift by a per-firm progress term (mostly positive, sometimes negative), and the
  random numbers behind each answer are mostly reused, so a second round reads as progress,
  not as a fresh draw. A firm assessed on dcmm-2018 in 2024 re-assesses on dcmm-2025.

Only ``numpy.random.Generator(seed)`` is used and every timestamp is drawn from it, so the same
``n`` and ``seed`` give the same table contents (except the audit log, and the write times that
``assessment`` stamps itself: enterprises' created/updated and results' scored_at).

The package: ``model`` (the figures of ``model.yaml``, checked once), ``identities`` (parks,
industries, sizes, names, credit codes, contacts), one answer simulator per kind of bank
(``dcmm``, ``sme``, ``cmmm``), ``generation`` (the cohort, its plan of assessments and the
writes) and ``programme`` (the example programme planted after the cohort).
"""

from benchmarks.demo.generation import (
    CHUNK,
    MAX_ENTERPRISES,
    QUESTIONNAIRES,
    ROUNDS,
    DemoError,
    DemoSummary,
    generate,
    generate_and_fit,
)

__all__ = [
    "CHUNK",
    "MAX_ENTERPRISES",
    "QUESTIONNAIRES",
    "ROUNDS",
    "DemoError",
    "DemoSummary",
    "generate",
    "generate_and_fit",
]
