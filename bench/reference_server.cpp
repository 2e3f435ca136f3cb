// bench_reference: a bare Poco HTTPServer with the same thread count, queue and keep-alive
// as duka's defaults. It is the yardstick for duka's overhead:
//   GET /health, GET /api/hello/   fixed JSON
//   GET /api/inventory/            a fixed list of 20 items, the size duka answers
//   POST /sqlite-insert            one INSERT in its own transaction into a SQLite file with
//                                  duka's settings (WAL, synchronous=FULL, BEGIN IMMEDIATE):
//                                  what one committed write costs on this machine
//
//   bench_reference PORT [THREADS] [SQLITE_FILE]
#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Data/Session.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/ThreadPool.h>
#include <Poco/Util/ServerApplication.h>

#include <iostream>
#include <memory>
#include <mutex>
#include <string>

using Poco::Data::Keywords::into;
using Poco::Data::Keywords::now;
using Poco::Data::Keywords::use;

namespace {

// inventoryList is 20 items in the shape and size of duka's GET /api/inventory/.
std::string inventoryList() {
  std::string items;
  for (int i = 1; i <= 20; ++i) {
    const std::string n = std::to_string(i);
    items += (i > 1 ? "," : "") +
             std::string(R"({"available":999999990,"created_at":"2026-11-25T08:00:00Z","id":)") +
             n + R"(,"name":"Bench item )" + n +
             R"(","on_hand":1000000000,"price":"99.50","reserved":10,"sku":"BENCH-)" + n +
             R"(","status":"in_stock","updated_at":"2026-11-25T08:00:00Z","warn_limit":5})";
  }
  return R"({"count":20,"next":null,"previous":null,"results":[)" + items + "]}";
}

// SqliteWriter is one SQLite connection set up as duka sets up its own; SQLite has one
// writer at a time, so requests take turns on it.
class SqliteWriter {
 public:
  explicit SqliteWriter(const std::string& file) : session_("SQLite", file) {
    session_ << "PRAGMA journal_mode=WAL", now;
    session_ << "PRAGMA synchronous=FULL", now;
    session_ << "PRAGMA busy_timeout=10000", now;
    session_ << "CREATE TABLE IF NOT EXISTS bench_rows (id INTEGER PRIMARY KEY AUTOINCREMENT, "
                "body TEXT NOT NULL, created_at TEXT NOT NULL)",
        now;
  }
  Poco::Int64 insert(const std::string& body) {
    std::lock_guard lock(mutex_);
    std::string text = body, at = "2026-11-25T08:00:00Z";
    Poco::Int64 id = 0;
    session_ << "BEGIN IMMEDIATE", now;
    session_ << "INSERT INTO bench_rows (body, created_at) VALUES (?, ?)", use(text), use(at), now;
    session_ << "SELECT last_insert_rowid()", into(id), now;
    session_ << "COMMIT", now;
    return id;
  }

 private:
  std::mutex mutex_;
  Poco::Data::Session session_;
};

class FixedJson : public Poco::Net::HTTPRequestHandler {
 public:
  FixedJson(const std::string& inventory, SqliteWriter* writer)
      : inventory_(inventory), writer_(writer) {}
  void handleRequest(Poco::Net::HTTPServerRequest& request,
                     Poco::Net::HTTPServerResponse& response) override {
    const std::string& uri = request.getURI();
    std::string body;
    if (uri.rfind("/sqlite-insert", 0) == 0 && writer_) {
      std::string input;
      std::getline(request.stream(), input, '\0');
      body = R"({"id":)" + std::to_string(writer_->insert(input)) + "}";
      response.setStatus(Poco::Net::HTTPResponse::HTTP_CREATED);
    } else if (uri.rfind("/api/inventory", 0) == 0) {
      body = inventory_;
    } else {
      body =
          uri.rfind("/api/hello", 0) == 0 ? R"({"message":"Hello, world!"})" : R"({"status":"ok"})";
    }
    response.setContentType("application/json; charset=utf-8");
    response.setContentLength64(static_cast<Poco::Int64>(body.size()));
    response.send() << body;
  }

 private:
  const std::string& inventory_;
  SqliteWriter* writer_;
};

class Factory : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  explicit Factory(SqliteWriter* writer) : inventory_(inventoryList()), writer_(writer) {}
  Poco::Net::HTTPRequestHandler* createRequestHandler(
      const Poco::Net::HTTPServerRequest&) override {
    return new FixedJson(inventory_, writer_);
  }

 private:
  const std::string inventory_;
  SqliteWriter* writer_;
};

class ReferenceServer : public Poco::Util::ServerApplication {
 protected:
  int main(const ArgVec& args) override {
    const auto port = static_cast<Poco::UInt16>(args.empty() ? 8081 : std::stoi(args[0]));
    const int threads = args.size() > 1 ? std::stoi(args[1]) : 64;
    Poco::Data::SQLite::Connector::registerConnector();
    std::unique_ptr<SqliteWriter> writer;
    if (args.size() > 2)
      writer = std::make_unique<SqliteWriter>(args[2]);
    Poco::Net::HTTPServerParams::Ptr params = new Poco::Net::HTTPServerParams;
    params->setMaxThreads(threads);
    params->setMaxQueued(1024);
    params->setKeepAlive(true);
    params->setKeepAliveTimeout(Poco::Timespan(5, 0));
    params->setMaxKeepAliveRequests(0);
    Poco::ThreadPool pool(2, threads);
    Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", port), 1024);
    Poco::Net::HTTPServer server(new Factory(writer.get()), pool, socket, params);
    server.start();
    std::cout << "reference listening on 127.0.0.1:" << server.port() << std::endl;
    waitForTerminationRequest();
    server.stopAll(true);
    return EXIT_OK;
  }
};

}  // namespace

POCO_SERVER_MAIN(ReferenceServer)
