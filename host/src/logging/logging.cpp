#include "logging/logging.hpp"

#include <Poco/AutoPtr.h>
#include <Poco/FileChannel.h>
#include <Poco/FormattingChannel.h>
#include <Poco/Logger.h>
#include <Poco/PatternFormatter.h>
#include <unistd.h>

#include <atomic>
#include <stdexcept>

#include "logging/batched_log_channel.hpp"
#include "logging/escaping_formatter.hpp"
#include "logging/json_formatter.hpp"

namespace duka::host {

namespace {

// The channel lines end in, kept so that flushLogging can write out what it buffers.
Poco::AutoPtr<Poco::Channel>& output() {
  static Poco::AutoPtr<Poco::Channel> channel;
  return channel;
}

std::atomic<bool> jsonLines{false};

Poco::AutoPtr<Poco::Channel> openOutput(const LogConfig& config) {
  if (config.file.empty()) {
    Poco::AutoPtr<BatchedLogChannel> stderrChannel(new BatchedLogChannel(STDERR_FILENO));
    stderrChannel->open();
    return stderrChannel;
  }
  // Poco's FileChannel rotates, names and purges; flush=false lets it write in blocks.
  Poco::AutoPtr<Poco::FileChannel> file(new Poco::FileChannel(config.file));
  try {
    file->setProperty(Poco::FileChannel::PROP_ROTATION, config.rotation);
    file->setProperty(Poco::FileChannel::PROP_ARCHIVE, config.archive);
    file->setProperty(Poco::FileChannel::PROP_TIMES, "utc");
    file->setProperty(Poco::FileChannel::PROP_COMPRESS, config.compress ? "true" : "false");
    file->setProperty(Poco::FileChannel::PROP_FLUSH, "false");
    if (config.purgeCount > 0)
      file->setProperty(Poco::FileChannel::PROP_PURGECOUNT, std::to_string(config.purgeCount));
    file->open();
  } catch (const Poco::Exception& e) {
    throw std::runtime_error("[log] file = " + config.file + ", rotation = " + config.rotation +
                             ": " + e.displayText());
  }
  return file;
}

}  // namespace

bool jsonLogs() {
  return jsonLines.load(std::memory_order_relaxed);
}

void configureLogging(const LogConfig& config) {
  if (output())
    output()->close();
  output() = openOutput(config);
  jsonLines = config.format == "json";
  Poco::AutoPtr<Poco::Formatter> formatter;
  if (jsonLines) {
    formatter = new JsonFormatter;
  } else {
    formatter = new EscapingFormatter("%Y-%m-%dT%H:%M:%S.%iZ %p %s: %t");
    formatter->setProperty("times", "UTC");
  }
  // FormattingChannel formats on the logging thread; only the write is batched.
  Poco::AutoPtr<Poco::FormattingChannel> formatting(
      new Poco::FormattingChannel(formatter, output()));
  // setChannel("") reaches the loggers that exist, so the root one (which every later logger
  // copies) must be among them.
  Poco::Logger::root();
  Poco::Logger::setChannel("", formatting);
  Poco::Logger::setLevel("", Poco::Logger::parseLevel(config.level));
}

void flushLogging() {
  if (output())
    output()->close();  // writes what is buffered; later lines are written at once
}

}  // namespace duka::host
