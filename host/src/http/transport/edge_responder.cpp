#include "http/transport/edge_responder.hpp"

#include <Poco/URI.h>

#include "host_api.hpp"
#include "http/dispatch/access_log.hpp"
#include "http/dispatch/request_handler.hpp"
#include "http/dispatch/response_writer.hpp"

namespace duka::host {

namespace {

// RequestLine is what the access log shows of a request whose head was not parsed: the
// words of its first line, when there are three.
struct RequestLine {
  std::string_view method = "-";
  std::string_view path = "-";
  std::string_view version = "-";
};

RequestLine requestLine(std::string_view head) {
  RequestLine line;
  std::string_view first = head.substr(0, head.find_first_of("\r\n"));
  const auto space1 = first.find(' ');
  const auto space2 = space1 == std::string_view::npos ? space1 : first.find(' ', space1 + 1);
  if (space2 == std::string_view::npos || first.find(' ', space2 + 1) != std::string_view::npos)
    return line;
  line.method = first.substr(0, space1);
  line.path = first.substr(space1 + 1, space2 - space1 - 1);
  line.path = line.path.substr(0, std::min<std::size_t>(line.path.find('?'), 1024));
  line.version = first.substr(space2 + 1);
  return line;
}

}  // namespace

HttpError requestTimeout() {
  return HttpError(408, "/problems/request-timeout", "Request Timeout",
                   "The request did not arrive in time.");
}

HttpError headerFieldsTooLarge(std::string detail) {
  return HttpError(431, "/problems/header-fields-too-large", "Request Header Fields Too Large",
                   std::move(detail));
}

HttpError tooManyConnections() {
  return HttpError(503, "/problems/unavailable", "Service Unavailable",
                   "The server has as many connections open as it may; try again.")
      .withHeader("Retry-After", "1");
}

EdgeResponder::EdgeResponder(MetricsRegistry& metrics, const ServingStates& states)
    : metrics_(metrics), states_(states) {}

void EdgeResponder::answer(BufferedSocketImpl& socket, const HttpError& error,
                           std::string_view head) const {
  const auto started = std::chrono::steady_clock::now();
  const std::string requestId = makeRequestId("");
  const Response response = problemResponse(error, requestId);

  writeResponse(response, requestId, {.keepAlive = false}, socket.output());

  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  metrics_.unmatched().observe(response.status, seconds);
  const std::shared_ptr<const ServingState> state = states_.current();
  if (state && state->accessLog) {
    const RequestLine line = requestLine(head);
    const std::string client = socket.peerAddress().host().toString();
    std::string path(line.path);
    try {
      std::string decoded;
      Poco::URI::decode(path, decoded);
      if (auto match = state->routes.match("GET", decoded); !match.secretTemplate.empty())
        path = match.secretTemplate;
    } catch (const Poco::Exception&) {
    }
    logAccess({client, line.method, path, line.version, response.status, response.body.size(),
               seconds, requestId});
  }
}

}  // namespace duka::host
