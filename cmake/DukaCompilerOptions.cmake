# Compiler options shared by every target of this tree (not exported to plugin authors).

add_compile_options(-Wall -Wextra -Wpedantic)

if(DUKA_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()

if(DUKA_COVERAGE)
  add_compile_options(--coverage -O0)
  add_link_options(--coverage)
endif()
