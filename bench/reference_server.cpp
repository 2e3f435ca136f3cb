// bench_reference: a bare Poco HTTPServer with the same thread count, queue and keep-alive
// as duka's defaults, answering fixed JSON on GET /health and GET /api/hello/. It is the
// yardstick for duka's routing, request-id, metrics, access-log and plugin overhead.
//
//   bench_reference PORT [THREADS]
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/ThreadPool.h>
#include <Poco/Util/ServerApplication.h>

#include <iostream>
#include <string>

namespace {

class FixedJson : public Poco::Net::HTTPRequestHandler {
 public:
  void handleRequest(Poco::Net::HTTPServerRequest& request,
                     Poco::Net::HTTPServerResponse& response) override {
    const std::string& uri = request.getURI();
    const std::string body =
        uri.rfind("/api/hello", 0) == 0 ? R"({"message":"Hello, world!"})" : R"({"status":"ok"})";
    response.setContentType("application/json; charset=utf-8");
    response.setContentLength64(static_cast<Poco::Int64>(body.size()));
    response.send() << body;
  }
};

class Factory : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  Poco::Net::HTTPRequestHandler* createRequestHandler(
      const Poco::Net::HTTPServerRequest&) override {
    return new FixedJson;
  }
};

class ReferenceServer : public Poco::Util::ServerApplication {
 protected:
  int main(const ArgVec& args) override {
    const auto port = static_cast<Poco::UInt16>(args.empty() ? 8081 : std::stoi(args[0]));
    const int threads = args.size() > 1 ? std::stoi(args[1]) : 64;
    Poco::Net::HTTPServerParams::Ptr params = new Poco::Net::HTTPServerParams;
    params->setMaxThreads(threads);
    params->setMaxQueued(1024);
    params->setKeepAlive(true);
    params->setKeepAliveTimeout(Poco::Timespan(5, 0));
    params->setMaxKeepAliveRequests(0);
    Poco::ThreadPool pool(2, threads);
    Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", port), 1024);
    Poco::Net::HTTPServer server(new Factory, pool, socket, params);
    server.start();
    std::cout << "reference listening on 127.0.0.1:" << server.port() << std::endl;
    waitForTerminationRequest();
    server.stopAll(true);
    return EXIT_OK;
  }
};

}  // namespace

POCO_SERVER_MAIN(ReferenceServer)
