#include "http/openapi.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>
#include <Poco/String.h>

namespace duka::host {

namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;

Object::Ptr parseSchema(const std::string& text) {
  if (text.empty())
    return nullptr;
  try {
    return Poco::JSON::Parser().parse(text).extract<Object::Ptr>();
  } catch (...) {
    return nullptr;  // a malformed schema only loses its documentation
  }
}

Object::Ptr jsonContent(Object::Ptr schema, const std::string& mediaType) {
  Object::Ptr media = new Object;
  media->set("schema", schema);
  Object::Ptr content = new Object;
  content->set(mediaType, media);
  return content;
}

Object::Ptr ref(const std::string& name) {
  Object::Ptr schema = new Object;
  schema->set("$ref", "#/components/schemas/" + name);
  return schema;
}

Object::Ptr problemSchema() {
  Object::Ptr properties = new Object;
  for (const char* field : {"type", "title", "detail", "request_id"}) {
    Object::Ptr s = new Object;
    s->set("type", "string");
    properties->set(field, s);
  }
  Object::Ptr status = new Object;
  status->set("type", "integer");
  properties->set("status", status);
  Object::Ptr messages = new Object;
  messages->set("type", "array");
  Object::Ptr item = new Object;
  item->set("type", "string");
  messages->set("items", item);
  Object::Ptr errors = new Object;
  errors->set("type", "object");
  errors->set("additionalProperties", messages);
  properties->set("errors", errors);
  Object::Ptr schema = new Object;
  schema->set("type", "object");
  schema->set("properties", properties);
  return schema;
}

Object::Ptr operationFor(const RouteEntry& route) {
  const RouteSpec& spec = route.spec;
  Object::Ptr op = new Object;
  op->set("summary", spec.summary);
  op->set("operationId", Poco::toLower(spec.method) + Poco::replace(spec.path, "/", "_"));
  Array::Ptr tags = new Array;
  tags->add(route.plugin.empty() ? std::string("host") : route.plugin);
  op->set("tags", tags);

  Array::Ptr parameters = new Array;
  for (const auto& segment : route.segments) {
    if (segment.size() < 3 || segment.front() != '{')
      continue;
    Object::Ptr p = new Object;
    p->set("name", segment.substr(1, segment.size() - 2));
    p->set("in", "path");
    p->set("required", true);
    Object::Ptr schema = new Object;
    schema->set("type", "string");
    p->set("schema", schema);
    parameters->add(p);
  }
  if (parameters->size())
    op->set("parameters", parameters);

  if (spec.access != Access::Public) {
    Array::Ptr security = new Array;
    Object::Ptr bearer = new Object;
    bearer->set("bearerAuth", Array::Ptr(new Array));
    security->add(bearer);
    op->set("security", security);
  }
  if (Object::Ptr request = parseSchema(spec.requestSchema)) {
    Object::Ptr body = new Object;
    body->set("required", true);
    body->set("content",
              jsonContent(request, spec.body == BodyKind::Form ? "application/x-www-form-urlencoded"
                                                               : "application/json"));
    op->set("requestBody", body);
  }

  Object::Ptr responses = new Object;
  Object::Ptr success = new Object;
  success->set("description", "Success");
  if (Object::Ptr schema = parseSchema(spec.responseSchema))
    success->set("content", jsonContent(schema, "application/json"));
  responses->set(std::to_string(spec.successStatus), success);
  Object::Ptr problem = new Object;
  problem->set("description", "An RFC 9457 problem");
  problem->set("content", jsonContent(ref("Problem"), "application/problem+json"));
  responses->set("default", problem);
  op->set("responses", responses);
  return op;
}

}  // namespace

Object::Ptr buildOpenApi(const RouteTable& routes, const std::string& version) {
  Object::Ptr paths = new Object;
  for (const auto& route : routes.routes()) {
    Object::Ptr item = paths->getObject(route->spec.path);
    if (!item) {
      item = new Object;
      paths->set(route->spec.path, item);
    }
    item->set(Poco::toLower(route->spec.method), operationFor(*route));
  }

  Object::Ptr info = new Object;
  info->set("title", "duka");
  info->set("version", version);
  info->set("description", "Order management for small retailers and distributors.");

  Object::Ptr bearer = new Object;
  bearer->set("type", "http");
  bearer->set("scheme", "bearer");
  bearer->set("bearerFormat", "JWT");
  Object::Ptr securitySchemes = new Object;
  securitySchemes->set("bearerAuth", bearer);
  Object::Ptr schemas = new Object;
  schemas->set("Problem", problemSchema());
  Object::Ptr components = new Object;
  components->set("securitySchemes", securitySchemes);
  components->set("schemas", schemas);

  Object::Ptr doc = new Object;
  doc->set("openapi", "3.0.3");
  doc->set("info", info);
  doc->set("paths", paths);
  doc->set("components", components);
  return doc;
}

}  // namespace duka::host
