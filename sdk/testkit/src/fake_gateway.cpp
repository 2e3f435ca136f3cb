#include <Poco/Net/Context.h>
#include <Poco/Net/HTMLForm.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerRequestImpl.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/SecureServerSocket.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/StreamCopier.h>
#include <Poco/String.h>

#include <duka/testing/fake_gateway.hpp>

namespace duka::test {

GatewayReply GatewayReply::africasTalking(int statusCode, const std::string& status) {
  const bool accepted = statusCode >= 100 && statusCode <= 102;
  GatewayReply reply;
  reply.body = R"({"SMSMessageData":{"Message":"Sent to 1/1 Total Cost: KES 0.8000",)"
               R"("Recipients":[{"statusCode":)" +
               std::to_string(statusCode) + R"(,"number":"+254711082000","status":")" + status +
               R"(","cost":"KES 0.8000","messageId":")" + (accepted ? "ATXid_{n}" : "None") +
               R"("}]}})";
  return reply;
}

GatewayReply GatewayReply::text(int status, const std::string& body) {
  GatewayReply reply;
  reply.status = status;
  reply.contentType = "text/plain";
  reply.body = body;
  return reply;
}

GatewayReply GatewayReply::huge(std::size_t megabytes) {
  GatewayReply reply;
  reply.status = 200;
  reply.body = "{\"padding\":\"" + std::string(1024 * 1024 - 16, 'x') + "\"}\n";
  reply.body.resize(1024 * 1024, ' ');
  reply.repeat = megabytes;
  return reply;
}

GatewayReply GatewayReply::garbage(const std::string& bytes) {
  GatewayReply reply;
  reply.body = bytes;
  reply.raw = true;
  return reply;
}

std::string GatewayRequest::header(const std::string& name) const {
  auto it = headers.find(Poco::toLower(name));
  return it == headers.end() ? "" : it->second;
}

std::string GatewayRequest::field(const std::string& name) const {
  auto it = form.find(name);
  return it == form.end() ? "" : it->second;
}

class FakeGateway::Handler : public Poco::Net::HTTPRequestHandler {
 public:
  explicit Handler(FakeGateway& gateway) : gateway_(gateway) {}
  void handleRequest(Poco::Net::HTTPServerRequest& request,
                     Poco::Net::HTTPServerResponse& response) override {
    GatewayRequest seen;
    seen.method = request.getMethod();
    seen.path = request.getURI();
    for (const auto& [name, value] : request)
      seen.headers[Poco::toLower(name)] = value;
    Poco::StreamCopier::copyToString(request.stream(), seen.body);
    if (Poco::icompare(request.getContentType().substr(0, 33),
                       "application/x-www-form-urlencoded") == 0) {
      Poco::Net::HTMLForm form;
      form.read(seen.body);
      for (const auto& [name, value] : form)
        seen.form[name] = value;
    }
    seen.at = std::chrono::steady_clock::now();
    int number = 0;
    GatewayReply reply = gateway_.nextReply(std::move(seen), number);
    gateway_.waitDelay(reply.delay);
    std::string body = reply.body;
    for (std::size_t at = body.find("{n}"); at != std::string::npos; at = body.find("{n}"))
      body.replace(at, 3, std::to_string(number));
    if (reply.raw) {
      auto& socket = static_cast<Poco::Net::HTTPServerRequestImpl&>(request).socket();
      socket.sendBytes(body.data(), static_cast<int>(body.size()));
      socket.shutdown();
      gateway_.markAnswered(number);
      return;
    }
    response.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(reply.status));
    response.setContentType(reply.contentType);
    if (reply.repeat > 1) {
      response.setContentLength64(static_cast<Poco::Int64>(body.size() * reply.repeat));
      std::ostream& out = response.send();
      for (std::size_t i = 0; i < reply.repeat && out.good(); ++i)
        out.write(body.data(), static_cast<std::streamsize>(body.size()));
    } else if (reply.endless) {
      response.setChunkedTransferEncoding(true);
      std::ostream& out = response.send();
      do {
        out << body << std::flush;
      } while (out.good() && gateway_.waitDelay(std::chrono::milliseconds(100)));
    } else {
      response.setContentLength(static_cast<std::streamsize>(body.size()));
      response.send() << body;
    }
    gateway_.markAnswered(number);
  }

 private:
  FakeGateway& gateway_;
};

class FakeGateway::Factory : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  explicit Factory(FakeGateway& gateway) : gateway_(gateway) {}
  Poco::Net::HTTPRequestHandler* createRequestHandler(
      const Poco::Net::HTTPServerRequest&) override {
    return new Handler(gateway_);
  }

 private:
  FakeGateway& gateway_;
};

