# duka_add_plugin(<name> SOURCES <files...> [LINK <targets...>] [NO_INSTALL])
#
# Builds lib<name>.so as a duka plugin: C++20, hidden visibility (only the DUKA_PLUGIN
# symbols are exported), linked to Duka::sdk and Poco as shared libraries. The library
# lands in DUKA_PLUGIN_OUTPUT_DIR when that is set (the duka source tree sets it), and
# installs into lib/duka/plugins (unless NO_INSTALL, used for test plugins).
function(duka_add_plugin name)
  cmake_parse_arguments(PARSE_ARGV 1 ARG "NO_INSTALL" "" "SOURCES;LINK")
  if(NOT ARG_SOURCES)
    message(FATAL_ERROR "duka_add_plugin(${name}) needs SOURCES")
  endif()
  if(NOT name MATCHES "^[a-z0-9_-]+$")
    message(FATAL_ERROR "duka_add_plugin(${name}): plugin names are [a-z0-9_-]+")
  endif()
  add_library(${name} MODULE ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE Duka::sdk ${ARG_LINK})
  target_compile_features(${name} PRIVATE cxx_std_20)
  set_target_properties(${name} PROPERTIES
    PREFIX "lib"
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON)
  if(DEFINED DUKA_PLUGIN_OUTPUT_DIR)
    set_target_properties(${name} PROPERTIES LIBRARY_OUTPUT_DIRECTORY ${DUKA_PLUGIN_OUTPUT_DIR})
  endif()
  if(NOT ARG_NO_INSTALL)
    install(TARGETS ${name} LIBRARY DESTINATION lib/duka/plugins)
  endif()
endfunction()
