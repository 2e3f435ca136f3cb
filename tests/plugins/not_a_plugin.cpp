// not_a_plugin: a shared library without the DUKA_PLUGIN symbols.
#include <boost/config.hpp>

extern "C" BOOST_SYMBOL_EXPORT int answer() {
  return 42;
}
