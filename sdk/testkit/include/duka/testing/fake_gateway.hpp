// FakeGateway: an HTTP server on 127.0.0.1 that stands in for an SMS provider (Africa's
// Talking, Twilio) in tests. It records every request (path, headers, form fields, time)
// and answers from a script the test sets, then from a default answer; an answer can be
// delayed to play a gateway that hangs past duka's timeout, or never end, or be huge, or be
// garbage.
#pragma once

#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/ThreadPool.h>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace duka::test {

struct GatewayReply {
  int status = 201;
  std::string contentType = "application/json";
  std::string body;  // "{n}" is replaced by the request's sequence number (1, 2, ...)
  std::chrono::milliseconds delay{0};
  // endless: the body is sent again and again, chunked, every 100 ms, until the client goes
  // (an answer that never ends).
  bool endless = false;
  // repeat: the body is sent this many times in a row as fast as the client reads, under a
  // Content-Length naming the whole (huge(): an answer of 100 MB, never held in memory).
  std::size_t repeat = 1;
  // raw: the body is written to the connection as it is, with no status line or headers,
  // and the connection closed (garbage for an answer).
  bool raw = false;

  // africasTalking is a 201 with one recipient of that statusCode, as Africa's Talking
  // answers; the messageId is "ATXid_{n}" (or "None" when the code refuses the message).
  static GatewayReply africasTalking(int statusCode, const std::string& status);
  static GatewayReply text(int status, const std::string& body);
  // huge is a 200 of about megabytes MB of JSON-looking text.
  static GatewayReply huge(std::size_t megabytes = 100);
  // garbage is bytes that are no HTTP answer at all.
  static GatewayReply garbage(const std::string& bytes);
};

struct GatewayRequest {
  int number = 0;
  std::string method;
  std::string path;
  std::map<std::string, std::string> headers;  // names in lower case
  std::string body;
  std::map<std::string, std::string> form;
  std::chrono::steady_clock::time_point at;
  bool answered = false;  // the reply was written (not only received)

  std::string header(const std::string& name) const;
  std::string field(const std::string& name) const;
};

class FakeGateway {
 public:
  FakeGateway();
  // With a port it serves on that one: a gateway that comes back where it was.
  explicit FakeGateway(std::uint16_t port);
  // With a PEM certificate and key it serves HTTPS instead (baseUrl says https://).
  FakeGateway(const std::string& certificateFile, const std::string& keyFile);
  ~FakeGateway();
  FakeGateway(const FakeGateway&) = delete;
  FakeGateway& operator=(const FakeGateway&) = delete;

  std::string baseUrl() const;  // http(s)://127.0.0.1:<port>
  // setDefault is the answer once the script is used up.
  void setDefault(GatewayReply reply);
  // script queues answers for the next requests, in order.
  void script(std::vector<GatewayReply> replies);
  // setDefaultFor and scriptFor do the same for the requests to one path (without the
  // query), before the answers for every path: a fake API with several endpoints (Daraja).
  void setDefaultFor(const std::string& path, GatewayReply reply);
  void scriptFor(const std::string& path, std::vector<GatewayReply> replies);
  // releaseDelays ends every delay now, and makes later ones end at once too.
  void releaseDelays();

  std::vector<GatewayRequest> requests() const;
  std::vector<GatewayRequest> requestsTo(const std::string& path) const;  // without the query
  std::size_t answered() const;
  // waitForRequests waits until at least n requests arrived (answered: were answered);
  // false on timeout.
  bool waitForRequests(std::size_t n, std::chrono::milliseconds timeout,
                       bool answeredToo = false) const;

 private:
  class Handler;
  class Factory;
  GatewayReply nextReply(GatewayRequest request, int& number);
  void markAnswered(int number);
  // waitDelay waits delay; false when releaseDelays ended the wait (or had already).
  bool waitDelay(std::chrono::milliseconds delay);
  void serve(Poco::Net::ServerSocket socket);

  mutable std::mutex mutex_;
  mutable std::condition_variable changed_;
  std::deque<GatewayReply> script_;
  std::map<std::string, std::deque<GatewayReply>> pathScripts_;
  std::map<std::string, GatewayReply> pathDefaults_;
  GatewayReply default_ = GatewayReply::africasTalking(101, "Success");
  std::vector<GatewayRequest> requests_;
  bool released_ = false;
  bool https_ = false;
  // The gateway's own threads, so that going waits for every handler still running
  // (Poco's default pool would let one touch the gateway after it is gone).
  Poco::ThreadPool threads_{2, 32};
  std::unique_ptr<Poco::Net::HTTPServer> server_;
};

}  // namespace duka::test
