// Drives an authorization code flow with PKCE through the dev interactions of server.mjs,
// as a browser would, without one. Prints one JSON line:
//   {"code","code_verifier","redirect_uri"}           (mode "code": for duka to exchange)
//   {"id_token","access_token"}                       (mode "tokens": exchanged here)
//
//   node login-flow.mjs <issuer> <account> <client_secret> <redirect_uri> <code|tokens>
import { createHash, randomBytes } from 'node:crypto';

const [issuer, account, clientSecret, redirectUri, mode = 'code'] = process.argv.slice(2);
const cookies = new Map();

function remember(response) {
  for (const line of response.headers.getSetCookie()) {
    const [pair] = line.split(';');
    const at = pair.indexOf('=');
    cookies.set(pair.slice(0, at), pair.slice(at + 1));
  }
}

async function go(url, options = {}) {
  const headers = { ...(options.headers ?? {}), cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; ') };
  const response = await fetch(new URL(url, issuer), { ...options, headers, redirect: 'manual' });
  remember(response);
  return response;
}

// follow walks redirects until one leaves the provider (the redirect_uri) or a page answers.
async function follow(response) {
  while (response.status >= 300 && response.status < 400) {
    const location = response.headers.get('location');
    if (location.startsWith(redirectUri)) return new URL(location);
    response = await go(location);
  }
  return response;
}

const verifier = randomBytes(32).toString('base64url');
const challenge = createHash('sha256').update(verifier).digest('base64url');
const authorize = new URL('/auth', issuer);
authorize.search = new URLSearchParams({
  client_id: 'duka', response_type: 'code', scope: 'openid profile email',
  redirect_uri: redirectUri, code_challenge: challenge, code_challenge_method: 'S256',
  state: randomBytes(8).toString('hex'), nonce: randomBytes(8).toString('hex'),
}).toString();

let result = await follow(await go(authorize));
for (let step = 0; step < 5 && !(result instanceof URL); step += 1) {
  const page = await result.text();
  const action = page.match(/action="([^"]+)"/)?.[1];
  if (!action) throw new Error(`no form on the page: ${page.slice(0, 300)}`);
  const prompt = page.includes('name="prompt" value="login"') ? 'login' : 'consent';
  const body = new URLSearchParams(prompt === 'login' ? { prompt, login: account, password: 'any' } : { prompt });
  result = await follow(await go(action, {
    method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' },
  }));
}
if (!(result instanceof URL)) throw new Error('the flow did not reach the redirect_uri');
const code = result.searchParams.get('code');
if (!code) throw new Error(`no code: ${result}`);

if (mode === 'code') {
  console.log(JSON.stringify({ code, code_verifier: verifier, redirect_uri: redirectUri }));
} else {
  const response = await fetch(new URL('/token', issuer), {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${Buffer.from(`duka:${clientSecret}`).toString('base64')}`,
    },
    body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: redirectUri, code_verifier: verifier }),
  });
  const tokens = await response.json();
  if (!tokens.id_token) throw new Error(`token endpoint: ${JSON.stringify(tokens)}`);
  console.log(JSON.stringify({ id_token: tokens.id_token, access_token: tokens.access_token }));
}
