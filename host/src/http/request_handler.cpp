#include "http/request_handler.hpp"

#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/MediaType.h>
#include <Poco/String.h>
#include <Poco/URI.h>

#include <charconv>
#include <chrono>
#include <random>

#include "duka/http.hpp"
#include "duka/sql.hpp"

namespace duka::host {

namespace {

using Clock = std::chrono::steady_clock;

// readBody reads at most limit bytes; a longer body is a 413.
std::string readBody(Poco::Net::HTTPServerRequest& request, std::size_t limit) {
  if (request.hasContentLength() &&
      request.getContentLength64() > static_cast<Poco::Int64>(limit)) {
    throw payloadTooLarge(limit);
  }
  std::string body;
  if (!request.hasContentLength() && !request.getChunkedTransferEncoding())
    return body;
  std::istream& in = request.stream();
  char buffer[8192];
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
    body.append(buffer, static_cast<std::size_t>(in.gcount()));
    if (body.size() > limit)
      throw payloadTooLarge(limit);
  }
  return body;
}

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

Poco::JSON::Object::Ptr parseJsonBody(const std::string& body) {
  Poco::Dynamic::Var parsed;
  try {
    Poco::JSON::Parser parser;
    parsed = parser.parse(body);
  } catch (const Poco::Exception&) {
    throw badRequest("The body is not valid JSON.");
  }
  if (parsed.type() != typeid(Poco::JSON::Object::Ptr))
    return nullptr;
  return parsed.extract<Poco::JSON::Object::Ptr>();
}

void authorise(const RouteSpec& route, Request& request, const IdentityServices& identity,
               const Poco::Net::HTTPServerRequest& http) {
  std::optional<Principal> principal;
  // A copy: get() returns a reference to its default argument when the header is absent.
  const std::string header = http.get("Authorization", "");
  if (identity.authenticator && header.size() > 7 &&
      Poco::icompare(header.substr(0, 7), "Bearer ") == 0) {
    principal = identity.authenticator->authenticate(Poco::trim(header.substr(7)));
    if (principal && !principal->customerId && identity.customerLinks)
      principal->customerId = identity.customerLinks->customerOf(principal->subject);
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
  http.send().write(response.body.data(), static_cast<std::streamsize>(response.body.size()));
}

// logAccess writes one line per request: client, request line (path only: the query string
// may carry a secret such as a callback token), status, body bytes, milliseconds, request id.
// It is built by hand because Poco::format's type-erased arguments cost more than the rest of
// a small request.
void logAccess(const Poco::Net::HTTPServerRequest& http, const Response& response, double seconds,
               const std::string& path, const std::string& requestId) {
  static Poco::Logger& access = Poco::Logger::get("http.access");
  if (!access.information())
    return;
  char number[32];
  std::string line;
  line.reserve(128 + path.size());
  line += http.clientAddress().host().toString();
  line += " \"";
  line += http.getMethod();
  line += ' ';
  line += path;
  line += ' ';
  line += http.getVersion();
  line += "\" ";
  line += std::to_string(response.status);
  line += ' ';
  line += std::to_string(response.body.size());
  line += ' ';
  const auto end =
      std::to_chars(number, number + sizeof number, seconds * 1000, std::chars_format::fixed, 3);
  line.append(number, end.ptr);
  line += "ms rid=";
  line += requestId;
  access.information(line);
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

RequestHandler::RequestHandler(const RouteTable& routes, MetricsRegistry& metrics,
                               const IdentityServices& identity, const RequestHandlerConfig& config)
    : routes_(routes), metrics_(metrics), identity_(identity), config_(config) {}

void RequestHandler::handleRequest(Poco::Net::HTTPServerRequest& http,
                                   Poco::Net::HTTPServerResponse& httpResponse) {
  const auto started = Clock::now();
  const std::string requestId = makeRequestId(http.get("X-Request-Id", ""));
  const RouteEntry* route = nullptr;
  // path is what we log: the query string may carry a secret (a callback token).
  std::string path = http.getURI().substr(0, http.getURI().find('?'));
  Response response;
  try {
    Poco::URI uri;
    Request::Params query;
    try {
      uri = Poco::URI(http.getURI());
      path = uri.getPath();
      for (auto& [key, value] : uri.getQueryParameters())
        query.emplace_back(std::move(key), std::move(value));
    } catch (const Poco::Exception&) {
      throw badRequest("The request URI is malformed.");
    }
    RouteMatch match = routes_.match(http.getMethod(), uri.getPath());
    if (!match.route) {
      if (!match.allowed.empty())
        throw methodNotAllowed(match.allowed);
      throw notFound("No resource at " + uri.getPath());
    }
    route = match.route;

    std::string body;
    try {
      body = readBody(http, config_.maxBodyBytes);
    } catch (const HttpError&) {
      httpResponse.setKeepAlive(false);  // the unread rest of the body cannot be skipped
      throw;
    }
    Poco::JSON::Object::Ptr json;
    if (route->spec.body == BodyKind::Json && !body.empty()) {
      if (!isJsonMediaType(http.getContentType()))
        throw unsupportedMediaType();
      json = parseJsonBody(body);
    }

    Request::Params headers;
    for (const auto& [name, value] : http)
      headers.emplace_back(name, value);
    Request request(
        http.getMethod(), uri.getPath(), std::move(match.params), std::move(query),
        std::move(headers), std::move(body), requestId,
        "http://" + (http.getHost().empty() ? http.serverAddress().toString() : http.getHost()));
    request.setParsedJson(json);
    authorise(route->spec, request, identity_, http);
    response = route->spec.handler(request);
  } catch (const HttpError& error) {
    response = problemResponse(error, requestId);
  } catch (const DatabaseUnavailable& e) {
    // The database cannot take the request now (down, closing, every connection busy, a
    // deadlock): the client may try again; the cause is for the log, not the client.
    Poco::Logger::get("duka.http")
        .warning("request %s: %s %s: the database is unavailable: %s", requestId, http.getMethod(),
                 route ? route->spec.path : path, std::string(e.what()));
    response =
        problemResponse(serviceUnavailable("The database is unavailable right now; try again.")
                            .withHeader("Retry-After", "1"),
                        requestId);
  } catch (const std::exception& e) {
    Poco::Logger::get("duka.http")
        .error("request %s: %s %s failed: %s", requestId, http.getMethod(),
               route ? route->spec.path : path, std::string(e.what()));
    response = problemResponse(HttpError(500, "/problems/internal", "Internal Server Error",
                                         "An unexpected error occurred; quote the request id when "
                                         "reporting it."),
                               requestId);
  }

  try {
    send(httpResponse, response, requestId);
  } catch (const std::exception& e) {
    Poco::Logger::get("duka.http")
        .warning("request %s: the answer could not be sent: %s", requestId, std::string(e.what()));
  }
  const double seconds = std::chrono::duration<double>(Clock::now() - started).count();
  (route ? route->metrics : metrics_.unmatched()).observe(response.status, seconds);
  if (config_.accessLog)
    logAccess(http, response, seconds, path, requestId);
}

RequestHandlerFactory::RequestHandlerFactory(const RouteTable& routes, MetricsRegistry& metrics,
                                             IdentityServices identity, RequestHandlerConfig config)
    : routes_(routes), metrics_(metrics), identity_(std::move(identity)), config_(config) {}

Poco::Net::HTTPRequestHandler* RequestHandlerFactory::createRequestHandler(
    const Poco::Net::HTTPServerRequest&) {
  return new RequestHandler(routes_, metrics_, identity_, config_);
}

}  // namespace duka::host
