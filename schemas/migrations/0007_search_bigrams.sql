-- gongwen archive schema, version 7: the search index in format 2 (pipeline/fts_tokenizer.h).
-- Format 1 (0003) indexed every character twice, in its bigram and alone; format 2 indexes a
-- character alone only where it ends a run or is one of the frequent characters of
-- schemas/search/unigrams.tsv, and answers a one-character query as the prefix query "X"*.
-- On the 524 MB bench archive the index is 11% smaller, 1.86x the text instead of 2.10x (README
-- "Search"). The chunks are dropped here and every document is indexed again, in the order of
-- ingest, the first time gongwen opens the archive (IndexUnindexedDocuments, pipeline/search.h).

DROP TRIGGER search_document_delete;
DROP TABLE search;
DELETE FROM search_chunks;

CREATE VIRTUAL TABLE search USING fts5(
  body, title, content = 'search_text', content_rowid = 'id', tokenize = 'gongwen 2');

INSERT INTO search(search, rank) VALUES ('rank', 'gongwen_rank(1.0, 10.0)');

CREATE TRIGGER search_document_delete BEFORE DELETE ON documents BEGIN
  INSERT INTO search(search, rowid, title, body)
    SELECT 'delete', c.id, c.title, substr(old.text, c.char_start + 1, c.char_end - c.char_start)
    FROM search_chunks c WHERE c.doc_id = old.id;
END;
