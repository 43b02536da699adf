// Extract: runs every extractor over a structured Document and tidies their
// output (references de-duplicated, the document's own title and aliases
// defined with 以下简称 left out).
#pragma once

#include "pipeline/document.h"

namespace gongwen {

// REQUIRES: ParseStructure has run.
void ExtractAll(Document* doc);

}  // namespace gongwen
