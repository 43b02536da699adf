# Turns every file under schemas/ into a C++ string so the binary needs no
# data files at run time. Lookup: gongwen::EmbeddedSchema("migrations/0001_init.sql").
file(GLOB_RECURSE files RELATIVE ${SRC_DIR} ${SRC_DIR}/*.sql ${SRC_DIR}/*.tsv)
list(SORT files)
set(body "// Generated from schemas/ by tools/embed_schemas.cmake. Do not edit.\n#include \"pipeline/embedded.h\"\n\nnamespace gongwen {\nnamespace {\nconst EmbeddedFile kFiles[] = {\n")
foreach(f ${files})
  file(READ ${SRC_DIR}/${f} content HEX)
  string(LENGTH "${content}" hexlen)
  math(EXPR n "${hexlen} / 2")
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "\\\\x\\1" escaped "${content}")
  # Break the literal every 64 bytes to keep lines short.
  string(REGEX REPLACE "((\\\\x[0-9a-f][0-9a-f]){64})" "\\1\"\n    \"" escaped "${escaped}")
  string(APPEND body "  {\"${f}\", std::string_view(\n    \"${escaped}\", ${n})},\n")
endforeach()
string(APPEND body "};\n}  // namespace\n\nstd::span<const EmbeddedFile> EmbeddedSchemas() { return kFiles; }\n\n}  // namespace gongwen\n")
file(WRITE ${OUT}.tmp "${body}")
execute_process(COMMAND ${CMAKE_COMMAND} -E copy_if_different ${OUT}.tmp ${OUT})
