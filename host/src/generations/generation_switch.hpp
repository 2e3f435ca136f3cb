// GenerationSwitch: the generation new requests are served with. install() makes the next
// one current at once; the one it replaces retires on the switch's own thread when the last
// request holding it has been answered, so no request is cut and no worker waits for a
// plugin to stop.
#pragma once

#include <Poco/Logger.h>

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>

#include "generations/generation.hpp"
#include "http/dispatch/serving_state.hpp"

namespace duka::host {

class GenerationSwitch : public ServingStates {
 public:
  GenerationSwitch();
  // ~GenerationSwitch retires every generation (retireAll) and ends its thread.
  ~GenerationSwitch() override;
  GenerationSwitch(const GenerationSwitch&) = delete;
  GenerationSwitch& operator=(const GenerationSwitch&) = delete;

  std::shared_ptr<const ServingState> current() const override;
  // generation is the current generation, nullptr before the first install and after
  // retireAll.
  std::shared_ptr<Generation> generation() const;
  // install makes next current; the generation it replaces retires once nothing holds it.
  void install(std::unique_ptr<Generation> next);
  // retireAll drops the current generation and waits until every generation has retired.
  void retireAll();

 private:
  void retireLoop();

  mutable std::mutex mutex_;
  std::shared_ptr<Generation> current_;

  std::mutex retiringMutex_;
  std::condition_variable retiringWake_;
  std::deque<Generation*> released_;  // no longer held: to retire
  std::size_t installed_ = 0;         // installed and not yet retired, the current one too
  bool stopping_ = false;
  std::thread retirer_;
  Poco::Logger& log_;
};

}  // namespace duka::host
