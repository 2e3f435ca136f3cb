#include "logging/logging.hpp"

#include <Poco/AutoPtr.h>
#include <Poco/FormattingChannel.h>
#include <Poco/Logger.h>
#include <Poco/PatternFormatter.h>
#include <unistd.h>

#include "logging/batched_log_channel.hpp"
#include "logging/escaping_formatter.hpp"

namespace duka::host {

namespace {

Poco::AutoPtr<BatchedLogChannel>& stderrChannel() {
  static Poco::AutoPtr<BatchedLogChannel> channel;
  return channel;
}

}  // namespace

void configureLogging(const LogConfig& config) {
  auto& output = stderrChannel();
  if (output)
    output->close();
  output = new BatchedLogChannel(STDERR_FILENO);
  output->open();
  Poco::AutoPtr<EscapingFormatter> formatter(
      new EscapingFormatter("%Y-%m-%dT%H:%M:%S.%iZ %p %s: %t"));
  formatter->setProperty("times", "UTC");
  // FormattingChannel formats on the logging thread; only the write is batched.
  Poco::AutoPtr<Poco::FormattingChannel> formatting(
      new Poco::FormattingChannel(formatter, output.get()));
  Poco::Logger::setChannel("", formatting);
  Poco::Logger::setLevel("", Poco::Logger::parseLevel(config.level));
}

void flushLogging() {
  if (auto& output = stderrChannel())
    output->close();  // writes what is buffered; later lines are written at once
}

}  // namespace duka::host
