// duka/detail/row_callback.hpp: SqlRowCallback, how run() takes a lambda for its rows without
// copying or allocating. Not API: included by duka/sql.hpp.
#pragma once

#include <type_traits>

namespace duka {

class SqlRow;

// SqlRowCallback refers to a callable taking const SqlRow& (a lambda) for one call.
class SqlRowCallback {
 public:
  SqlRowCallback() = default;
  template <class F, class = std::enable_if_t<std::is_invocable_v<F&, const SqlRow&> &&
                                              !std::is_same_v<std::decay_t<F>, SqlRowCallback>>>
  SqlRowCallback(F&& fn)  // NOLINT(google-explicit-constructor): a lambda converts implicitly
      : target_(const_cast<void*>(static_cast<const void*>(&fn))),
        call_([](void* f, const SqlRow& row) {
          (*static_cast<std::remove_reference_t<F>*>(f))(row);
        }) {}
  explicit operator bool() const { return call_ != nullptr; }
  void operator()(const SqlRow& row) const { call_(target_, row); }

 private:
  void* target_ = nullptr;
  void (*call_)(void*, const SqlRow&) = nullptr;
};

}  // namespace duka
