// nearestName: the "did you mean" of a misspelt name in the configuration.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace duka::host {

// nearestName is the candidate closest to name by edit distance (insert, delete, replace a
// character), when it is at most 2 edits away and closer than any other; else none.
std::optional<std::string> nearestName(const std::string& name,
                                       const std::vector<std::string>& candidates);

}  // namespace duka::host
