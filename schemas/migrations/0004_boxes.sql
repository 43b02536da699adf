-- Provenance down to the box (issue 4): where a record was printed on its
-- page, for documents read from a PDF text layer or by OCR. box is JSON text
-- [x0, y0, x1, y1] in PDF points with the origin at the top left of the page
-- named by the record's `page` column; NULL when the source has no boxes
-- (text files). Filled by pipeline/provenance.cc (WriteBoxes).
ALTER TABLE elements    ADD COLUMN box TEXT;
ALTER TABLE sections    ADD COLUMN box TEXT;
ALTER TABLE attachments ADD COLUMN box TEXT;
ALTER TABLE doc_tables  ADD COLUMN box TEXT;
ALTER TABLE guide_items ADD COLUMN box TEXT;
ALTER TABLE rules       ADD COLUMN box TEXT;
ALTER TABLE quotas      ADD COLUMN box TEXT;
ALTER TABLE deadlines   ADD COLUMN box TEXT;
ALTER TABLE contacts    ADD COLUMN box TEXT;
ALTER TABLE citations   ADD COLUMN box TEXT;
ALTER TABLE urls        ADD COLUMN box TEXT;
