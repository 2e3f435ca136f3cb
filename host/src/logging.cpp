#include "logging.hpp"

#include <Poco/AsyncChannel.h>
#include <Poco/AutoPtr.h>
#include <Poco/ConsoleChannel.h>
#include <Poco/FormattingChannel.h>
#include <Poco/Logger.h>
#include <Poco/PatternFormatter.h>

namespace duka::host {

namespace {

Poco::AutoPtr<Poco::AsyncChannel>& asyncChannel() {
  static Poco::AutoPtr<Poco::AsyncChannel> channel;
  return channel;
}

}  // namespace

void configureLogging(const LogConfig& config) {
  Poco::AutoPtr<Poco::PatternFormatter> formatter(
      new Poco::PatternFormatter("%Y-%m-%dT%H:%M:%S.%iZ %p %s: %t"));
  formatter->setProperty("times", "UTC");
  Poco::AutoPtr<Poco::FormattingChannel> formatting(
      new Poco::FormattingChannel(formatter, new Poco::ConsoleChannel));
  auto& async = asyncChannel();
  if (async)
    async->close();
  async = new Poco::AsyncChannel(formatting);
  Poco::Logger::setChannel("", async);
  Poco::Logger::setLevel("", Poco::Logger::parseLevel(config.level));
}

void flushLogging() {
  if (auto& async = asyncChannel())
    async->close();  // close() runs what is queued first
}

}  // namespace duka::host
