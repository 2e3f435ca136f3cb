#include "ussd_menu.hpp"

#include <duka/facility/money.hpp>
#include <duka/http.hpp>
#include <map>
#include <optional>
#include <vector>

#include "gsm_text.hpp"

namespace duka::ussd {

namespace {

constexpr std::size_t kMaxSteps = 40;
constexpr std::size_t kMaxText = 400;
constexpr int kMore = 98;
constexpr int kLatestOrders = 5;
// Room kept on every screen for a one-line notice above it ("Invalid choice.", "Only 12
// left."), so a list shows the same lines with or without one, and a choice means the same.
constexpr std::size_t kNoticeRoom = 20;
constexpr std::size_t kRoom = kMaxAnswer - 4;  // after "CON " or "END "

enum class Kind { Main, Items, Quantity, Confirm, Placed, Orders, Order, Payable };

struct Screen {
  Kind kind = Kind::Main;
  std::int64_t offset = 0;  // Items, Orders, Payable: the first line's place in the list
  std::int64_t id = 0;      // Quantity, Confirm: the item; Placed, Order: the order
  std::int64_t quantity = 0;
};

// ListPage is what a list screen shows: its lines (without their numbers), what each line
// stands for, and whether more follow.
struct ListPage {
  std::string header;
  std::vector<std::string> lines;
  std::vector<std::int64_t> ids;
  bool more = false;
};

// choice reads a menu input: 1 to 4 digits without a leading zero; none for anything else.
std::optional<int> choice(const std::string& step) {
  if (step.empty() || step.size() > 4 || step[0] == '0' ||
      step.find_first_not_of("0123456789") != std::string::npos)
    return std::nullopt;
  return std::stoi(step);
}

std::vector<std::string> split(const std::string& text) {
  std::vector<std::string> steps;
  if (text.empty())
    return steps;
  std::size_t from = 0;
  for (;;) {
    const std::size_t star = text.find('*', from);
    steps.push_back(text.substr(from, star == std::string::npos ? std::string::npos : star - from));
    if (star == std::string::npos)
      return steps;
    from = star + 1;
  }
}

std::string trimmed(const std::string& text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string::npos)
    return "";
  return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

std::string lowered(std::string text) {
  for (char& c : text) {
    if (c >= 'A' && c <= 'Z')
      c = static_cast<char>(c - 'A' + 'a');
  }
  return text;
}

// nameOf is a registration input as the customer's name, or "" when it is not one: 2 to 40
// characters with a letter in them.
std::string nameOf(const std::string& step) {
  const std::string name = toGsm(trimmed(step));
  const std::size_t length = characters(name);
  const bool letter = name.find_first_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz") !=
                      std::string::npos;
  return length >= 2 && length <= 40 && letter ? name : "";
}

std::string money(std::int64_t minor) {
  return formatMoney(minor);
}

// fitted is text cut to at most room characters.
std::string fitted(const std::string& text, std::size_t room) {
  return characters(text) <= room ? text : clip(text, room);
}

// Outcome is what one step did to the screens.
struct Outcome {
  enum class What { Push, Stay, Invalid, Notice, End } what = What::Stay;
  Screen screen;       // Push
  std::string notice;  // Notice: a line above the same screen; End: the last words
};

class Run {
 public:
  Run(const UssdSettings& settings, ShopCounter& counter, const UssdCall& call)
      : settings_(settings), counter_(counter), call_(call) {}

  std::string answer() {
    if (call_.text.size() > kMaxText)
      return end("Too many steps. Please dial again.");
    std::vector<std::string> steps = split(call_.text);
    if (steps.size() > kMaxSteps)
      return end("Too many steps. Please dial again.");
    customer_ = counter_.customer(call_.phone);
    if (!customer_) {
      if (!settings_.selfRegistration)
        return end("This number is not registered with " + settings_.shopName +
                   ". Please ask the shop to add it.");
      if (steps.empty())
        return more("Welcome to " + settings_.shopName + ".\nEnter your name to register:");
      const std::string name = nameOf(steps.front());
      if (name.empty())
        return more("Please enter your name (2 to 40 characters):");
      customer_ = counter_.enrol(name, call_.phone);
      steps.erase(steps.begin());
    } else if (!steps.empty() && !choice(steps.front()) && steps.front() != "0" &&
               steps.front() != "00" &&
               lowered(nameOf(steps.front())) == lowered(customer_->name)) {
      steps.erase(steps.begin());  // the name this session registered with
    }

    std::vector<Screen> stack{Screen{}};
    std::string notice;
    for (std::size_t i = 0; i < steps.size(); ++i) {
      notice.clear();
      const std::string& step = steps[i];
      if (step == "00") {
        stack.assign(1, Screen{});
        continue;
      }
      if (step == "0") {
        if (stack.size() > 1)
          stack.pop_back();
        continue;
      }
      const Outcome outcome = move(stack.back(), step);
      switch (outcome.what) {
        case Outcome::What::Push:
          stack.push_back(outcome.screen);
          break;
        case Outcome::What::Stay:
          break;
        case Outcome::What::Invalid:
          notice = "Invalid choice.";
          break;
        case Outcome::What::Notice:
          notice = outcome.notice;
          break;
        case Outcome::What::End:
          return end(outcome.notice);
      }
    }
    return show(stack.back(), notice);
  }

