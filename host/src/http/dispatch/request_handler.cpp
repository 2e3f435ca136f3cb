#include "http/dispatch/request_handler.hpp"

#include <Poco/Logger.h>
#include <Poco/Net/MediaType.h>
#include <Poco/String.h>
#include <Poco/URI.h>

#include <chrono>
#include <random>

#include "db/commit_outcome.hpp"
#include "duka/facility/utf8.hpp"
#include "duka/sql.hpp"
#include "host_api.hpp"
#include "http/dispatch/access_log.hpp"
#include "http/dispatch/host_request.hpp"
#include "http/dispatch/json_request_body.hpp"
#include "http/dispatch/response_writer.hpp"
#include "logging/log_context.hpp"

namespace duka::host {

namespace {

using Clock = std::chrono::steady_clock;

bool isJsonMediaType(const std::string& contentType) {
  if (contentType.empty())
    return false;
  try {
    Poco::Net::MediaType type(contentType);
    return Poco::icompare(type.getType(), "application") == 0 &&
           (Poco::icompare(type.getSubType(), "json") == 0 ||
            Poco::endsWith(Poco::toLower(type.getSubType()), std::string("+json")));
  } catch (...) {
    return false;
  }
}

void authorise(const RouteSpec& route, HostRequest& request, const IdentityServices& identity,
               const std::string& header, const std::string& clientAddress) {
  std::optional<Principal> principal;
  if (identity.authenticator && header.size() > 7 &&
      Poco::icompare(header.substr(0, 7), "Bearer ") == 0) {
    const std::string token = Poco::trim(header.substr(7));
    principal = identity.clientAuthenticator
                    ? identity.clientAuthenticator->authenticate(token, clientAddress)
                    : identity.authenticator->authenticate(token);
    if (principal) {
      for (const auto& linker : identity.linkers)
        linker->link(*principal);
    }
  }
  if (route.access == Access::Public) {
    request.setPrincipal(std::move(principal));
    return;
  }
  if (!principal) {
    throw unauthorized(header.empty() ? "Authentication is required." : "The token is not valid.");
  }
  if (route.access == Access::Staff && !principal->isStaff())
    throw forbidden();
  if (isApiKey(*principal)) {
    // An API key is staff limited to its scopes (SPEC 11); a route without a scope is for
    // people, keys' own routes included.
    if (route.scope.empty())
      throw forbidden("API keys cannot call this route; it is for people.");
    if (!holdsScope(*principal, route.scope)) {
      throw HttpError(403, "/problems/forbidden", "Forbidden",
                      "This API key lacks the scope " + route.scope + ".",
                      {{"missing_scope", {route.scope}}});
    }
  }
  request.setPrincipal(std::move(principal));
}

// fieldOr is the value of the head's field of that name, or fallback.
std::string fieldOr(const RequestHead& head, std::string_view name, std::string fallback = "") {
  const std::string* value = head.field(name);
  return value ? *value : std::move(fallback);
}

}  // namespace

std::string makeRequestId(const std::string& fromClient) {
  if (!fromClient.empty() && fromClient.size() <= 128) {
    bool sane = true;
    for (char c : fromClient)
      sane = sane && c > 0x20 && c < 0x7f;
    if (sane)
      return fromClient;
  }
  thread_local std::mt19937_64 random{std::random_device{}()};
  static const char* hex = "0123456789abcdef";
  std::string id(32, '0');
  std::uint64_t a = random(), b = random();
  for (int i = 0; i < 16; ++i) {
    id[i] = hex[(a >> (i * 4)) & 0xf];
    id[16 + i] = hex[(b >> (i * 4)) & 0xf];
  }
  return id;
}

RequestHandler::RequestHandler(const ServingStates& states, MetricsRegistry& metrics,
                               IdempotencyKeys& idempotency)
    : states_(states), metrics_(metrics), idempotency_(idempotency) {}

Response RequestHandler::route(const ServingState& state, RequestHead& head, RequestBody& body,
                               const Origin& origin, const std::string& requestId,
                               const RouteEntry*& matched, std::string& logged) {
  Poco::URI uri;
  NameValues query;
  try {
    uri = Poco::URI(head.target);
    for (auto& [key, value] : uri.getQueryParameters())
      query.emplace_back(std::move(key), std::move(value));
  } catch (const Poco::Exception&) {
    throw badRequest("The request URI is malformed.");
  }
  if (!isUtf8(uri.getPath()))
    throw badRequest("The request path is not UTF-8 once percent-decoded.");
  const std::string& method = head.method;
  RouteMatch match = state.routes.match(method, uri.getPath());
  if (!match.secretTemplate.empty())
    logged = match.secretTemplate;
  if (body.error)
    throw *body.error;
  if (!match.route) {
    if (match.allowed.empty())
      throw notFound("No resource at " + uri.getPath());
    if (method != "OPTIONS")
      throw methodNotAllowed(match.allowed);
    // OPTIONS on a known path: its methods, and a CORS preflight's answer when it is one.
    Response options = Response::noContent();
    options.withHeader("Allow",
                       Poco::cat(std::string(", "), match.allowed.begin(), match.allowed.end()));
    if (head.field("Access-Control-Request-Method")) {
      for (auto& [name, value] :
           state.cors.preflightHeaders(fieldOr(head, "Origin"), match.allowed))
        options.withHeader(name, value);
    }
    return options;
  }
  matched = match.route;

  Poco::JSON::Object::Ptr json;
  if (matched->spec.body == BodyKind::Json && !body.bytes.empty()) {
    if (!isJsonMediaType(fieldOr(head, "Content-Type")))
      throw unsupportedMediaType();
    json = parseJsonBody(body.bytes);
  }
  const std::string authorization = fieldOr(head, "Authorization");
  HostRequest request({.method = method == "HEAD" ? "GET" : method,
                       .path = uri.getPath(),
                       .pathParams = std::move(match.params),
                       .query = std::move(query),
                       .headers = std::move(head.fields),
                       .body = std::move(body.bytes),
                       .requestId = requestId,
                       .baseUrl = origin.baseUrl,
                       .clientAddress = origin.clientAddress,
                       .json = json});
  authorise(matched->spec, request, state.identity, authorization, origin.clientAddress);
  if (matched->spec.idempotent)
    return idempotency_.answer(request, [&] { return matched->spec.handler(request); });
  return matched->spec.handler(request);
}

bool RequestHandler::handle(RequestHead head, RequestBody body, bool keepAlive, std::string& out) {
  const auto started = Clock::now();
  // Held until the request is answered and logged: its routes, their handlers and the
  // plugins behind them stay while it is served (a reload retires them afterwards).
  const std::shared_ptr<const ServingState> state = states_.current();
  if (!state) {  // nothing serves yet, or any more: the front refuses before this happens
    writeResponse(Response{.status = 503, .body = "", .contentType = "", .headers = {}},
                  makeRequestId(""), {.version = head.version, .keepAlive = false}, out);
    return false;
  }
  const std::string requestId = makeRequestId(fieldOr(head, "X-Request-Id"));
  const RequestLogScope logScope(requestId);  // lines logged meanwhile name the request
  const RouteEntry* route = nullptr;
  // path is what we log: never the query string, which may carry a secret, and the route's
  // template where the path itself carries one (route() sets it so).
  std::string path = head.target.substr(0, head.target.find('?'));
  // Read before route() hands the fields to the handler's Request.
  const std::string* originField = head.field("Origin");
  const std::optional<std::string> corsOrigin =
      state->cors.enabled() && originField ? std::optional(*originField) : std::nullopt;
  // The client address first: the access log needs it also when the Host is refused.
  Origin origin{state->origin.clientAddress(head.client.host(), head.allValues("X-Forwarded-For")),
                ""};
  Response response;
  try {
    const std::string* host = head.field("Host");
    origin.baseUrl = state->origin.baseUrl(head.client, head.server,
                                           host ? std::optional<std::string>(*host) : std::nullopt,
                                           head.allValues("X-Forwarded-Proto"));
    response = this->route(*state, head, body, origin, requestId, route, path);
  } catch (const HttpError& error) {
    response = problemResponse(error, requestId);
  } catch (const CommitOutcomeUnknown& e) {
    // The connection broke while the request's change was committing, and PostgreSQL could
    // not be asked how it ended: say so, so that the client does not take a 503 for "not
    // done"; its retry with the same Idempotency-Key answers.
    Poco::Logger::get("duka.http")
        .warning("request %s: %s %s: %s", requestId, head.method, path, std::string(e.what()));
    response = problemResponse(
        HttpError(503, "/problems/outcome-unknown", "Outcome Unknown",
                  "The connection to the database broke while this change was being saved, and "
                  "whether it was saved cannot be learned yet. Retry with the same "
                  "Idempotency-Key: the retry answers what happened.")
            .withHeader("Retry-After", "1"),
        requestId);
  } catch (const DatabaseUnavailable& e) {
    // The database cannot take the request now (down, closing, every connection busy, a
    // deadlock): the client may try again; the cause is for the log, not the client.
    Poco::Logger::get("duka.http")
        .warning("request %s: %s %s: the database is unavailable: %s", requestId, head.method, path,
                 std::string(e.what()));
    response =
        problemResponse(serviceUnavailable("The database is unavailable right now; try again.")
                            .withHeader("Retry-After", "1"),
                        requestId);
  } catch (const std::exception& e) {
    Poco::Logger::get("duka.http")
        .error("request %s: %s %s failed: %s", requestId, head.method, path, std::string(e.what()));
    response = problemResponse(HttpError(500, "/problems/internal", "Internal Server Error",
                                         "An unexpected error occurred; quote the request id when "
                                         "reporting it."),
                               requestId);
  }
  if (corsOrigin) {
    for (auto& [name, value] : state->cors.responseHeaders(*corsOrigin))
      response.headers.emplace_back(std::move(name), std::move(value));
  }
  // A body that could not be read leaves the connection in an unknown place: it closes.
  const bool stays = keepAlive && head.keepAlive && !body.error;
  const bool headOnly = head.method == "HEAD";
  writeResponse(response, requestId,
                {.version = head.version, .keepAlive = stays, .headOnly = headOnly}, out);

  const double seconds = std::chrono::duration<double>(Clock::now() - started).count();
  (route ? *route->metrics : metrics_.unmatched()).observe(response.status, seconds);
  if (state->accessLog) {
    logAccess({origin.clientAddress, head.method, path, head.version, response.status,
               headOnly ? 0 : response.body.size(), seconds, requestId,
               route ? std::string_view(route->spec.path) : std::string_view("unmatched")});
  }
  return stays;
}

}  // namespace duka::host
