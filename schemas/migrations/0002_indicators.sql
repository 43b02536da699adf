-- gongwen archive schema, version 2: indicators (issue 3).
-- Every quantity of a document — technical targets, funding caps, eligibility
-- thresholds, plan targets, quotas, counts, periods — as one typed record
-- (extractors/quantities.h). Values are as written in `unit`; si_value and
-- si_value_max are in `si_unit` (UDUNITS-2's canonical form: m-2, CNY, bit.s-1,
-- 1 for fractions — 95% is 0.95 — or the measure word of a count: 个, 片/年),
-- so `≤400 cm⁻²` and `≤4×10⁶ m⁻²` compare equal.

CREATE TABLE indicators (
  id            INTEGER PRIMARY KEY,
  doc_id        INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  code          TEXT,                 -- guide item code (1001, 210101), NULL outside items
  kind          TEXT NOT NULL,        -- target | funding | eligibility | plan | quota | period | other
  subject       TEXT,                 -- the parameter as written: 单通道速率
  op            TEXT NOT NULL,        -- >= <= > < = between ~
  value         REAL NOT NULL,
  value_max     REAL,                 -- for between
  tolerance     TEXT,                 -- as written: 10%
  unit          TEXT,                 -- as written: cm⁻², 万元, 片/年
  si_unit       TEXT,                 -- canonical; NULL when the unit is unknown
  si_value      REAL,
  si_value_max  REAL,
  condition     TEXT,                 -- @电流密度=200A/cm², 销售收入为5000万元以下企业
  qualifier     TEXT,                 -- 原则上, 左右, 约, 及以上
  text          TEXT NOT NULL,        -- the quantity as written
  sentence      TEXT,                 -- the sentence it came from
  char_start    INTEGER NOT NULL,
  char_end      INTEGER NOT NULL,
  page          INTEGER
);
CREATE INDEX indicators_doc ON indicators(doc_id);
CREATE INDEX indicators_code ON indicators(code);
CREATE INDEX indicators_subject ON indicators(subject);
CREATE INDEX indicators_si ON indicators(si_unit, si_value);
CREATE INDEX indicators_kind ON indicators(kind);
