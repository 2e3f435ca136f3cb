# Compiler options shared by every target of this tree (not exported to plugin authors).

add_compile_options(-Wall -Wextra -Wpedantic)

if(DUKA_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()

if(DUKA_COVERAGE)
  # Atomic counter updates: duka counts on many threads at once, and racing increments
  # leave counts gcov cannot read ("branch taken -1").
  add_compile_options(--coverage -fprofile-update=atomic -O0)
  add_link_options(--coverage)
endif()

if(DUKA_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "DUKA_FUZZ needs clang (the fuzz preset names clang++-14)")
  endif()
  # Every target is instrumented for coverage-guided fuzzing; only the harnesses link
  # libFuzzer's main (fuzz/CMakeLists.txt).
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer
                      -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()
