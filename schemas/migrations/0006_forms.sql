-- gongwen archive schema, version 6: filled application forms (issue 6).
--
-- A document recognized as a filled form (extractors/forms_extract.h) has one
-- row in forms naming its template (schemas/forms/<template>.tsv); a form of
-- no known template has template NULL and an unknown_template finding. Every
-- value keeps the text it was read from and where: page (NULL for .docx),
-- box as JSON [x0, y0, x1, y1] in PDF points from the top left (as in 0004),
-- the cell's table/row/column, and a confidence in 0..1.

CREATE TABLE forms (
  id          INTEGER PRIMARY KEY,
  doc_id      INTEGER NOT NULL UNIQUE REFERENCES documents(id) ON DELETE CASCADE,
  template    TEXT,                -- cluster_pilot_2021; NULL: no known template
  score       REAL NOT NULL        -- share of the template's labels found
);
CREATE INDEX forms_template ON forms(template);

-- One row per entry of a repeated row group (上游/中游/下游 companies) or block (项目1, 项目2 …).
CREATE TABLE form_rows (
  id          INTEGER PRIMARY KEY,
  form_id     INTEGER NOT NULL REFERENCES forms(id) ON DELETE CASCADE,
  grp         TEXT NOT NULL,       -- the group's name in the template: chain, project
  seq         INTEGER NOT NULL,    -- 1-based, in print order
  UNIQUE (form_id, grp, seq)
);

CREATE TABLE form_fields (
  form_id     INTEGER NOT NULL REFERENCES forms(id) ON DELETE CASCADE,
  row_id      INTEGER REFERENCES form_rows(id) ON DELETE CASCADE,  -- NULL: a field of the form itself
  name        TEXT NOT NULL,       -- the field's name in the template
  value       TEXT,                -- normalized: CNY, a fraction, ISO date, ticked options joined by 、
  raw         TEXT,                -- as written
  number      REAL,                -- the value as a number, for numeric fields
  page        INTEGER,
  box         TEXT,
  cell_table  INTEGER,             -- the cell read: table (-1 a paragraph), row, column, 0-based
  cell_row    INTEGER,
  cell_col    INTEGER,
  confidence  REAL
);
CREATE INDEX form_fields_form ON form_fields(form_id, row_id);

CREATE TABLE form_findings (
  form_id     INTEGER NOT NULL REFERENCES forms(id) ON DELETE CASCADE,
  seq         INTEGER NOT NULL,
  kind        TEXT NOT NULL,       -- required_empty | label_missing | no_choice | several_choices |
                                   -- not_a_number | bad_phone | bad_email | bad_date | bad_postcode |
                                   -- too_long | unknown_template
  field       TEXT,                -- name, or group[row].name
  message     TEXT NOT NULL
);
