#include "http/api/openapi.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/String.h>

#include <limits>
#include <map>
#include <set>

#include "duka/facility/pagination.hpp"
#include "duka/shape.hpp"
#include "host_api.hpp"

namespace duka::host {

namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;
using Type = ShapeSchema::Type;

constexpr const char* kMoneyPattern = "^[0-9]+(\\.[0-9]{1,2})?$";

Object::Ptr object(std::initializer_list<std::pair<std::string, Poco::Dynamic::Var>> members) {
  Object::Ptr json = new Object;
  for (const auto& [name, value] : members)
    json->set(name, value);
  return json;
}

Object::Ptr ref(const std::string& where, const std::string& name) {
  return object({{"$ref", "#/components/" + where + "/" + name}});
}

Poco::Dynamic::Var typeOf(const char* type, bool nullable) {
  if (!nullable)
    return std::string(type);
  Array::Ptr both = new Array;
  both->add(std::string(type));
  both->add(std::string("null"));
  return both;
}

// Components collects the schemas the operations refer to, each under one name.
class Components {
 public:
  // schema names a shape's schema (Patch: every field optional), writing it once.
  std::string schema(const ShapeSchema& shape, bool patch = false) {
    std::string name = shape.name() + (patch ? "Patch" : "");
    const auto [at, added] = names_.try_emplace(name, &shape);
    if (!added && at->second != &shape) {
      // Two shapes share a name: the later one is told apart by a number.
      name += std::to_string(names_.size());
      names_.emplace(name, &shape);
    } else if (!added) {
      return name;
    }
    schemas_->set(name, objectSchema(shape, patch));
    return name;
  }

  // page names the list envelope of a shape's results.
  std::string page(const ShapeSchema& shape) {
    const std::string item = schema(shape);
    const std::string name = item + "Page";
    if (!schemas_->has(name)) {
      Object::Ptr properties = new Object;
      properties->set("count", object({{"type", "integer"},
                                       {"minimum", 0},
                                       {"description", "How many results the whole list has"}}));
      for (const char* link : {"next", "previous"}) {
        properties->set(link, object({{"type", typeOf("string", true)},
                                      {"format", "uri"},
                                      {"description", std::string("The ") + link +
                                                          " page's URL, or null at the end"}}));
      }
      properties->set("results", object({{"type", "array"}, {"items", ref("schemas", item)}}));
      Array::Ptr required = new Array;
      for (const char* field : {"count", "next", "previous", "results"})
        required->add(std::string(field));
      schemas_->set(name, object({{"type", "object"},
                                  {"description", "One page of " + item + " results"},
                                  {"properties", properties},
                                  {"required", required}}));
    }
    return name;
  }

  Object::Ptr schemas() const { return schemas_; }

  // fieldSchema is one field's schema (an array's items named by reference).
  Object::Ptr fieldSchema(const ShapeSchema::Field& field) {
    const FieldRules& rules = field.rules;
    Object::Ptr schema = new Object;
    switch (field.type) {
      case Type::Integer:
      case Type::OptionalInteger:
        if (rules.money) {
          schema->set("type", typeOf("string", rules.nullable));
          schema->set("pattern", std::string(kMoneyPattern));
          break;
        }
        schema->set("type", typeOf("integer", rules.nullable));
        if (rules.min != std::numeric_limits<std::int64_t>::min())
          schema->set("minimum", rules.min);
        if (rules.max != std::numeric_limits<std::int64_t>::max())
          schema->set("maximum", rules.max);
        break;
      case Type::Text:
        schema->set("type", typeOf("string", rules.nullable));
        if (!rules.readOnly) {
          if (rules.minLength > 0)
            schema->set("minLength", rules.minLength);
          schema->set("maxLength", rules.maxLength);
        }
        if (!rules.choices.empty()) {
          Array::Ptr choices = new Array;
          for (const auto& choice : rules.choices)
            choices->add(choice);
          if (rules.nullable)
            choices->add(Poco::Dynamic::Var());
          schema->set("enum", choices);
        }
        if (!rules.format.empty())
          schema->set("format", rules.format);
        break;
      case Type::Boolean:
        schema->set("type", "boolean");
        break;
      case Type::TextList:
        schema->set("type", "array");
        schema->set("items", object({{"type", "string"}}));
        break;
      case Type::Objects:
        schema->set("type", "array");
        schema->set("items", ref("schemas", Components::schema(*field.items)));
        if (!rules.readOnly) {
          if (rules.minItems > 0)
            schema->set("minItems", rules.minItems);
          schema->set("maxItems", rules.maxItems);
        }
        break;
      case Type::Any:
        break;  // any JSON value
    }
    if (!rules.description.empty())
      schema->set("description", rules.description);
    if (rules.readOnly)
      schema->set("readOnly", true);
    if (!rules.defaultValue.isEmpty())
      schema->set("default", rules.defaultValue);
    return schema;
  }

