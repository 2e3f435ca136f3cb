// The staff console: sign in, then the shop's screens. It calls duka's own API, from the
// same origin, and nothing else.
import { render } from "preact";
import { useEffect, useState } from "preact/hooks";
import { api, ApiError, hasSession, onSignedOut, signIn, signOut } from "./api.js";
import { finishOpenIdSignIn, startOpenIdSignIn } from "./openid.js";
import { useRoute } from "./route.js";
import { CustomerDetail, CustomerList, NewCustomer } from "./screens/customers.jsx";
import { ItemDetail, ItemList, NewItem } from "./screens/inventory.jsx";
import { OrderDetail, OrderList } from "./screens/orders.jsx";
import { Payments } from "./screens/payments.jsx";
import { Plugins } from "./screens/plugins.jsx";
import { Reports } from "./screens/reports.jsx";
import { Field, Heading, ProblemBox } from "./ui.jsx";
import "./style.css";

const SCREENS = [
  ["orders", "Orders"],
  ["inventory", "Inventory"],
  ["customers", "Customers"],
  ["payments", "Payments"],
  ["reports", "Reports"],
  ["plugins", "Plugins"],
];

function SignIn({ onSignedIn, openIdError }) {
  const [options, setOptions] = useState(null);
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState(openIdError);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    fetch("/api/login/options/")
      .then((response) => response.json())
      .then(setOptions, () => setOptions({ password: true }));
  }, []);
  const openId = async () => {
    setBusy(true);
    try {
      await startOpenIdSignIn(options);
    } catch (caught) {
      setError(new ApiError(0, { detail: String(caught.message || caught) }));
      setBusy(false);
    }
  };
  const submit = async (event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signIn({ username, password });
      onSignedIn();
    } catch (caught) {
      setError(
        caught.status === 401
          ? new ApiError(401, { detail: "The username or password is wrong." })
          : caught,
      );
    }
    setBusy(false);
  };
  return (
    <main class="sign-in">
      <Heading>duka console</Heading>
      {options?.openid && (
        <p>
          {options.authorization_endpoint ? (
            <button type="button" disabled={busy} onClick={openId}>
              Sign in with your organisation's account
            </button>
          ) : (
            "The sign-in provider cannot be reached now."
          )}
        </p>
      )}
      {options && !options.password && <ProblemBox error={error} />}
      {options?.password && (
        <form onSubmit={submit} aria-label="Sign in">
          <Field
            label="Username"
            name="username"
            value={username}
            onInput={setUsername}
            autocomplete="username"
            required
          />
          <Field
            label="Password"
            name="password"
            type="password"
            value={password}
            onInput={setPassword}
            autocomplete="current-password"
            required
          />
          <ProblemBox error={error} />
          <button type="submit" disabled={busy}>
            Sign in
          </button>
        </form>
      )}
    </main>
  );
}

function Screen({ screen, id }) {
  if (screen === "orders") return id ? <OrderDetail id={id} /> : <OrderList />;
  if (screen === "inventory")
    return id === "new" ? <NewItem /> : id ? <ItemDetail id={id} /> : <ItemList />;
  if (screen === "customers")
    return id === "new" ? <NewCustomer /> : id ? <CustomerDetail id={id} /> : <CustomerList />;
  if (screen === "payments") return <Payments />;
  if (screen === "reports") return <Reports />;
  if (screen === "plugins") return <Plugins />;
  return <Heading>Nothing here</Heading>;
}

function Shell({ me }) {
  const route = useRoute();
  return (
    <>
      <a class="skip" href="#main" onClick={(event) => (event.preventDefault(), document.getElementById("main").focus())}>
        Skip to the screen
      </a>
      <header>
        <span class="brand">duka</span>
        <nav aria-label="Screens">
          {SCREENS.map(([screen, label]) => (
            <a
              key={screen}
              href={`#/${screen}`}
              aria-current={route.screen === screen ? "page" : undefined}
            >
              {label}
            </a>
          ))}
        </nav>
        <span class="who">{me.username}</span>
        <button type="button" onClick={signOut}>
          Sign out
        </button>
      </header>
      <main id="main" tabIndex={-1}>
        <Screen key={`${route.screen}/${route.id}`} screen={route.screen} id={route.id} />
      </main>
    </>
  );
}

function App() {
  const [me, setMe] = useState(null);
  const [checking, setChecking] = useState(true);
  const [error, setError] = useState(null);
  const [openIdError, setOpenIdError] = useState(null);
  const whoAmI = () => {
    setChecking(true);
    api("GET", "/api/me/").then(
      (principal) => {
        setMe(principal);
        setChecking(false);
      },
      (caught) => {
        if (caught.status !== 401) setError(caught);
        setChecking(false);
      },
    );
  };
  useEffect(() => {
    finishOpenIdSignIn().then(
      () => (hasSession() ? whoAmI() : setChecking(false)),
      (caught) => {
        setOpenIdError(
          caught instanceof ApiError
            ? new ApiError(caught.status, { detail: "The sign-in provider's answer was refused." })
            : new ApiError(0, { detail: caught.message }),
        );
        setChecking(false);
      },
    );
    return onSignedOut(() => setMe(null));
  }, []);
  if (checking) return <p role="status">Loading…</p>;
  if (error) return <ProblemBox error={error} />;
  if (!me) return <SignIn onSignedIn={whoAmI} openIdError={openIdError} />;
  if (!me.staff)
    return (
      <main class="sign-in">
        <Heading>For staff only</Heading>
        <p>The console is for the shop's staff. {me.username} is not a staff account.</p>
        <button type="button" onClick={signOut}>
          Sign out
        </button>
      </main>
    );
  return <Shell me={me} />;
}

render(<App />, document.getElementById("app"));
