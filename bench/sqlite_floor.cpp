// bench_sqlite_floor: what the SQL of one order costs SQLite alone, as the floor under the
// CPU duka's writer thread spends per order. It copies duka's bench database (a backup,
// while duka runs), then runs, straight on the SQLite C API with statements compiled once,
// the statements duka's writer runs for POST /api/orders/ with one item: in batches of 32
// orders under one COMMIT, each order in its own savepoint, as duka's group commit does
// (docs/design/group-commit.md). No HTTP, no Poco, no JSON, no events: the difference to
// duka's figure is duka's own work per order.
//
// The statements are those of the customers, inventory, orders, audit and sms plugins as
// of 2026-12 (taken with a statement trace of one order, the audit sealer's seal included);
// change them here when the plugins change theirs.
//
// With DELIVERIES, each order also writes that many webhook deliveries (the webhooks plugin's
// rows, body and all, as duka's database has the table), and the batch settles each one
// delivered before its COMMIT: the least SPEC 11 asks of a writer for a delivery, with no
// claim, no lease and no attempt row. With "bare", the deliveries go to a table of the same
// columns with no index but its key; with "bare-unsettled", there and never settled.
// bench/webhooks compares the floors.
//
//   bench_sqlite_floor DUKA_DB COPY [ORDERS [DELIVERIES [bare|bare-unsettled]]]
//       prints "<CPU microseconds> us per order (CPU; <wall microseconds> wall; ...)"
#include <sqlite3.h>
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

constexpr int kBatch = 32;

// Connection is one SQLite connection with duka's settings (host/src/db/sql_database.cpp).
class Connection {
 public:
  explicit Connection(const std::string& path) {
    if (sqlite3_open(path.c_str(), &db_) != SQLITE_OK)
      throw std::runtime_error("cannot open " + path);
    exec(
        "PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000; "
        "PRAGMA temp_store = MEMORY; PRAGMA synchronous = FULL");
  }
  ~Connection() {
    for (sqlite3_stmt* statement : statements_)
      sqlite3_finalize(statement);
    sqlite3_close(db_);
  }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  sqlite3* handle() { return db_; }

  void exec(const char* sql) {
    char* error = nullptr;
    if (sqlite3_exec(db_, sql, nullptr, nullptr, &error) != SQLITE_OK) {
      const std::string message = error != nullptr ? error : "unknown error";
      sqlite3_free(error);
      throw std::runtime_error(message);
    }
  }

  // prepare compiles a statement once; the connection finalizes it.
  sqlite3_stmt* prepare(const char* sql) {
    sqlite3_stmt* statement = nullptr;
    if (sqlite3_prepare_v2(db_, sql, -1, &statement, nullptr) != SQLITE_OK)
      throw std::runtime_error(std::string(sql) + ": " + sqlite3_errmsg(db_));
    statements_.push_back(statement);
    return statement;
  }

  // run steps a statement through all its rows and resets it.
  void run(sqlite3_stmt* statement) {
    int rc = SQLITE_ROW;
    while (rc == SQLITE_ROW)
      rc = sqlite3_step(statement);
    sqlite3_reset(statement);
    if (rc != SQLITE_DONE)
      throw std::runtime_error(sqlite3_errmsg(db_));
  }

 private:
  sqlite3* db_ = nullptr;
  std::vector<sqlite3_stmt*> statements_;
};

// copyDatabase takes a consistent copy of a database another process is writing.
void copyDatabase(const std::string& from, const std::string& to) {
  Connection source(from);
  Connection target(to);
  sqlite3_backup* backup = sqlite3_backup_init(target.handle(), "main", source.handle(), "main");
  if (backup == nullptr)
    throw std::runtime_error(sqlite3_errmsg(target.handle()));
  const int rc = sqlite3_backup_step(backup, -1);
  sqlite3_backup_finish(backup);
  if (rc != SQLITE_DONE)
    throw std::runtime_error("backup of " + from + " failed");
}

