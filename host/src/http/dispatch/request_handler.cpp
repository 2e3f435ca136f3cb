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
               const Poco::Net::HTTPServerRequest& http, const std::string& clientAddress) {
  std::optional<Principal> principal;
  // A copy: get() returns a reference to its default argument when the header is absent.
  const std::string header = http.get("Authorization", "");
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

void send(Poco::Net::HTTPServerResponse& http, const Response& response,
          const std::string& requestId) {
  http.setStatusAndReason(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(response.status));
  http.set("X-Request-Id", requestId);
  for (const auto& [name, value] : response.headers)
    http.set(name, value);
  if (response.status == 204 || response.status == 304) {
    http.setContentLength(0);
    http.send();
    return;
  }
  if (!response.contentType.empty())
    http.setContentType(response.contentType);
  http.setContentLength64(static_cast<Poco::Int64>(response.body.size()));
  // Poco sends the headers alone for HEAD and discards what is written after them.
  http.send().write(response.body.data(), static_cast<std::streamsize>(response.body.size()));
}

// allValues joins every line of a header that may come several times (X-Forwarded-For:
// a client's own line, then a proxy's) as one comma-separated list, in order.
std::string allValues(const Poco::Net::HTTPServerRequest& http, const std::string& name) {
  std::string joined;
  for (auto it = http.find(name); it != http.end() && Poco::icompare(it->first, name) == 0; ++it) {
    if (!joined.empty())
      joined += ", ";
    joined += it->second;
  }
  return joined;
}

std::optional<std::string> header(const Poco::Net::HTTPServerRequest& http,
                                  const std::string& name) {
  const auto found = http.find(name);
  if (found == http.end())
    return std::nullopt;
  return found->second;
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

Response RequestHandler::route(const ServingState& state, Poco::Net::HTTPServerRequest& http,
                               RequestBody& body, const Origin& origin,
                               const std::string& requestId, const RouteEntry*& matched,
                               std::string& logged) {
  Poco::URI uri;
  NameValues query;
  try {
    uri = Poco::URI(http.getURI());
    for (auto& [key, value] : uri.getQueryParameters())
      query.emplace_back(std::move(key), std::move(value));
  } catch (const Poco::Exception&) {
    throw badRequest("The request URI is malformed.");
  }
  if (!isUtf8(uri.getPath()))
    throw badRequest("The request path is not UTF-8 once percent-decoded.");
  const std::string& method = http.getMethod();
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
    if (http.has("Access-Control-Request-Method")) {
      for (auto& [name, value] : state.cors.preflightHeaders(http.get("Origin", ""), match.allowed))
        options.withHeader(name, value);
    }
    return options;
  }
  matched = match.route;

  Poco::JSON::Object::Ptr json;
  if (matched->spec.body == BodyKind::Json && !body.bytes.empty()) {
    if (!isJsonMediaType(http.getContentType()))
      throw unsupportedMediaType();
    json = parseJsonBody(body.bytes);
  }
  NameValues headers;
  for (const auto& [name, value] : http)
    headers.emplace_back(name, value);
  HostRequest request({.method = method == "HEAD" ? "GET" : method,
                       .path = uri.getPath(),
                       .pathParams = std::move(match.params),
                       .query = std::move(query),
                       .headers = std::move(headers),
                       .body = std::move(body.bytes),
                       .requestId = requestId,
                       .baseUrl = origin.baseUrl,
                       .clientAddress = origin.clientAddress,
                       .json = json});
  authorise(matched->spec, request, state.identity, http, origin.clientAddress);
  if (matched->spec.idempotent)
    return idempotency_.answer(request, [&] { return matched->spec.handler(request); });
  return matched->spec.handler(request);
}

void RequestHandler::handle(Poco::Net::HTTPServerRequest& http,
                            Poco::Net::HTTPServerResponse& httpResponse, RequestBody body) {
  const auto started = Clock::now();
  // Held until the request is answered and logged: its routes, their handlers and the
  // plugins behind them stay while it is served (a reload retires them afterwards).
  const std::shared_ptr<const ServingState> state = states_.current();
  if (!state) {  // nothing serves yet, or any more: the front refuses before this happens
    httpResponse.setStatusAndReason(Poco::Net::HTTPResponse::HTTP_SERVICE_UNAVAILABLE);
    httpResponse.setKeepAlive(false);
    httpResponse.setContentLength(0);
    httpResponse.send();
    return;
  }
  const std::string requestId = makeRequestId(http.get("X-Request-Id", ""));
  const RequestLogScope logScope(requestId);  // lines logged meanwhile name the request
  const RouteEntry* route = nullptr;
  // path is what we log: never the query string, which may carry a secret, and the route's
  // template where the path itself carries one (route() sets it so).
  std::string path = http.getURI().substr(0, http.getURI().find('?'));
  // The client address first: the access log needs it also when the Host is refused.
  Origin origin{
      state->origin.clientAddress(http.clientAddress().host(), allValues(http, "X-Forwarded-For")),
      ""};
  Response response;
  try {
    origin.baseUrl =
        state->origin.baseUrl(http.clientAddress(), http.serverAddress(), header(http, "Host"),
                              allValues(http, "X-Forwarded-Proto"));
    response = this->route(*state, http, body, origin, requestId, route, path);
  } catch (const HttpError& error) {
    response = problemResponse(error, requestId);
  } catch (const CommitOutcomeUnknown& e) {
    // The connection broke while the request's change was committing, and PostgreSQL could
    // not be asked how it ended: say so, so that the client does not take a 503 for "not
    // done"; its retry with the same Idempotency-Key answers.
    Poco::Logger::get("duka.http")
        .warning("request %s: %s %s: %s", requestId, http.getMethod(), path, std::string(e.what()));
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
        .warning("request %s: %s %s: the database is unavailable: %s", requestId, http.getMethod(),
                 path, std::string(e.what()));
    response =
        problemResponse(serviceUnavailable("The database is unavailable right now; try again.")
                            .withHeader("Retry-After", "1"),
                        requestId);
  } catch (const std::exception& e) {
    Poco::Logger::get("duka.http")
        .error("request %s: %s %s failed: %s", requestId, http.getMethod(), path,
               std::string(e.what()));
    response = problemResponse(HttpError(500, "/problems/internal", "Internal Server Error",
                                         "An unexpected error occurred; quote the request id when "
                                         "reporting it."),
                               requestId);
  }
  if (state->cors.enabled() && http.has("Origin")) {
    for (auto& [name, value] : state->cors.responseHeaders(http.get("Origin")))
      response.headers.emplace_back(std::move(name), std::move(value));
  }
  if (body.error)
    httpResponse.setKeepAlive(false);

  try {
    send(httpResponse, response, requestId);
  } catch (const std::exception& e) {
    Poco::Logger::get("duka.http")
        .warning("request %s: the answer could not be sent: %s", requestId, std::string(e.what()));
  }
  const double seconds = std::chrono::duration<double>(Clock::now() - started).count();
  (route ? *route->metrics : metrics_.unmatched()).observe(response.status, seconds);
  if (state->accessLog) {
    const bool head = http.getMethod() == "HEAD";
    logAccess({origin.clientAddress, http.getMethod(), path, http.getVersion(), response.status,
               head ? 0 : response.body.size(), seconds, requestId,
               route ? std::string_view(route->spec.path) : std::string_view("unmatched")});
  }
}

}  // namespace duka::host
