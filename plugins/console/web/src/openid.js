// Signing in with the shop's OpenID provider: the authorization code flow with PKCE (RFC
// 7636, S256). The verifier and state wait in sessionStorage while the browser is at the
// provider; duka exchanges the code (POST /api/login/) with its client secret.
import { signIn } from "./api.js";

const PENDING = "duka.openid";

function base64url(bytes) {
  return btoa(String.fromCharCode(...new Uint8Array(bytes)))
    .replaceAll("+", "-")
    .replaceAll("/", "_")
    .replace(/=+$/, "");
}

function randomText() {
  return base64url(crypto.getRandomValues(new Uint8Array(32)));
}

// The page the provider sends the browser back to: the console itself.
function redirectUri() {
  return `${location.origin}/console/`;
}

// startOpenIdSignIn sends the browser to the provider.
export async function startOpenIdSignIn(options) {
  const verifier = randomText();
  const state = randomText();
  const challenge = base64url(
    await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier)),
  );
  sessionStorage.setItem(PENDING, JSON.stringify({ verifier, state }));
  const url = new URL(options.authorization_endpoint);
  url.search = new URLSearchParams({
    response_type: "code",
    client_id: options.client_id,
    redirect_uri: redirectUri(),
    scope: options.scope,
    state,
    code_challenge: challenge,
    code_challenge_method: "S256",
  }).toString();
  location.assign(url.toString());
}

// finishOpenIdSignIn signs in with the code the provider sent back, if this page load
// carries one: true when it did; it throws when the provider refused or duka did.
export async function finishOpenIdSignIn() {
  const answer = new URLSearchParams(location.search);
  if (!answer.has("code") && !answer.has("error")) return false;
  const pending = JSON.parse(sessionStorage.getItem(PENDING) || "null");
  sessionStorage.removeItem(PENDING);
  // The code leaves the address bar and the history at once.
  history.replaceState(null, "", `/console/${location.hash}`);
  if (answer.has("error"))
    throw new Error(`The sign-in provider said: ${answer.get("error_description") || answer.get("error")}`);
  if (!pending || pending.state !== answer.get("state"))
    throw new Error("That sign-in was not started here; sign in again.");
  await signIn({
    code: answer.get("code"),
    redirect_uri: redirectUri(),
    code_verifier: pending.verifier,
  });
  return true;
}
