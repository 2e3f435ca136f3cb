// duka/detail/setting_reads.hpp: how Settings<T>::bind converts a validated value into a
// member. Not API: included by duka/settings.hpp.
#pragma once

#include <string>

namespace duka {

struct IniSection;

namespace detail {

// readSetting converts a validated value into a member of type M: std::string, std::int64_t,
// int, bool, std::chrono::seconds, std::vector<std::string> (a list), or
// std::map<std::string, std::string> (a family, by the rest of each key).
template <class M>
void readSetting(const IniSection& section, const std::string& key, M& out);

}  // namespace detail
}  // namespace duka