FakeGateway::FakeGateway() {
  serve(Poco::Net::ServerSocket(Poco::Net::SocketAddress("127.0.0.1", 0)));
}

FakeGateway::FakeGateway(std::uint16_t port) {
  serve(Poco::Net::ServerSocket(Poco::Net::SocketAddress("127.0.0.1", port)));
}

FakeGateway::FakeGateway(const std::string& certificateFile, const std::string& keyFile)
    : https_(true) {
  Poco::Net::Context::Ptr context =
      new Poco::Net::Context(Poco::Net::Context::TLS_SERVER_USE, keyFile, certificateFile, "",
                             Poco::Net::Context::VERIFY_NONE);
  serve(Poco::Net::SecureServerSocket(Poco::Net::SocketAddress("127.0.0.1", 0), 64, context));
}

void FakeGateway::serve(Poco::Net::ServerSocket socket) {
  auto* params = new Poco::Net::HTTPServerParams;
  params->setMaxThreads(32);
  params->setKeepAlive(false);
  server_ = std::make_unique<Poco::Net::HTTPServer>(new Factory(*this), threads_, socket, params);
  server_->start();
}

FakeGateway::~FakeGateway() {
  releaseDelays();
  server_->stopAll(true);  // ends the delays and cuts every connection...
  threads_.joinAll();      // ...and the handlers have returned before the members go
}

std::string FakeGateway::baseUrl() const {
  return (https_ ? "https://127.0.0.1:" : "http://127.0.0.1:") + std::to_string(server_->port());
}

void FakeGateway::setDefault(GatewayReply reply) {
  std::lock_guard<std::mutex> lock(mutex_);
  default_ = std::move(reply);
}

void FakeGateway::script(std::vector<GatewayReply> replies) {
  std::lock_guard<std::mutex> lock(mutex_);
  for (auto& reply : replies)
    script_.push_back(std::move(reply));
}

void FakeGateway::releaseDelays() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    released_ = true;
  }
  changed_.notify_all();
}

void FakeGateway::setDefaultFor(const std::string& path, GatewayReply reply) {
  std::lock_guard<std::mutex> lock(mutex_);
  pathDefaults_[path] = std::move(reply);
}

void FakeGateway::scriptFor(const std::string& path, std::vector<GatewayReply> replies) {
  std::lock_guard<std::mutex> lock(mutex_);
  for (auto& reply : replies)
    pathScripts_[path].push_back(std::move(reply));
}

std::vector<GatewayRequest> FakeGateway::requestsTo(const std::string& path) const {
  std::vector<GatewayRequest> matching;
  for (auto& request : requests()) {
    if (request.path.substr(0, request.path.find('?')) == path)
      matching.push_back(std::move(request));
  }
  return matching;
}

GatewayReply FakeGateway::nextReply(GatewayRequest request, int& number) {
  std::lock_guard<std::mutex> lock(mutex_);
  number = static_cast<int>(requests_.size()) + 1;
  request.number = number;
  requests_.push_back(std::move(request));
  const std::string path = requests_.back().path.substr(0, requests_.back().path.find('?'));
  GatewayReply reply = default_;
  if (auto scripted = pathScripts_.find(path);
      scripted != pathScripts_.end() && !scripted->second.empty()) {
    reply = std::move(scripted->second.front());
    scripted->second.pop_front();
  } else if (auto fallback = pathDefaults_.find(path); fallback != pathDefaults_.end()) {
    reply = fallback->second;
  } else if (!script_.empty()) {
    reply = std::move(script_.front());
    script_.pop_front();
  }
  changed_.notify_all();
  return reply;
}

void FakeGateway::markAnswered(int number) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    requests_.at(static_cast<std::size_t>(number) - 1).answered = true;
  }
  changed_.notify_all();
}

bool FakeGateway::waitDelay(std::chrono::milliseconds delay) {
  std::unique_lock<std::mutex> lock(mutex_);
  return !changed_.wait_for(lock, delay, [this] { return released_; });
}

std::vector<GatewayRequest> FakeGateway::requests() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return requests_;
}

std::size_t FakeGateway::answered() const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::size_t n = 0;
  for (const auto& request : requests_)
    n += request.answered ? 1 : 0;
  return n;
}

bool FakeGateway::waitForRequests(std::size_t n, std::chrono::milliseconds timeout,
                                  bool answeredToo) const {
  std::unique_lock<std::mutex> lock(mutex_);
  return changed_.wait_for(lock, timeout, [&] {
    std::size_t count = 0;
    for (const auto& request : requests_)
      count += !answeredToo || request.answered ? 1 : 0;
    return count >= n;
  });
}

}  // namespace duka::test
