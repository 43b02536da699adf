-- gongwen archive schema, version 1.
-- Every record carries provenance: doc_id, char_start/char_end (Unicode code
-- point offsets into documents.text, half-open), and page (1-based, NULL when
-- the source does not say). substr(d.text, char_start + 1, char_end - char_start)
-- gives the span's text.

CREATE TABLE documents (
  id             INTEGER PRIMARY KEY,
  sha256         TEXT NOT NULL UNIQUE,       -- of the raw bytes
  file_name      TEXT NOT NULL,
  path           TEXT NOT NULL,              -- as given at ingest
  size_bytes     INTEGER NOT NULL,
  media_type     TEXT NOT NULL,              -- text/plain, text/markdown, application/pdf …
  charset        TEXT,                       -- UTF-8, GB18030 …
  ingested_at    TEXT NOT NULL,              -- ISO 8601 UTC
  title          TEXT,                       -- 标题
  doc_type       TEXT,                       -- 文种: 通知, 意见, 规划 …
  doc_number     TEXT,                       -- 发文字号, brackets normalized to 〔〕
  doc_number_agency TEXT,                    -- 机关代字: 苏科高发
  doc_number_year   INTEGER,
  doc_number_serial INTEGER,
  date           TEXT,                       -- 成文日期 YYYY-MM-DD
  year           INTEGER,                    -- 年度: from the title, else the date
  forwarded_title TEXT,                      -- the document it 印发/转发
  recipients     TEXT,                       -- 主送机关
  note           TEXT,                       -- 附注: （此件主动公开）
  cc             TEXT,                       -- 抄送机关
  printer        TEXT,                       -- 印发机关
  print_date     TEXT,                       -- 印发日期 YYYY-MM-DD
  page_count     INTEGER NOT NULL DEFAULT 0,
  original       TEXT NOT NULL,              -- input decoded to UTF-8
  text           TEXT NOT NULL,              -- normalized text, pages split by form feed
  warnings       TEXT NOT NULL DEFAULT ''    -- soft problems, one per line
);

CREATE TABLE doc_issuers (
  doc_id   INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  seq      INTEGER NOT NULL,                 -- order on the document
  name     TEXT NOT NULL,
  PRIMARY KEY (doc_id, seq)
);

CREATE TABLE pages (
  doc_id     INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  page       INTEGER NOT NULL,               -- 1-based
  label      TEXT,                           -- printed page number
  source     TEXT NOT NULL,                  -- text | pdf | ocr
  width_pt   REAL,
  height_pt  REAL,
  confidence REAL,
  char_start INTEGER NOT NULL,
  char_end   INTEGER NOT NULL,
  PRIMARY KEY (doc_id, page)
);

-- GB/T 9704 elements as found, with provenance (title, doc_number, recipients,
-- date, note, cc, printer, print_date, issuer, attachment_listing …).
CREATE TABLE elements (
  doc_id     INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  name       TEXT NOT NULL,
  value      TEXT NOT NULL,
  char_start INTEGER NOT NULL,
  char_end   INTEGER NOT NULL,
  page       INTEGER
);
CREATE INDEX elements_doc ON elements(doc_id, name);

CREATE TABLE sections (
  id          INTEGER PRIMARY KEY,
  doc_id      INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  seq         INTEGER NOT NULL,              -- order in the document
  parent_id   INTEGER REFERENCES sections(id),
  attachment  INTEGER NOT NULL DEFAULT 0,    -- 0 main body, n 附件n
  level       INTEGER NOT NULL,              -- 0 attachment root, 1 一、 2 （一） 3 1． 4 （1）
  marker      TEXT NOT NULL,
  heading     TEXT NOT NULL,
  char_start  INTEGER NOT NULL,              -- whole section, heading included
  char_end    INTEGER NOT NULL,
  page        INTEGER
);
CREATE INDEX sections_doc ON sections(doc_id, seq);

CREATE TABLE attachments (
  doc_id      INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  n           INTEGER NOT NULL,
  title       TEXT NOT NULL,
  char_start  INTEGER,                       -- the attachment's text, if present
  char_end    INTEGER,
  page        INTEGER,
  PRIMARY KEY (doc_id, n)
);