 private:
  std::string more(const std::string& text) const { return "CON " + fitted(toGsm(text), kRoom); }
  std::string end(const std::string& text) const { return "END " + fitted(toGsm(text), kRoom); }

  // show renders a screen, with a notice line above it.
  std::string show(const Screen& screen, const std::string& notice) {
    const std::string top = notice.empty() ? "" : notice + "\n";
    switch (screen.kind) {
      case Kind::Main:
        return more(top + fitted(toGsm(settings_.shopName), 40) +
                    "\n1 Place an order\n2 My orders\n3 Pay an order");
      case Kind::Items:
        return more(top + listing(items(screen.offset)));
      case Kind::Orders:
        return more(top + listing(orders(screen.offset, false)));
      case Kind::Payable:
        return more(top + listing(orders(screen.offset, true)));
      case Kind::Quantity: {
        const auto item = itemOf(screen.id);
        const std::string tail = ", " + counter_.currency() + " " +
                                 money(item ? item->priceMinor : 0) + "\nQuantity? (1-" +
                                 std::to_string(settings_.maxQuantity) + ")";
        return more(top + named(item ? item->name : "?", tail));
      }
      case Kind::Confirm: {
        const auto item = itemOf(screen.id);
        const std::int64_t total = (item ? item->priceMinor : 0) * screen.quantity;
        const std::string tail =
            "\nTotal " + counter_.currency() + " " + money(total) + "\n1 Confirm\n2 Cancel";
        return more(top + std::to_string(screen.quantity) + " x " +
                    named(item ? item->name : "?", tail));
      }
      case Kind::Placed: {
        const auto order = find(screen.id);  // the request's own read of the latest orders
        const std::string total =
            order ? ", " + order->currency + " " + money(order->totalMinor) : "";
        return more(top + "Order #" + std::to_string(screen.id) + " placed" + total +
                    ".\n1 Pay now with M-Pesa\n2 Pay later");
      }
      case Kind::Order: {
        const auto order = find(screen.id);
        if (!order)
          return more(top + "No such order.\n0 Back");
        std::string text =
            "#" + std::to_string(order->id) + " " + order->status + ", " +
            std::to_string(order->lines.size()) + (order->lines.size() == 1 ? " item" : " items") +
            "\n" + order->currency + " " + money(order->totalMinor) + " " + order->paymentStatus;
        if (order->status == orders::kPending)
          text += "\n1 Cancel";
        return more(top + text + "\n0 Back");
      }
    }
    return more(top);
  }

  // named is a screen of a name then tail, the name cut when the two would not fit.
  std::string named(const std::string& name, const std::string& tail) const {
    const std::size_t room = kRoom - kNoticeRoom - 8;  // 8: "999 x " before it
    const std::size_t tailLength = characters(tail);
    return fitted(toGsm(name), room > tailLength ? room - tailLength : 1) + tail;
  }

  // listing renders a list page: its header, numbered lines, "98 More" and "0 Back".
  static std::string listing(const ListPage& page) {
    std::string text = page.header;
    for (std::size_t i = 0; i < page.lines.size(); ++i) {
      // Appended piece by piece: "\n" + std::string&& trips GCC 12's -Wrestrict (a false
      // report, GCC bug 105329) in Release.
      text += '\n';
      text += std::to_string(i + 1);
      text += ' ';
      text += page.lines[i];
    }
    if (page.more)
      text += "\n98 More";
    return text + "\n0 Back";
  }

  // fit keeps as many of page's candidate lines as fit on a screen (at least one, cut when
  // it alone is too long); more is set when any is left out.
  static ListPage fit(ListPage page, bool moreBeyond) {
    const auto size = [](const ListPage& p) { return characters(listing(p)); };
    const std::size_t room = kRoom - kNoticeRoom;
    page.more = moreBeyond;
    while (page.lines.size() > 1 && size(page) > room) {
      page.lines.pop_back();
      page.ids.pop_back();
      page.more = true;
    }
    if (!page.lines.empty() && size(page) > room) {
      const std::size_t over = size(page) - room;
      const std::size_t length = characters(page.lines[0]);
      page.lines[0] = clip(page.lines[0], length > over ? length - over : 1);
    }
    return page;
  }

