#include "generations/generation_switch.hpp"

#include <pthread.h>

namespace duka::host {

GenerationSwitch::GenerationSwitch() : log_(Poco::Logger::get("duka")) {
  retirer_ = std::thread([this] { retireLoop(); });
}

GenerationSwitch::~GenerationSwitch() {
  retireAll();
  {
    std::lock_guard<std::mutex> lock(retiringMutex_);
    stopping_ = true;
  }
  retiringWake_.notify_all();
  retirer_.join();
}

std::shared_ptr<const ServingState> GenerationSwitch::current() const {
  std::shared_ptr<Generation> generation = this->generation();
  if (!generation)
    return nullptr;
  const ServingState* serving = &generation->serving();
  return {std::move(generation), serving};  // holds the generation
}

std::shared_ptr<Generation> GenerationSwitch::generation() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return current_;
}

void GenerationSwitch::install(std::unique_ptr<Generation> next) {
  {
    std::lock_guard<std::mutex> lock(retiringMutex_);
    ++installed_;
  }
  // The last holder hands the generation to the retiring thread instead of deleting it: a
  // request's worker never waits for plugins to stop.
  std::shared_ptr<Generation> held(next.release(), [this](Generation* released) {
    {
      std::lock_guard<std::mutex> lock(retiringMutex_);
      released_.push_back(released);
    }
    retiringWake_.notify_all();
  });
  std::shared_ptr<Generation> replaced;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    replaced = std::exchange(current_, std::move(held));
  }
  // replaced goes here: at once to the retiring thread when no request holds it
}

void GenerationSwitch::retireAll() {
  std::shared_ptr<Generation> last;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    last = std::move(current_);
  }
  last.reset();
  std::unique_lock<std::mutex> lock(retiringMutex_);
  retiringWake_.wait(lock, [this] { return installed_ == 0; });
}

void GenerationSwitch::retireLoop() {
  pthread_setname_np(pthread_self(), "duka-retire");
  for (;;) {
    Generation* generation = nullptr;
    {
      std::unique_lock<std::mutex> lock(retiringMutex_);
      retiringWake_.wait(lock, [this] { return stopping_ || !released_.empty(); });
      if (released_.empty())
        return;
      generation = released_.front();
      released_.pop_front();
    }
    const std::uint64_t number = generation->number();
    try {
      generation->retire();
    } catch (const std::exception& e) {
      log_.error("configuration generation %Lu failed to retire: %s",
                 static_cast<Poco::UInt64>(number), std::string(e.what()));
    }
    delete generation;
    log_.information("configuration generation %Lu retired", static_cast<Poco::UInt64>(number));
    {
      std::lock_guard<std::mutex> lock(retiringMutex_);
      --installed_;
    }
    retiringWake_.notify_all();
  }
}

}  // namespace duka::host
