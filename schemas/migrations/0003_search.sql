-- gongwen archive schema, version 3: full-text search (pipeline/search.h).
-- Needs the gongwen FTS5 tokenizer on the connection: gongwen registers it;
-- elsewhere `.load build/libgongwen_fts` (sqlite3), load_extension (Python).

-- The text is indexed in chunks at the level people look for: a guide item,
-- a stretch of a section's own text, or the text before the first section.
-- The chunks of a document partition its text.
CREATE TABLE search_chunks (
  id             INTEGER PRIMARY KEY,
  doc_id         INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  kind           TEXT NOT NULL,              -- document | section | item
  section_id     INTEGER,                    -- sections.id: the deepest section holding the chunk
  guide_item_id  INTEGER,                    -- guide_items.id for kind item
  code           TEXT,                       -- guide item code
  section        TEXT,                       -- the section's marker and heading
  title          TEXT NOT NULL,              -- what the FTS title column holds
  char_start     INTEGER NOT NULL,           -- code points into documents.text, half-open
  char_end       INTEGER NOT NULL,
  page           INTEGER                     -- page where the chunk starts
);
CREATE INDEX search_chunks_doc ON search_chunks(doc_id);

-- The FTS table's content: the text is not stored twice.
CREATE VIEW search_text AS
  SELECT c.id AS id, c.title AS title,
         substr(d.text, c.char_start + 1, c.char_end - c.char_start) AS body
  FROM search_chunks c JOIN documents d ON d.id = c.doc_id;

-- body before title: entries of column 0 carry no column marker, which keeps
-- the index about a quarter smaller.
CREATE VIRTUAL TABLE search USING fts5(
  body, title, content = 'search_text', content_rowid = 'id', tokenize = 'gongwen');

-- The default ORDER BY rank: bm25's tf and length terms without idf (pipeline/fts_tokenizer.h),
-- the title (item code and title, section heading, document title) weighted up.
INSERT INTO search(search, rank) VALUES ('rank', 'gongwen_rank(1.0, 10.0)');

-- Deleting a document takes its index entries with it (its chunks go by cascade).
CREATE TRIGGER search_document_delete BEFORE DELETE ON documents BEGIN
  INSERT INTO search(search, rowid, title, body)
    SELECT 'delete', c.id, c.title, substr(old.text, c.char_start + 1, c.char_end - c.char_start)
    FROM search_chunks c WHERE c.doc_id = old.id;
END;