 private:
  Object::Ptr objectSchema(const ShapeSchema& shape, bool patch) {
    Object::Ptr properties = new Object;
    Array::Ptr required = new Array;
    for (const auto& field : shape.fields()) {
      properties->set(field.name, fieldSchema(field));
      if (field.rules.required && !patch)
        required->add(field.name);
    }
    Object::Ptr schema = object({{"type", "object"}, {"properties", properties}});
    if (!shape.description().empty())
      schema->set("description", shape.description());
    if (required->size() > 0)
      schema->set("required", required);
    return schema;
  }

  std::map<std::string, const ShapeSchema*> names_;
  Object::Ptr schemas_ = new Object;
};

// operationId is the method and the path's words in camel case, without the /api prefix:
// GET /api/orders/{id}/history/ is getOrdersIdHistory.
std::string operationId(const RouteEntry& route) {
  std::string id = Poco::toLower(route.spec.method);
  bool upper = true;
  for (std::size_t i = 0; i < route.segments.size(); ++i) {
    if (i == 0 && route.segments.size() > 1 && route.segments[0] == "api")
      continue;
    upper = true;
    for (const char c : route.segments[i]) {
      if (!std::isalnum(static_cast<unsigned char>(c))) {
        upper = true;
        continue;
      }
      id += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
      upper = false;
    }
  }
  return id;
}

// documentedPath is the route's path without its trailing slash: both are served, and the
// OpenAPI tooling (redocly's no-path-trailing-slash) expects paths without one.
std::string documentedPath(const std::string& path) {
  return path.size() > 1 && path.back() == '/' ? path.substr(0, path.size() - 1) : path;
}

Object::Ptr problemResponse(const std::string& description) {
  return object({{"description", description},
                 {"headers", object({{"X-Request-Id", ref("headers", "RequestId")}})},
                 {"content", object({{"application/problem+json",
                                      object({{"schema", ref("schemas", "Problem")}})}})}});
}

Object::Ptr parameter(const std::string& name, const char* in, bool required, Object::Ptr schema,
                      const std::string& description) {
  Object::Ptr p = object({{"name", name}, {"in", std::string(in)}, {"schema", schema}});
  if (required)
    p->set("required", true);
  if (!description.empty())
    p->set("description", description);
  return p;
}

Object::Ptr operationFor(const RouteEntry& route, Components& components) {
  const RouteSpec& spec = route.spec;
  Object::Ptr op = new Object;
  op->set("summary", spec.summary.empty() ? spec.method + " " + spec.path : spec.summary);
  op->set("operationId", operationId(route));
  Array::Ptr tags = new Array;
  tags->add(route.plugin.empty() ? std::string("host") : route.plugin);
  op->set("tags", tags);

  Array::Ptr parameters = new Array;
  bool hasId = false;
  for (const auto& segment : route.segments) {
    if (segment.size() < 3 || segment.front() != '{')
      continue;
    const std::string name = segment.substr(1, segment.size() - 2);
    const bool id = name == "id" || name.ends_with("_id");
    hasId = hasId || id;
    parameters->add(
        parameter(name, "path", true,
                  id ? object({{"type", "integer"}, {"minimum", 1}}) : object({{"type", "string"}}),
                  id ? "The id" : ""));
  }
  if (spec.list) {
    parameters->add(parameter("limit", "query", false,
                              object({{"type", "integer"},
                                      {"minimum", 1},
                                      {"maximum", Page::kMaxLimit},
                                      {"default", Page::kDefaultLimit}}),
                              "How many results a page has"));
    parameters->add(parameter("offset", "query", false,
                              object({{"type", "integer"}, {"minimum", 0}, {"default", 0}}),
                              "How many results to skip"));
  }
  if (spec.query) {
    // A query shape's fields are documented as a schema documents them.
    for (const auto& field : spec.query->fields()) {
      Object::Ptr schema = components.fieldSchema(field);
      const std::string description = schema->optValue<std::string>("description", "");
      schema->remove("description");
      parameters->add(parameter(field.name, "query", field.rules.required, schema, description));
    }
  }
  for (const auto& [name, description] : spec.headers) {
    parameters->add(parameter(name, "header", false, object({{"type", "string"}}), description));
  }
  if (spec.idempotent) {
    parameters->add(parameter(
        "Idempotency-Key", "header", false,
        object({{"type", "string"}, {"minLength", 1}, {"maxLength", 255}}),
        "The same key and body from the same caller to this route within 24 h answer the first "
        "response again (Idempotent-Replayed: true); another body, 422; the first still "
        "running, 409"));
  }
  parameters->add(ref("parameters", "RequestId"));
  op->set("parameters", parameters);

  Array::Ptr security = new Array;
  if (spec.access != Access::Public)
    security->add(object({{"bearerAuth", Array::Ptr(new Array)}}));
  op->set("security", security);
  if (!spec.scope.empty())
    op->set("x-duka-scope", spec.scope);

  const bool jsonBody = spec.request && spec.body == BodyKind::Json;
  if (spec.request) {
    const std::string media =
        spec.body == BodyKind::Form ? "application/x-www-form-urlencoded" : "application/json";
    op->set(
        "requestBody",
        object({{"required", true},
                {"content",
                 object({{media,
                          object({{"schema", ref("schemas", components.schema(
                                                                *spec.request,
                                                                spec.method == "PATCH"))}})}})}}));
  }

  Object::Ptr responses = new Object;
  Object::Ptr success =
      object({{"description", spec.summary.empty() ? "Success" : spec.summary},
              {"headers", object({{"X-Request-Id", ref("headers", "RequestId")}})}});
  if (spec.successStatus != 204) {
    Object::Ptr schema;
    std::string media = spec.responseType.empty() ? "application/json" : spec.responseType;
    if (spec.response)
      schema = ref("schemas",
                   spec.list ? components.page(*spec.response) : components.schema(*spec.response));
    else
      schema = object({{"type", spec.responseType.empty() ? "object" : "string"}});
    success->set("content", object({{media, object({{"schema", schema}})}}));
  }
  responses->set(std::to_string(spec.successStatus), success);

  // Every operation answers 400 to a malformed request or a Host that is not allowed.
  std::map<int, std::string> problems{
      {400, "The request is malformed, or its Host is not allowed"}};
  if (jsonBody || spec.query || spec.list || spec.body == BodyKind::Form)
    problems[400] =
        "The body or a query parameter is malformed or has the wrong type, or the "
        "Host is not allowed";
  if (spec.access != Access::Public)
    problems[401] = "No bearer token, or a bad one";
  if (spec.access == Access::Staff)
    problems[403] = "The caller is not staff";
  if (hasId)
    problems[404] = "No such resource, or not the caller's";
  if (jsonBody) {
    problems[413] = "The body is larger than the server accepts";
    problems[415] = "The body is not application/json";
    problems[422] = "A field breaks a rule (the errors name each field)";
  }
  for (const auto& [status, description] : spec.problems)
    problems[status] = description;
  for (const auto& [status, description] : problems) {
    Object::Ptr answer = problemResponse(description);
    if (status == 401)
      answer->getObject("headers")->set("WWW-Authenticate", ref("headers", "WWWAuthenticate"));
    if (status == 429)
      answer->getObject("headers")->set("Retry-After", ref("headers", "RetryAfter"));
    responses->set(std::to_string(status), answer);
  }
  responses->set("default",
                 problemResponse("An error of the server (500) or of its database (503)"));
  op->set("responses", responses);
  return op;
}

Object::Ptr problemSchema() {
  Object::Ptr properties = new Object;
  properties->set("type", object({{"type", "string"}, {"description", "A stable problem type"}}));
  properties->set("title", object({{"type", "string"}}));
  properties->set("status", object({{"type", "integer"}}));
  properties->set("detail", object({{"type", "string"}}));
  properties->set("request_id", object({{"type", "string"}}));
  properties->set("errors",
                  object({{"type", "object"},
                          {"description", "The messages about each field, by field name"},
                          {"additionalProperties",
                           object({{"type", "array"}, {"items", object({{"type", "string"}})}})}}));
  return object(
      {{"type", "object"}, {"description", "An RFC 9457 problem"}, {"properties", properties}});
}

}  // namespace

