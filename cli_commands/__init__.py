"""The commands of the command line, one module per area; ``cli.py`` assembles them into the
one entry ``python cli.py …`` (DESIGN.md section 5).

``common``           the root group (a user's error: one line, exit 1), shared options, output
``questionnaires``   the question banks and scoring an answers file
``accounts``         users and enterprise access codes
``bureau``           assessment rounds and the confirmation of self-registered enterprises
``cohort``           benchmark, progress, plans, archetypes, the benchmark snapshot
``verification``     doubt flags, the verification sample, assignments to assessors
``data``             the database: init, demo cohort, import, export, backup, restore, evidence
``reports``          PDF reports and ZIP batches
``programmes``       programmes as data, enrolment, providers, impact
"""
