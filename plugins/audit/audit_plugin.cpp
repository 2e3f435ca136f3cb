// The audit plugin: one hash-chained row per event, written in the event's own
// transaction, never updated or deleted; the staff's view of it and its verification.
#include <duka/plugins/audit/audit_trail.hpp>
#include <duka/sdk.hpp>
#include <memory>

#include "audit_migrations.hpp"
#include "audit_repository.hpp"
#include "audit_routes.hpp"
#include "audit_sealer.hpp"

namespace duka::audit {

namespace {

class Trail : public AuditTrail {
 public:
  explicit Trail(AuditRepository& rows) : rows_(rows) {}
  Listing<AuditEntry> entries(const std::string& entity, const std::string& entityId,
                              const Page& page) const override {
    const Listing<AuditRow> rows = rows_.list({entity, entityId, "", "", ""}, page);
    Listing<AuditEntry> listing{rows.count, {}};
    for (const auto& row : rows.results)
      listing.results.push_back(entryOf(row));
    return listing;
  }

 private:
  AuditRepository& rows_;
};

}  // namespace

class AuditPlugin : public Plugin {
 public:
  PluginInfo info() const override {
    return {.name = "audit",
            .version = "1.0.0",
            .description = "Hash-chained log of every event",
            .requiredPlugins = {}};
  }

  std::vector<Migration> migrations() const override { return schema(); }

  void start(PluginContext& context) override {
    rows_ = std::make_unique<AuditRepository>(context.db());
    context.events().subscribe(
        "*", [this](const Event& event, Transaction& tx) { rows_->append(tx, rowOf(event)); });
    routes_ = std::make_unique<AuditRoutes>(*rows_);
    routes_->addTo(context.routes());
    context.services().provide<AuditTrail>(kAuditTrailService, std::make_shared<Trail>(*rows_));
    sealer_ = std::make_unique<AuditSealer>(context.db(), *rows_);
    context.every(AuditSealer::kInterval, "seal",
                  [this](std::stop_token stop) { sealer_->run(stop); });
    context.metrics().gauge("audit_unsealed_rows", "Audit rows committed but not yet sealed",
                            [this] { return static_cast<double>(sealer_->unsealedRows()); });
    context.metrics().gauge(
        "audit_seal_lag_seconds",
        "How long the oldest unsealed audit row has waited for its seal (0: none waits)",
        [this] { return sealer_->lagSeconds(); });
  }

 private:
  std::unique_ptr<AuditRepository> rows_;
  std::unique_ptr<AuditRoutes> routes_;
  std::unique_ptr<AuditSealer> sealer_;
};

}  // namespace duka::audit

DUKA_PLUGIN(duka::audit::AuditPlugin)
