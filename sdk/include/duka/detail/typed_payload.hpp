// duka/detail/typed_payload.hpp: an event's payload as the publisher's own object, handed to
// the typed subscribers that run in its transaction, so that they skip reading the JSON back.
// Not API: included by duka/events.hpp.
#pragma once

#include "duka/shape.hpp"

namespace duka::detail {

// TypedPayload is the published object and the shape it was published with; empty outside
// the publisher's transaction (after-commit subscribers read the JSON).
struct TypedPayload {
  const void* object = nullptr;
  const ShapeSchema* shape = nullptr;
};

// withPayload calls fn with the event's payload as a P: the publisher's object when it was
// published with this shape, else read from the JSON.
template <class P, class E, class F>
void withPayload(const Shape<P>& shape, const E& event, F&& fn) {
  if (event.typed.object && event.typed.shape == &shape)
    fn(*static_cast<const P*>(event.typed.object));
  else
    fn(shape.view(event.payload));
}

}  // namespace duka::detail
