// The @NAME@ plugin: one route, GET /api/@NAME@/{name}/, answering a greeting whose wire
// shape is declared once, and one setting. Grow it from here: docs/plugin-guide.md.
#include <duka/sdk.hpp>

namespace @NAME@ {

using namespace duka;

struct GreetingSettings {
  std::string greeting;
};

const auto kSettings = Settings<GreetingSettings>().bind(
    Setting::text("greeting", "Hello", "the word a greeting starts with"),
    &GreetingSettings::greeting);

struct Greeting {
  std::string name, message;
};

const Shape<Greeting>& greetingShape() {
  static const Shape<Greeting> shape =
      Shape<Greeting>("Greeting", "A greeting")
          .field("name", &Greeting::name, {.description = "Who is greeted", .readOnly = true})
          .field("message", &Greeting::message, {.readOnly = true});
  return shape;
}

class Plugin : public duka::Plugin {
 public:
  PluginInfo info() const override { return {"@NAME@", "0.1.0", "Greets whoever asks", {}}; }
  const SettingsDeclaration& settings() const override { return kSettings; }
  void start(PluginContext& context) override {
    const GreetingSettings settings = kSettings.read(context.section());
    context.routes().add(
        {.method = "GET",
         .path = "/api/@NAME@/{name}/",
         .access = Access::Public,
         .handler =
             [settings](Request& request) {
               const std::string name = request.pathParam("name");
               return greetingShape().answer(200, {name, settings.greeting + ", " + name + "!"});
             },
         .summary = "Greet someone",
         .response = &greetingShape()});
  }
};

}  // namespace @NAME@

DUKA_PLUGIN(@NAME@::Plugin)
