"""Import of assessments from Excel (``.xlsx``) or CSV, one row per assessment (issue 3, point 5),
and the Excel template to fill in.

All or nothing: the whole file is read and every row checked fully (profile, questionnaire,
round, every answer, completeness) before anything is written; every problem of every row is
collected as ``ImportProblem(row, column, zh, en)``. Only a file without problems is written, in
one ``BEGIN IMMEDIATE`` transaction: a crash or a kill in the middle leaves nothing of it behind.

Reading rules (where the issue is silent, these are our choices):

* Row 1 is the header of column ids. Row 2 is skipped when it is the template's row of Chinese
  labels (its ``credit_code`` cell reads 统一社会信用代码). Rows are numbered as the spreadsheet
  shows them; fully empty rows are skipped silently.
* Columns: ``credit_code, name, park, industry, size, questionnaire, round`` are required; the
  other profile fields (``employees``, ``revenue``, ``region``, ``contact_*``) may be given; one
  column per question id. DCMM: an item's quick-mode level (1-5 or 不确定) or each of its
  criteria (1/0, 是/否, TRUE/FALSE). CMMM: ``path`` (discrete / process, or the path's name),
  then a sub-domain's quick-mode level (0-5, 不确定, or 不适用 where the bank allows it) or each
  of its requirements (1 / 0.8 / 0.5 / 0, or 全部满足 / 大部分满足 / 部分满足 / 不满足, full /
  mostly / partly / none). Both: ``<item>.check`` (1/0) beside a level of 3 or more. The
  columns an export writes are accepted too, so that an export can be imported again:
  ``version`` (the questionnaire version the row was answered on) and ``synthetic`` are used;
  ``status``, ``source``, ``overall_*`` and area / dimension / domain scores are ignored
  (scores are recomputed). Any other column is a problem.
* Excel: the sheet named ``assessments`` (the template's) if there is one, else the first sheet.
  Another sheet that holds data is a problem (its rows would be silently lost); empty extra
  sheets are ignored with a warning. Formula cells, error cells and merged cells are problems
  naming the cell. A text cell that an export neutralised against formula injection (a leading
  ``'``, ``assessment.neutralise``) is read without the apostrophe. The file is refused as a
  whole past the caps of ``assessment.xlsx_reader`` (columns, rows, cells), before the rest of
  it is read.
* CSV: UTF-8 (with or without BOM), else GB18030 (a superset of the GBK that Excel writes in
  China); refused past the same row and column caps.
* An existing enterprise (matched by credit code) keeps the fields the file leaves empty and
  takes the values the file gives.
* Every imported assessment is a new submitted assessment with source ``import`` (or
  ``onsite`` for the bureau's on-site ratings); if the enterprise already had one for that
  questionnaire, round and source, the imported one becomes the current one.

The modules, by concern:

* ``assessment.sheet_columns``: the column vocabulary, shared with the export and the template;
* ``reading``: the file's type and encoding, the sheet's rows, the caps and the file's own problems;
* ``cells``: how a cell becomes an answer value;
* ``rows`` and ``completeness``: the checks of the header and of every row;
* ``merge``: the rows' profiles merged with the stored enterprises;
* ``transaction``: ``import_file``, all or nothing, audited;
* ``template``: the Excel template (bytes);
* ``problems``: what an import reports and the errors that stop it.

``assessment.importer`` gathers the names other modules use.
"""
