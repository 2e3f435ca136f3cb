#include "reports_settings.hpp"

#include <date/tz.h>

namespace duka::reports {

const Settings<ReportsSettings>& reportsSettings() {
  using S = ReportsSettings;
  static const Settings<S> settings =
      Settings<S>()
          .bind(Setting::text("timezone", "Africa/Nairobi",
                              "an IANA time zone (tzdata): the day an order counts on"),
                &S::timezone)
          .rule([](const S& s) -> std::vector<SettingProblem> {
            try {
              date::locate_zone(s.timezone);
              return {};
            } catch (const std::exception&) {
              return {{"timezone",
                       "is not a time zone of the system's tzdata (such as "
                       "Africa/Nairobi, Europe/London, UTC)"}};
            }
          });
  return settings;
}

}  // namespace duka::reports
