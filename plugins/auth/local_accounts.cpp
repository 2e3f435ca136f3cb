#include "local_accounts.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/TextIterator.h>
#include <Poco/UTF8Encoding.h>
#include <Poco/UUIDGenerator.h>
#include <Poco/Unicode.h>

#include <duka/plugins/auth/auth_events.hpp>
#include <duka/shape.hpp>
#include <stdexcept>
#include <vector>

namespace duka::auth {

namespace {

constexpr std::size_t kMaxUsernameLength = 150;

// decode returns the code points of UTF-8 text, or nothing when it is not valid UTF-8.
std::optional<std::vector<int>> decode(const std::string& text) {
  Poco::UTF8Encoding utf8;
  std::vector<int> out;
  for (Poco::TextIterator it(text, utf8), end(text); it != end; ++it) {
    const int c = *it;
    if (c < 0)
      return std::nullopt;
    out.push_back(c);
  }
  return out;
}

std::string usernameProblem(const std::string& username) {
  const auto chars = decode(username);
  if (!chars)
    return "must be valid UTF-8";
  if (chars->empty())
    return "must not be empty";
  if (chars->size() > kMaxUsernameLength)
    return "must be at most 150 characters";
  for (int c : *chars) {
    Poco::Unicode::CharacterProperties properties;
    Poco::Unicode::properties(c, properties);
    if (properties.category == Poco::Unicode::UCP_OTHER ||
        properties.category == Poco::Unicode::UCP_SEPARATOR) {
      return "must not contain blanks or control characters";
    }
  }
  return "";
}

}  // namespace

FieldErrors LocalAccounts::validate(const NewAccount& account) {
  FieldErrors errors;
  if (const std::string problem = usernameProblem(account.username); !problem.empty())
    errors["username"].push_back(problem);
  const auto password = decode(account.password);
  if (!password)
    errors["password"].push_back("must be valid UTF-8");
  else if (password->size() < kMinPasswordLength)
    errors["password"].push_back("must be at least 8 characters");
  else if (account.password.size() > kMaxPasswordBytes)
    errors["password"].push_back("must be at most 1024 bytes");
  if (!account.email.empty()) {
    if (!isEmailAddress(account.email))
      errors["email"].push_back("must be an email address");
  }
  return errors;
}

RegisteredUser registeredUser(const Account& account) {
  RegisteredUser user{account.subject, account.username, account.email, {}, account.createdAt};
  if (account.staff)
    user.roles.emplace_back(kStaffRole);
  return user;
}

std::optional<Account> LocalAccounts::create(Transaction& tx, const NewAccount& fresh,
                                             const std::string& passwordHash) {
  Account account;
  account.subject = Poco::UUIDGenerator::defaultGenerator().createRandom().toString();
  account.username = fresh.username;
  account.email = fresh.email;
  account.passwordHash = passwordHash;
  account.staff = fresh.staff;
  if (!accounts_.insertLocal(tx, account))
    return std::nullopt;
  tx.publish(kUserRegistered, registeredUser(account));
  return account;
}

std::optional<Account> LocalAccounts::authenticate(const std::string& username,
                                                   const std::string& password) {
  const auto account = accounts_.findLocal(username);
  if (!account || account->passwordHash.empty()) {
    hasher_.burn(password);
    return std::nullopt;
  }
  if (!hasher_.verify(password, account->passwordHash))
    return std::nullopt;
  return account;
}

void LocalAccounts::addLocalAccount(const std::string& username, const std::string& password,
                                    bool staff) {
  const NewAccount fresh{username, password, "", staff};
  const FieldErrors errors = validate(fresh);
  if (!errors.empty()) {
    std::string message;
    for (const auto& [field, problems] : errors) {
      for (const auto& problem : problems)
        message += (message.empty() ? "" : "; ") + field + " " + problem;
    }
    throw std::invalid_argument(message);
  }
  const std::string hash = hasher_.hash(password);
  const bool created = db_.transact(EventContext::system("duka --add-user"), [&](Transaction& tx) {
    return create(tx, fresh, hash).has_value();
  });
  if (!created)
    throw std::runtime_error("the username is taken");
}

}  // namespace duka::auth