CREATE TABLE doc_tables (
  id          INTEGER PRIMARY KEY,
  doc_id      INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  n           INTEGER NOT NULL,
  caption     TEXT,
  attachment  INTEGER NOT NULL DEFAULT 0,
  char_start  INTEGER NOT NULL,
  char_end    INTEGER NOT NULL,
  page        INTEGER
);

CREATE TABLE table_cells (
  table_id    INTEGER NOT NULL REFERENCES doc_tables(id) ON DELETE CASCADE,
  row         INTEGER NOT NULL,              -- 0 is the header row
  col         INTEGER NOT NULL,
  text        TEXT NOT NULL,
  PRIMARY KEY (table_id, row, col)
);

CREATE TABLE guide_items (
  id            INTEGER PRIMARY KEY,
  doc_id        INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  code          TEXT NOT NULL,
  title         TEXT,                        -- NULL when the item has none (4001)
  category      TEXT,                        -- A | B | C | NULL
  category_name TEXT,                        -- 重大战略产品创新 …
  topic         TEXT,                        -- 专题
  domain        TEXT,                        -- the heading above the item
  research      TEXT,                        -- 主要研究内容
  targets       TEXT,                        -- 项目实施目标 / 考核指标
  description   TEXT,                        -- text of an item without those labels
  truncated     INTEGER NOT NULL DEFAULT 0,  -- runs into a missing page
  char_start    INTEGER NOT NULL,
  char_end      INTEGER NOT NULL,
  page          INTEGER
);
CREATE INDEX guide_items_code ON guide_items(code);
CREATE INDEX guide_items_doc ON guide_items(doc_id);

CREATE TABLE rules (
  id          INTEGER PRIMARY KEY,
  doc_id      INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  kind        TEXT NOT NULL,                 -- funding_cap | ratio | share | period | limit
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
CREATE INDEX rules_doc ON rules(doc_id, kind);

CREATE TABLE quotas (
  doc_id      INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  region      TEXT NOT NULL,
  max         INTEGER NOT NULL,
  unit        TEXT,
  char_start  INTEGER NOT NULL,
  char_end    INTEGER NOT NULL,
  page        INTEGER
);

CREATE TABLE deadlines (
  doc_id      INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  what        TEXT NOT NULL,
  at          TEXT NOT NULL,                 -- YYYY-MM-DD or YYYY-MM-DDTHH:MM
  char_start  INTEGER NOT NULL,
  char_end    INTEGER NOT NULL,
  page        INTEGER
);

CREATE TABLE contacts (
  id          INTEGER PRIMARY KEY,
  doc_id      INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  org         TEXT,
  char_start  INTEGER NOT NULL,
  char_end    INTEGER NOT NULL,
  page        INTEGER
);
CREATE TABLE contact_names (
  contact_id  INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
  seq         INTEGER NOT NULL,
  name        TEXT NOT NULL,
  PRIMARY KEY (contact_id, seq)
);
CREATE TABLE contact_phones (
  contact_id  INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
  seq         INTEGER NOT NULL,
  phone       TEXT NOT NULL,
  PRIMARY KEY (contact_id, seq)
);

-- Documents cited by 《title》 and/or 文号 (table named citations: REFERENCES is an SQL keyword).
CREATE TABLE citations (
  doc_id      INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  title       TEXT,
  doc_number  TEXT,
  char_start  INTEGER NOT NULL,
  char_end    INTEGER NOT NULL,
  page        INTEGER
);
CREATE INDEX citations_number ON citations(doc_number);

CREATE TABLE urls (
  doc_id      INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  url         TEXT NOT NULL,
  char_start  INTEGER NOT NULL,
  char_end    INTEGER NOT NULL,
  page        INTEGER
);

-- Convenience: each section with its text.
CREATE VIEW section_text AS
  SELECT s.*, substr(d.text, s.char_start + 1, s.char_end - s.char_start) AS text
  FROM sections s JOIN documents d ON d.id = s.doc_id;