  const ListPage& items(std::int64_t offset) {
    if (const auto cached = itemPages_.find(offset); cached != itemPages_.end())
      return cached->second;
    const auto found = counter_.inStock(offset, settings_.pageSize + 1);
    ListPage page;
    page.header = "Items, " + counter_.currency() + ":";
    for (std::size_t i = 0; i < found.size() && i < static_cast<std::size_t>(settings_.pageSize);
         ++i) {
      page.lines.push_back(toGsm(found[i].name) + " " +
                           (found[i].available() > 0 ? money(found[i].priceMinor) : "sold out"));
      page.ids.push_back(found[i].id);
    }
    if (page.lines.empty())
      page.header = "Nothing is in stock now.";
    return itemPages_[offset] =
               fit(page, found.size() > static_cast<std::size_t>(settings_.pageSize));
  }

  const ListPage& orders(std::int64_t offset, bool payable) {
    auto& cache = payable ? payablePages_ : orderPages_;
    if (const auto cached = cache.find(offset); cached != cache.end())
      return cached->second;
    const auto& all = latest(payable);
    ListPage page;
    page.header = payable ? "Pay which order?" : "My orders:";
    for (std::size_t i = static_cast<std::size_t>(offset); i < all.size(); ++i) {
      const auto& order = all[i];
      page.lines.push_back("#" + std::to_string(order.id) + " " + order.status + " " +
                           order.currency + " " + money(order.totalMinor) + " " +
                           order.paymentStatus);
      page.ids.push_back(order.id);
    }
    if (page.lines.empty())
      page.header = payable ? "You have no order to pay." : "You have no orders yet.";
    return cache[offset] = fit(page, false);
  }

  // itemOf is the item as this request first read it (a replay asks for one item on several
  // screens).
  const std::optional<inventory::Item>& itemOf(std::int64_t id) {
    if (const auto read = items_.find(id); read != items_.end())
      return read->second;
    return items_[id] = counter_.item(id);
  }

  // availableOf is how much of item this replay counts on for wanted of it: what is
  // available, and when that is short, what this session's own order holds of it too.
  // Africa's Talking repeats a step whose answer it did not get: the order placed at the
  // final step's first try took its stock, and its replay must still reach that order, not
  // find the item sold out or short and answer something else.
  std::int64_t availableOf(const inventory::Item& item, std::int64_t wanted) {
    const std::int64_t available = std::max<std::int64_t>(item.available(), 0);
    if (available >= wanted)
      return available;
    if (!own_)
      own_ = counter_.placedIn(call_.sessionId);
    std::int64_t held = 0;
    if (*own_ && (*own_)->status != orders::kCancelled) {
      for (const auto& line : (*own_)->lines)
        held += line.inventoryId == item.id ? line.quantity : 0;
    }
    return available + held;
  }

  const std::vector<orders::Order>& latest(bool payable) {
    auto& cached = payable ? payable_ : latest_;
    if (!cached)
      cached = counter_.latest(customer_->id, kLatestOrders, payable);
    return *cached;
  }

  // find is one of the caller's orders the menu listed (the latest, or the payable ones).
  std::optional<orders::Order> find(std::int64_t id) {
    for (const bool payable : {false, true}) {
      for (const auto& order : latest(payable)) {
        if (order.id == id)
          return order;
      }
    }
    return std::nullopt;
  }