// OrderStatements are the statements duka's writer runs for one order of one item.
struct OrderStatements {
  explicit OrderStatements(Connection& c)
      : begin(c.prepare("BEGIN IMMEDIATE")),
        savepoint(c.prepare("SAVEPOINT duka_write")),
        release(c.prepare("RELEASE duka_write")),
        commit(c.prepare("COMMIT")),
        customer(c.prepare(
            "SELECT id, COALESCE(subject, ''), name, code, phone_number, COALESCE(email, ''), "
            "created_at, updated_at FROM customers_customers WHERE id = ?1")),
        item(c.prepare(
            "SELECT id, COALESCE(sku, ''), name, price_minor, on_hand, reserved, warn_limit, "
            "created_at, updated_at FROM inventory_items WHERE id = ?1")),
        order(c.prepare(
            "INSERT INTO orders_orders (customer_id, status, total_minor, currency, note, "
            "created_at, updated_at) VALUES (?1, 'pending', 9950, 'KES', '', ?2, ?2)")),
        line(
            c.prepare("INSERT INTO orders_lines (order_id, position, inventory_id, name, quantity, "
                      "unit_price_minor) VALUES (?1, 0, ?2, 'Bench item 1', 1, 9950)")),
        reserve(c.prepare(
            "UPDATE inventory_items SET reserved = reserved + 1, updated_at = ?2 WHERE id = ?1 "
            "AND on_hand - reserved >= 1")),
        audit(c.prepare(
            "INSERT INTO audit_log (at, action, actor, entity, entity_id, request_id, data) "
            "VALUES (?1, 'order.created', 'bench-subject', 'order', ?2, "
            "'bench-request-id-of-32-characters', ?3)")),
        seal(c.prepare("UPDATE audit_log SET seq = ?1, prev_hash = ?2, hash = ?2 WHERE id = ?3")),
        outbox(
            c.prepare("INSERT INTO sms_outbox (event, recipient, body, status, next_attempt_ms, "
                      "created_at, updated_at) VALUES ('order.created', '+254700000000', "
                      "'Dear Bench Shopper, your order has been placed.', 'queued', 0, ?1, ?1)")) {}

  sqlite3_stmt *begin, *savepoint, *release, *commit;
  sqlite3_stmt *customer, *item, *order, *line, *reserve, *audit, *seal, *outbox;
};

// DeliveryStatements write a webhook delivery in the order's transaction and settle it.
struct DeliveryStatements {
  DeliveryStatements(Connection& c, const std::string& table)
      : insert(c.prepare(
            ("INSERT INTO " + table +
             " (endpoint_id, message_id, event, event_id, entity, body, created_at, status, "
             "next_attempt_ms, updated_at) VALUES (?1, ?2, 'order.created', ?3, ?4, ?5, ?6, "
             "'queued', 0, ?6)")
                .c_str())),
        settle(c.prepare(("UPDATE " + table +
                          " SET status = 'delivered', attempts = 1, last_status_code = 204, "
                          "delivered_at = ?2, lease_until_ms = 0, updated_at = ?2 WHERE id = ?1")
                             .c_str())) {}

  sqlite3_stmt *insert, *settle;
};

// bareDeliveries makes a table of the deliveries' columns with no index but its key.
void bareDeliveries(Connection& c) {
  c.exec(
      "CREATE TABLE floor_bare_deliveries (id INTEGER PRIMARY KEY, endpoint_id BIGINT NOT NULL, "
      "message_id TEXT NOT NULL, event TEXT NOT NULL, event_id TEXT NOT NULL, entity TEXT NOT "
      "NULL, body TEXT NOT NULL, last_status_code INTEGER NOT NULL DEFAULT 0, delivered_at TEXT, "
      "created_at TEXT NOT NULL, status TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, "
      "next_attempt_ms BIGINT NOT NULL, lease_until_ms BIGINT NOT NULL DEFAULT 0, last_error "
      "TEXT NOT NULL DEFAULT '', updated_at TEXT NOT NULL)");
}

// cpuMicros is the CPU this process has used, user and system, in microseconds: the floor's
// figure, as duka's is its writer thread's CPU (a slow disk's fsync waits count in neither).
double cpuMicros() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) * 1e6 + static_cast<double>(t.tv_nsec) / 1e3;
}

