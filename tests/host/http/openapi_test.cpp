#include "http/api/openapi.hpp"

#include <gtest/gtest.h>

#include "duka/shape.hpp"

namespace duka::host {
namespace {

struct Widget {
  std::int64_t id = 0;
  std::string name;
  std::string note;
};

struct WidgetQuery {
  std::string search;
};

const Shape<Widget>& widgetShape() {
  static const Shape<Widget> shape =
      Shape<Widget>("Widget", "A widget")
          .field("id", &Widget::id, {.readOnly = true})
          .field("name", &Widget::name,
                 {.description = "Its name", .required = true, .maxLength = 9})
          .field("note", &Widget::note, {.nullable = true, .minLength = 0});
  return shape;
}

const Shape<WidgetQuery>& queryShape() {
  static const Shape<WidgetQuery> shape =
      Shape<WidgetQuery>("WidgetQuery")
          .field("search", &WidgetQuery::search, {.description = "Name contains"});
  return shape;
}

Poco::JSON::Object::Ptr document() {
  RouteTable routes;
  const auto handler = [](Request&) { return Response::noContent(); };
  routes.add({.method = "POST",
              .path = "/api/widgets/",
              .access = Access::Staff,
              .handler = handler,
              .summary = "Create a widget",
              .request = &widgetShape(),
              .response = &widgetShape(),
              .problems = {{409, "The name is taken"}},
              .successStatus = 201,
              .idempotent = true,
              .scope = "widgets:write"},
             "widgets", nullptr);
  routes.add({.method = "GET",
              .path = "/api/widgets/",
              .access = Access::Authenticated,
              .handler = handler,
              .summary = "Widgets",
              .response = &widgetShape(),
              .list = true,
              .query = &queryShape()},
             "widgets", nullptr);
  routes.add({.method = "PATCH",
              .path = "/api/widgets/{id}/",
              .access = Access::Authenticated,
              .handler = handler,
              .summary = "Change a widget",
              .request = &widgetShape(),
              .response = &widgetShape()},
             "widgets", nullptr);
  routes.add({.method = "GET",
              .path = "/health",
              .access = Access::Public,
              .handler = handler,
              .summary = "Liveness"},
             "", nullptr);
  return buildOpenApi(routes, {.version = "1.2.3",
                               .serverUrl = "http://127.0.0.1:8080",
                               .summary = "Test",
                               .tags = {{"widgets", "Widgets and more"}}});
}

Poco::JSON::Object::Ptr operation(const Poco::JSON::Object::Ptr& doc, const std::string& path,
                                  const std::string& method) {
  return doc->getObject("paths")->getObject(path)->getObject(method);
}

TEST(OpenApi, IsA31DocumentWithServersAndTags) {
  const auto doc = document();
  EXPECT_EQ(doc->getValue<std::string>("openapi"), "3.1.0");
  EXPECT_EQ(doc->getObject("info")->getValue<std::string>("version"), "1.2.3");
  EXPECT_EQ(doc->getArray("servers")->getObject(0)->getValue<std::string>("url"),
            "http://127.0.0.1:8080");
  const auto tags = doc->getArray("tags");
  ASSERT_EQ(tags->size(), 2u);
  EXPECT_EQ(tags->getObject(1)->getValue<std::string>("description"), "Widgets and more");
}

TEST(OpenApi, PathsHaveNoTrailingSlashAndOperationIdsAreUrlSafe) {
  const auto doc = document();
  EXPECT_TRUE(doc->getObject("paths")->has("/api/widgets"));
  EXPECT_FALSE(doc->getObject("paths")->has("/api/widgets/"));
  EXPECT_EQ(operation(doc, "/api/widgets", "post")->getValue<std::string>("operationId"),
            "postWidgets");
  EXPECT_EQ(operation(doc, "/api/widgets/{id}", "patch")->getValue<std::string>("operationId"),
            "patchWidgetsId");
  EXPECT_EQ(operation(doc, "/health", "get")->getValue<std::string>("operationId"), "getHealth");
}

TEST(OpenApi, SchemasComeFromTheShapes) {
  const auto schemas = document()->getObject("components")->getObject("schemas");
  const auto widget = schemas->getObject("Widget");
  EXPECT_EQ(widget->getValue<std::string>("description"), "A widget");
  EXPECT_EQ(widget->getArray("required")->getElement<std::string>(0), "name");
  const auto properties = widget->getObject("properties");
  EXPECT_TRUE(properties->getObject("id")->getValue<bool>("readOnly"));
  EXPECT_EQ(properties->getObject("name")->getValue<int>("maxLength"), 9);
  EXPECT_EQ(properties->getObject("note")->getArray("type")->getElement<std::string>(1), "null");
  EXPECT_FALSE(schemas->getObject("WidgetPatch")->has("required"));
  EXPECT_TRUE(schemas->getObject("WidgetPage")->getObject("properties")->has("next"));
  EXPECT_TRUE(schemas->has("Problem"));
}

TEST(OpenApi, OperationsDocumentParametersSecurityAndProblems) {
  const auto doc = document();
  const auto create = operation(doc, "/api/widgets", "post");
  EXPECT_EQ(create->getArray("security")->getObject(0)->has("bearerAuth"), true);
  EXPECT_EQ(create->getValue<std::string>("x-duka-scope"), "widgets:write");
  const auto responses = create->getObject("responses");
  for (const char* status : {"201", "400", "401", "403", "409", "413", "415", "422", "default"})
    EXPECT_TRUE(responses->has(status)) << status;
  EXPECT_FALSE(responses->has("404"));
  bool idempotencyKey = false;
  for (const auto& parameter : *create->getArray("parameters")) {
    const auto p = parameter.extract<Poco::JSON::Object::Ptr>();
    idempotencyKey = idempotencyKey || p->optValue<std::string>("name", "") == "Idempotency-Key";
  }
  EXPECT_TRUE(idempotencyKey);

  std::set<std::string> names;
  for (const auto& parameter : *operation(doc, "/api/widgets", "get")->getArray("parameters")) {
    const auto p = parameter.extract<Poco::JSON::Object::Ptr>();
    names.insert(p->has("$ref") ? p->getValue<std::string>("$ref")
                                : p->getValue<std::string>("name"));
  }
  EXPECT_EQ(names, (std::set<std::string>{"limit", "offset", "search",
                                          "#/components/parameters/RequestId"}));
  const auto patch = operation(doc, "/api/widgets/{id}", "patch");
  EXPECT_FALSE(patch->has("x-duka-scope"));  // for people only
  EXPECT_TRUE(patch->getObject("responses")->has("404"));
  EXPECT_EQ(patch->getObject("requestBody")
                ->getObject("content")
                ->getObject("application/json")
                ->getObject("schema")
                ->getValue<std::string>("$ref"),
            "#/components/schemas/WidgetPatch");
  const auto health = operation(doc, "/health", "get");
  EXPECT_EQ(health->getArray("security")->size(), 0u);  // public: security []
  EXPECT_FALSE(health->getObject("responses")->has("401"));
}

}  // namespace
}  // namespace duka::host