  // move is what input step does on screen. Earlier steps are replayed against the shop as it
  // is now: when it changed meanwhile (less stock), the caller is shown the screen the
  // change leads to (the quantity asked again, a new confirmation), and an order is placed
  // only from the confirmation this replay shows, with its stock checked as it is placed.
  Outcome move(const Screen& screen, const std::string& step) {
    const auto picked = choice(step);
    const auto push = [](Screen next) { return Outcome{Outcome::What::Push, next, ""}; };
    const Outcome invalid{Outcome::What::Invalid, {}, ""};
    switch (screen.kind) {
      case Kind::Main:
        if (picked == 1)
          return push({Kind::Items, 0});
        if (picked == 2)
          return push({Kind::Orders, 0});
        if (picked == 3) {
          if (!counter_.canPay())
            return {Outcome::What::End, {}, "Paying by phone is not available here."};
          return push({Kind::Payable, 0});
        }
        return invalid;
      case Kind::Items:
      case Kind::Orders:
      case Kind::Payable: {
        const ListPage& page = screen.kind == Kind::Items
                                   ? items(screen.offset)
                                   : orders(screen.offset, screen.kind == Kind::Payable);
        if (picked == kMore && page.more)
          return push({screen.kind, screen.offset + static_cast<std::int64_t>(page.lines.size())});
        if (!picked || *picked < 1 || static_cast<std::size_t>(*picked) > page.ids.size())
          return invalid;
        const std::int64_t id = page.ids[static_cast<std::size_t>(*picked) - 1];
        if (screen.kind == Kind::Items) {
          const auto item = itemOf(id);
          if (!item || availableOf(*item, 1) <= 0)
            return {Outcome::What::Notice, {}, "Sorry, that item is sold out."};
          return push({Kind::Quantity, 0, id});
        }
        if (screen.kind == Kind::Orders)
          return push({Kind::Order, 0, id});
        return pay(id);
      }
      case Kind::Quantity: {
        if (!picked || *picked > settings_.maxQuantity)
          return invalid;
        const auto item = itemOf(screen.id);
        const std::int64_t left = item ? availableOf(*item, *picked) : 0;
        if (left <= 0)
          return {Outcome::What::End, {}, "Sorry, that item is out of stock now."};
        if (*picked > left)
          return {Outcome::What::Notice, {}, "Only " + std::to_string(left) + " left."};
        return push({Kind::Confirm, 0, screen.id, *picked});
      }
      case Kind::Confirm:
        if (picked == 2)
          return {Outcome::What::End, {}, "Order not placed. Goodbye."};
        if (picked != 1)
          return invalid;
        return place(screen);
      case Kind::Placed:
        if (picked == 1)
          return pay(screen.id);
        if (picked == 2)
          return {Outcome::What::End,
                  {},
                  "Order #" + std::to_string(screen.id) + " placed. Pay any time: 3 on the menu."};
        return invalid;
      case Kind::Order: {
        const auto order = find(screen.id);
        if (picked != 1 || !order || order->status != orders::kPending)
          return invalid;
        try {
          counter_.cancel(order->id, customer_->id);
        } catch (const HttpError&) {
          return {Outcome::What::End,
                  {},
                  "Order #" + std::to_string(order->id) + " can no longer be cancelled."};
        }
        return {Outcome::What::End, {}, "Order #" + std::to_string(order->id) + " cancelled."};
      }
    }
    return invalid;
  }

  Outcome place(const Screen& screen) {
    orders::Order order;
    try {
      order = counter_.placeOnce(call_.sessionId, customer_->id, screen.id, screen.quantity);
    } catch (const HttpError&) {
      return {Outcome::What::End, {}, "Sorry, there is not enough of that item left now."};
    }
    latest_.reset();
    payable_.reset();
    own_ = order;
    if (counter_.canPay())
      return {Outcome::What::Push, {Kind::Placed, 0, order.id}, ""};
    return {Outcome::What::End,
            {},
            "Order #" + std::to_string(order.id) + " placed, " + order.currency + " " +
                money(order.totalMinor) + ". Thank you!"};
  }

  Outcome pay(std::int64_t orderId) {
    if (!counter_.canPay())
      return {Outcome::What::End, {}, "Paying by phone is not available here."};
    latest_.reset();
    payable_.reset();
    const auto order = find(orderId);
    if (!order || order->status == orders::kCancelled || order->paymentStatus == orders::kPaid)
      return {Outcome::What::End, {}, "That order needs no payment."};
    try {
      counter_.pay(*order, call_.phone);
    } catch (const HttpError& e) {
      // 409: a push for the order waits on the phone already (this step again, or another
      // session's): the caller has what it asked for.
      if (e.status() == 409)
        return {
            Outcome::What::End,
            {},
            "A request to pay order #" + std::to_string(order->id) + " is on your phone already."};
      return {Outcome::What::End, {}, "M-Pesa cannot take this payment now. Please try later."};
    }
    return {Outcome::What::End,
            {},
            "Check your phone to pay " + order->currency + " " +
                money(order->totalMinor - order->paidTotalMinor) + " for order #" +
                std::to_string(order->id) + "."};
  }

  const UssdSettings& settings_;
  ShopCounter& counter_;
  const UssdCall& call_;
  std::optional<customers::Customer> customer_;
  std::map<std::int64_t, ListPage> itemPages_, orderPages_, payablePages_;
  std::map<std::int64_t, std::optional<inventory::Item>> items_;
  std::optional<std::vector<orders::Order>> latest_, payable_;
  std::optional<std::optional<orders::Order>> own_;  // the session's order, once read
};

}  // namespace

std::string UssdMenu::answer(const UssdCall& call) const {
  return Run(settings_, counter_, call).answer();
}

}  // namespace duka::ussd
