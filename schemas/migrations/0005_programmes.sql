-- gongwen archive schema, version 5: programmes and years, comparable parts,
-- re-issued notices, and the original files (issue 7).
--
-- documents.year (0001) is now set by the programme stage (pipeline/programme.h):
-- the 年度 in the title, else the period the document covers, else its date;
-- year_source says which.

ALTER TABLE documents ADD COLUMN programme TEXT;        -- 省科技成果转化专项资金
ALTER TABLE documents ADD COLUMN programme_part TEXT;   -- 创新型产业集群培育试点, NULL for the whole programme
ALTER TABLE documents ADD COLUMN year_source TEXT;      -- title | period | date
ALTER TABLE documents ADD COLUMN period_start INTEGER;  -- the years a plan covers (“十四五” → 2021–2025)
ALTER TABLE documents ADD COLUMN period_end INTEGER;
-- A corrected or re-issued notice (same 文号, or 更正 in the title) names the one it replaces.
ALTER TABLE documents ADD COLUMN replaces INTEGER REFERENCES documents(id) ON DELETE SET NULL;

-- What can be compared across years: the document itself (attachment 0) when it
-- belongs to a programme, and each attachment that is itself a programme's
-- guideline (the 2023 notice's 附件3 is the cluster-pilot guideline).
CREATE TABLE programme_parts (
  id          INTEGER PRIMARY KEY,
  doc_id      INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  attachment  INTEGER NOT NULL,              -- 0 the whole document, n 附件n
  programme   TEXT NOT NULL,
  part        TEXT,                          -- NULL: the whole programme
  year        INTEGER,
  title       TEXT NOT NULL,
  char_start  INTEGER NOT NULL,
  char_end    INTEGER NOT NULL,
  page        INTEGER,
  UNIQUE (doc_id, attachment)
);
CREATE INDEX programme_parts_programme ON programme_parts(programme, part, year);

-- The rules of an attachment part as the part states them. The rules table lists
-- a rule restated in an attachment once, for the document; a part compared on
-- its own needs its own statement of every rule.
CREATE TABLE part_rules (
  part_id     INTEGER NOT NULL REFERENCES programme_parts(id) ON DELETE CASCADE,
  kind        TEXT NOT NULL,
  subject     TEXT,
  category    TEXT,
  op          TEXT,
  value       REAL,
  value2      REAL,
  unit        TEXT,
  qualifier   TEXT,
  text        TEXT NOT NULL,
  char_start  INTEGER NOT NULL,
  char_end    INTEGER NOT NULL,
  page        INTEGER
);
CREATE INDEX part_rules_part ON part_rules(part_id);

-- The file as it came in (`ingest --keep-originals`), compressed, so that an
-- archive is one self-contained file: `gongwen get DOC` gives it back byte for byte.
CREATE TABLE originals (
  doc_id      INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
  size_bytes  INTEGER NOT NULL,              -- uncompressed
  compression TEXT NOT NULL,                 -- zlib
  data        BLOB NOT NULL
);