// firstId is the smallest id of a table, the row the bench's orders use.
sqlite3_int64 firstId(Connection& c, const char* sql) {
  sqlite3_stmt* statement = c.prepare(sql);
  if (sqlite3_step(statement) != SQLITE_ROW)
    throw std::runtime_error(std::string("no row: ") + sql);
  const sqlite3_int64 id = sqlite3_column_int64(statement, 0);
  sqlite3_reset(statement);
  return id;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s DUKA_DB COPY [ORDERS [DELIVERIES [bare|bare-unsettled]]]\n",
                 argv[0]);
    return 2;
  }
  const int orders = argc > 3 ? std::max(kBatch, std::atoi(argv[3])) / kBatch * kBatch : 20000;
  const int deliveries = argc > 4 ? std::max(0, std::atoi(argv[4])) : 0;
  const std::string mode = argc > 5 ? argv[5] : "";
  const bool bare = mode == "bare" || mode == "bare-unsettled";
  const bool settled = mode != "bare-unsettled";
  try {
    copyDatabase(argv[1], argv[2]);
    Connection c(argv[2]);
    const sqlite3_int64 customerId = firstId(c, "SELECT MIN(id) FROM customers_customers");
    const sqlite3_int64 itemId = firstId(c, "SELECT MIN(id) FROM inventory_items");
    OrderStatements s(c);
    // The audit row's data: the order as duka's answer shows it, about 300 bytes.
    const std::string data =
        R"({"created_at":"2026-11-25T08:00:00Z","currency":"KES","customer_id":1,"id":1,)"
        R"("items":[{"inventory_id":1,"line_total":"99.50","name":"Bench item 1","quantity":1,)"
        R"("unit_price":"99.50"}],"note":"","status":"pending","total":"99.50",)"
        R"("updated_at":"2026-11-25T08:00:00Z"})";
    if (bare)
      bareDeliveries(c);
    std::optional<DeliveryStatements> d;
    if (deliveries > 0)
      d.emplace(c, bare ? "floor_bare_deliveries" : "webhooks_deliveries");
    std::vector<sqlite3_int64> deliveryIds;
    // A delivery's body: the order.created event as the webhooks plugin writes it.
    const std::string body = R"({"id":"evt_0123456789abcdefghijklmn","type":"order.created",)"
                             R"("timestamp":"2026-11-25T08:00:00Z","data":)" +
                             data + "}";
    const std::string hash(64, 'a');
    const char* at = "2026-11-25T08:00:00Z";
    std::vector<sqlite3_int64> auditIds;
    sqlite3_int64 sealed = firstId(c, "SELECT COALESCE(MAX(seq), 0) FROM audit_log");

    const auto start = std::chrono::steady_clock::now();
    const double cpuStart = cpuMicros();
    for (int done = 0; done < orders; done += kBatch) {
      c.run(s.begin);
      for (int i = 0; i < kBatch; ++i) {
        c.run(s.savepoint);
        sqlite3_bind_int64(s.customer, 1, customerId);
        c.run(s.customer);
        sqlite3_bind_int64(s.item, 1, itemId);
        c.run(s.item);
        sqlite3_bind_int64(s.order, 1, customerId);
        sqlite3_bind_text(s.order, 2, at, -1, SQLITE_STATIC);
        c.run(s.order);
        const sqlite3_int64 orderId = sqlite3_last_insert_rowid(c.handle());
        sqlite3_bind_int64(s.line, 1, orderId);
        sqlite3_bind_int64(s.line, 2, itemId);
        c.run(s.line);
        sqlite3_bind_int64(s.reserve, 1, itemId);
        sqlite3_bind_text(s.reserve, 2, at, -1, SQLITE_STATIC);
        c.run(s.reserve);
        if (sqlite3_changes(c.handle()) != 1)
          throw std::runtime_error("the reservation changed no row");
        c.run(s.item);  // the stock read back after the reservation
        const std::string entityId = std::to_string(orderId);
        sqlite3_bind_text(s.audit, 1, at, -1, SQLITE_STATIC);
        sqlite3_bind_text(s.audit, 2, entityId.c_str(), -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(s.audit, 3, data.c_str(), -1, SQLITE_STATIC);
        c.run(s.audit);
        auditIds.push_back(sqlite3_last_insert_rowid(c.handle()));
        c.run(s.customer);  // the SMS notifier reads the customer's phone number
        sqlite3_bind_text(s.outbox, 1, at, -1, SQLITE_STATIC);
        c.run(s.outbox);
        for (int n = 1; n <= deliveries; ++n) {
          sqlite3_bind_int64(d->insert, 1, n);
          sqlite3_bind_text(d->insert, 2, "msg_0123456789abcdefghijklmn", -1, SQLITE_STATIC);
          sqlite3_bind_text(d->insert, 3, "evt_0123456789abcdefghijklmn", -1, SQLITE_STATIC);
          const std::string entity = std::to_string(n) + ":order:" + entityId;
          sqlite3_bind_text(d->insert, 4, entity.c_str(), -1, SQLITE_TRANSIENT);
          sqlite3_bind_text(d->insert, 5, body.c_str(), -1, SQLITE_STATIC);
          sqlite3_bind_text(d->insert, 6, at, -1, SQLITE_STATIC);
          c.run(d->insert);
          deliveryIds.push_back(sqlite3_last_insert_rowid(c.handle()));
        }
        c.run(s.release);
      }
      // Each delivery settled delivered, in the batch's own transaction.
      for (std::size_t i = 0; settled && i < deliveryIds.size(); ++i) {
        sqlite3_bind_int64(d->settle, 1, deliveryIds[i]);
        sqlite3_bind_text(d->settle, 2, at, -1, SQLITE_STATIC);
        c.run(d->settle);
      }
      deliveryIds.clear();
      // The audit sealer's share: each row's seal, written by a later writer transaction
      // (in batches of up to 500: its reads are a few per batch, left out).
      for (const sqlite3_int64 id : auditIds) {
        sqlite3_bind_int64(s.seal, 1, ++sealed);
        sqlite3_bind_text(s.seal, 2, hash.c_str(), -1, SQLITE_STATIC);
        sqlite3_bind_int64(s.seal, 3, id);
        c.run(s.seal);
      }
      auditIds.clear();
      c.run(s.commit);
    }
    const double micros =
        std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start).count();
    std::printf("%.1f us per order (CPU; %.1f wall; %d orders)\n",
                (cpuMicros() - cpuStart) / orders, micros / orders, orders);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench_sqlite_floor: %s\n", e.what());
    return 1;
  }
  return 0;
}
