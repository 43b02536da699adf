// Filled forms in the archive (schemas/migrations/0006_forms.sql): writing
// a document's form inside its transaction, and reading forms back.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "pipeline/document.h"
#include "pipeline/sqlite.h"
#include "pipeline/status.h"

namespace gongwen {

// Writes doc.form, if any, for the stored document doc_id. Called by
// Store::Write inside the document's transaction.
Status WriteForm(Db& db, const Document& doc, int64_t doc_id);

struct StoredForm {
  int64_t form_id = 0;
  int64_t doc_id = 0;
  std::string file_name;
  std::string template_id;  // "" for no known template
  FormRecord record;        // fields, groups and findings as stored (FormValue::cell is -1)
};

// Forms in the archive, by document id; only template `tmpl` / document
// `doc_id` when given (non-empty / non-zero).
Result<std::vector<StoredForm>> ReadForms(Db& db, const std::string& tmpl, int64_t doc_id);

}  // namespace gongwen
