# duka_add_plugin_test(<name> SOURCES <files...> PLUGINS <plugin targets...>)
#
# Builds a GoogleTest executable with the test kit (Duka::testkit) and registers each of its
# tests with ctest. The tests start the installed duka (DUKA_BINARY) with the plugins of
# DUKA_PLUGIN_DIRS: the folders of the plugin targets, then the installed plugins.
function(duka_add_plugin_test name)
  cmake_parse_arguments(PARSE_ARGV 1 ARG "" "" "SOURCES;PLUGINS")
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE Duka::testkit GTest::gtest_main)
  set(dirs)
  foreach(plugin ${ARG_PLUGINS})
    add_dependencies(${name} ${plugin})
    list(APPEND dirs $<TARGET_FILE_DIR:${plugin}>)
  endforeach()
  list(APPEND dirs ${DUKA_PLUGIN_INSTALL_DIR})
  list(JOIN dirs ":" dirs)
  include(GoogleTest)
  gtest_discover_tests(${name}
    DISCOVERY_TIMEOUT 60
    PROPERTIES
      ENVIRONMENT "DUKA_BINARY=${DUKA_BINARY};DUKA_PLUGIN_DIRS=${dirs}"
      TIMEOUT 300)
endfunction()
