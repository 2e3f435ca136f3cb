// ReportsSettings: the validated [reports] section (SPEC 3 and 14).
#pragma once

#include <duka/settings.hpp>
#include <string>

namespace duka::reports {

struct ReportsSettings {
  std::string timezone = "Africa/Nairobi";  // an IANA name: the day an order counts on
};

const Settings<ReportsSettings>& reportsSettings();

}  // namespace duka::reports