Object::Ptr buildOpenApi(const RouteTable& routes, const ApiDescription& description) {
  Components components;
  Object::Ptr paths = new Object;
  std::set<std::string> tagNames;
  for (const auto& route : routes.routes()) {
    const std::string path = documentedPath(route->spec.path);
    Object::Ptr item = paths->getObject(path);
    if (!item) {
      item = new Object;
      paths->set(path, item);
    }
    item->set(Poco::toLower(route->spec.method), operationFor(*route, components));
    tagNames.insert(route->plugin.empty() ? std::string("host") : route->plugin);
  }

  Array::Ptr tags = new Array;
  for (const auto& name : tagNames) {
    const auto found = description.tags.find(name);
    tags->add(object(
        {{"name", name}, {"description", found != description.tags.end() ? found->second : name}}));
  }

  Object::Ptr schemas = components.schemas();
  schemas->set("Problem", problemSchema());
  Object::Ptr headers = new Object;
  headers->set("RequestId",
               object({{"description", "The request's id: the client's X-Request-Id, or a new one"},
                       {"schema", object({{"type", "string"}})}}));
  headers->set("WWWAuthenticate",
               object({{"description", "Bearer"}, {"schema", object({{"type", "string"}})}}));
  headers->set("RetryAfter", object({{"description", "Seconds until a retry may succeed"},
                                     {"schema", object({{"type", "integer"}})}}));
  Object::Ptr parameters = new Object;
  parameters->set(
      "RequestId",
      parameter("X-Request-Id", "header", false,
                object({{"type", "string"}, {"maxLength", 128}, {"pattern", "^[!-~]+$"}}),
                "An id for this request (printable ASCII), echoed in the answer and the logs; "
                "another value is replaced by a new id"));
  Object::Ptr components_ = object(
      {{"schemas", schemas},
       {"headers", headers},
       {"parameters", parameters},
       {"securitySchemes",
        object({{"bearerAuth",
                 object({{"type", "http"}, {"scheme", "bearer"}, {"bearerFormat", "JWT"}})}})}});

  Array::Ptr servers = new Array;
  servers->add(object({{"url", description.serverUrl}}));
  return object({{"openapi", "3.1.0"},
                 {"info", object({{"title", "duka"},
                                  {"version", description.version},
                                  {"description", description.summary}})},
                 {"servers", servers},
                 {"tags", tags},
                 {"paths", paths},
                 {"components", components_}});
}

}  // namespace duka::host
