// event_recorder: a test plugin that remembers every committed event (name, payload,
// actor) and shows them at GET /api/recorder/events/, so tests can check what other
// plugins publish.
#include <Poco/JSON/Array.h>

#include <duka/sdk.hpp>
#include <mutex>

namespace {

class EventRecorderPlugin : public duka::Plugin {
 public:
  duka::PluginInfo info() const override {
    return {.name = "event_recorder",
            .version = "0.1.0",
            .description = "records committed events for tests",
            .requiredPlugins = {}};
  }

  void start(duka::PluginContext& context) override {
    context.events().subscribeAfterCommit("*", [this](const duka::Event& event) {
      Poco::JSON::Object::Ptr entry = new Poco::JSON::Object;
      entry->set("name", event.name);
      entry->set("payload", event.payload);
      entry->set("actor", event.context.actor ? Poco::Dynamic::Var(event.context.actor->subject)
                                              : Poco::Dynamic::Var());
      entry->set("request_id", event.context.requestId);
      std::lock_guard lock(mutex_);
      events_->add(entry);
    });
    context.routes().add({.method = "GET",
                          .path = "/api/recorder/events/",
                          .access = duka::Access::Public,
                          .handler = [this](duka::Request&) {
                            std::lock_guard lock(mutex_);
                            Poco::JSON::Object::Ptr body = new Poco::JSON::Object;
                            body->set("events", events_);
                            return duka::Response::json(200, body);
                          }});
  }

 private:
  std::mutex mutex_;
  Poco::JSON::Array::Ptr events_ = new Poco::JSON::Array;
};

}  // namespace

DUKA_PLUGIN(EventRecorderPlugin)
